import Foundation
import TensorEngine

/// `infer-float`: float inference images/s of the seed CNN at batch 256 on the Fashion-MNIST test
/// split (10,000 images). Weights are a fixed seeded initialisation: speed does not depend on
/// their values.
let inferSuite = BenchSuite(
  name: "infer-float",
  summary: "seed CNN float inference images/s (batch 256) on the Fashion-MNIST test split"
) { options in
  let data = try BenchData.fashionMNIST(options)
  let model = try Sequential.seedCNN(seed: 1)
  var figures: [BenchFigure] = []
  for threads in Set([options.threads, 1]).sorted(by: >) {
    options.progress("infer-float, \(threads) thread(s)")
    let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
      _ = try evaluate(model, on: data.test, batchSize: 256, threads: threads)
    }
    figures.append(
      BenchFigure(
        suite: "infer-float", name: "seed CNN float batch 256, \(threads) thread(s)",
        value: Double(data.test.count) / seconds, unit: "images/s",
        note: "\(data.test.count) images, median of \(options.repeats)"))
  }
  return figures
}
