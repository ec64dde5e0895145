import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// Runner helpers on TestSupport's `Scratch` folder.
extension Scratch {
  /// Writes a notebook and returns its path.
  func notebook(_ name: String, _ text: String) -> String {
    let file = write(name, text)
    #expect(file != nil, "could not write \(name)")
    return path + "/" + name
  }

  /// Settings writing to `out/` here, describing the fixed `testHost` (never this machine).
  func settings(
    _ environment: [String: String] = [:], overrides: [String] = [],
    host: HostDescription = testHost
  ) -> RunSettings {
    RunSettings(
      outputFolder: path + "/out", parameterOverrides: overrides, dataFolder: nil,
      environment: environment, threads: 2, host: host)
  }
}

/// The machine every test report describes: fixed, so no report depends on the host's CPU.
let testHost = HostDescription(
  cpuFeatures: ["fixed test host", "features injected by the test"], threads: 2,
  engineVersion: QuantbookVersion.string, integerKernels: "int8/int4: injected test kernels")

/// A small notebook on synthetic data that trains, sweeps and quantizes in about a second.
let smallNotebook = """
  ---
  title: Small <run> & "check"
  seed: 5
  params:
    epochs: 1
  ---

  # Small run

  Accuracy: `= base.accuracy`.

  ```quant
  data = synthetic(train: 300, test: 100)
  cnn = sequential(input: 28x28x1) [
    conv2d(4, kernel: 3, activation: relu)
    maxpool(2)
    flatten()
    dense(10, activation: softmax)
  ]
  net = train(cnn, on: data.train, epochs: epochs, batch: 30, optimizer: adam(lr: 0.003))
  base = evaluate(net, on: data.test)
  ```

  ```quant
  #| caption: Bits
  for bits in [8, 2] {
    q = quantize(net, bits: bits)
    evaluate(q, on: data.test)
  }
  ```

  """
