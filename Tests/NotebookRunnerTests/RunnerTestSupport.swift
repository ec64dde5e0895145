import Foundation
import Testing
@testable import NotebookRunner

/// A fresh folder under the system's temporary folder, removed by `cleanup`.
struct Scratch {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "quantbook-runner-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes a notebook and returns its path.
  func notebook(_ name: String, _ text: String) -> String {
    let file = path + "/" + name
    #expect(FileManager.default.createFile(atPath: file, contents: Data(text.utf8)))
    return file
  }

  func read(_ relative: String) -> String? {
    FileManager.default.contents(atPath: path + "/" + relative).map { String(decoding: $0, as: UTF8.self) }
  }

  func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + relative) }

  func cleanup() { try? FileManager.default.removeItem(atPath: path) }

  /// Settings writing to `out/` here, describing the fixed `testHost` (never this machine).
  func settings(
    _ environment: [String: String] = [:], overrides: [String] = [], host: HostDescription = testHost
  ) -> RunSettings {
    RunSettings(
      outputFolder: path + "/out", parameterOverrides: overrides, dataFolder: nil,
      environment: environment, threads: 2, host: host)
  }
}

/// The machine every test report describes: fixed, so no report depends on the host's CPU.
let testHost = HostDescription(
  cpuFeatures: ["x86_64", "AVX2", "FMA", "fixed test host"], threads: 2, engineVersion: QuantbookVersion.string)

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
