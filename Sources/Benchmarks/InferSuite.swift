import Foundation
import TensorEngine

/// `infer-float`: float inference images/s of the seed CNN on the Fashion-MNIST test split
/// (10,000 images) through `evaluate` (the inference path: `InferenceModel`), at batch 256
/// and batch 1, with direct convolution and with Winograd F(2x2, 3x3) where the per-layer
/// rule picks it. Weights are a fixed seeded initialisation: speed does not depend on their
/// values.
let inferSuite = BenchSuite(
  name: "infer-float",
  summary: "seed CNN float inference images/s (batch 256 and 1, direct and Winograd) on the"
    + " Fashion-MNIST test split"
) { options in
  let data = try BenchData.fashionMNIST(options)
  let model = try Sequential.seedCNN(seed: 1)
  var figures: [BenchFigure] = []
  // The grid (batch × threads × algorithm), then the measurements behind the rules: Winograd
  // on every 3x3 conv (the first has 1 input channel) against the rule's choice; a batch of 8
  // on two threads against one, cut by samples and with both threads on each step.
  var rows: [(String, Int, Int, InferenceOptions)] = []
  func row(_ what: String, _ batch: Int, _ threads: Int, _ inference: InferenceOptions) {
    rows.append((what, batch, threads, inference))
  }
  for batch in [256, 1] {
    for threads in Set([options.threads, 1]).sorted(by: >) {
      for algorithm in [InferenceOptions.Convolution.direct, .winograd] {
        row(
          "batch \(batch), \(threads) thread(s), \(algorithm.rawValue)", batch, threads,
          InferenceOptions(convolution: algorithm))
      }
    }
  }
  row(
    "batch 256, \(options.threads) thread(s), winograd on every 3x3 conv", 256, options.threads,
    InferenceOptions(convolution: .winograd, winogradMinimumChannels: 1))
  row("batch 8, 1 thread(s), direct", 8, 1, InferenceOptions())
  row("batch 8, 2 thread(s) forced, direct", 8, 2, InferenceOptions(parallelMinimum: 1))
  row(
    "batch 8, 2 thread(s) sharing each step, direct", 8, 2,
    InferenceOptions(parallelMinimum: 9, shareSmallBatches: true))
  // The grid's batch-1 rows on 2 threads share each step (the default); these run each
  // image on the calling thread alone, as before sharing was the default.
  for algorithm in [InferenceOptions.Convolution.direct, .winograd] {
    row(
      "batch 1, 2 thread(s) not sharing (one thread per image), \(algorithm.rawValue)", 1, 2,
      InferenceOptions(convolution: algorithm, shareSmallBatches: false))
  }
  for (what, batch, threads, inference) in rows {
    options.progress("infer-float, \(what)")
    let cpu = processCPUSeconds()
    let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
      _ = try evaluate(
        model, on: data.test, batchSize: batch, threads: threads, options: inference)
    }
    figures.append(
      BenchFigure(
        suite: "infer-float", name: "seed CNN float \(what)",
        value: Double(data.test.count) / seconds, unit: "images/s",
        note: cpuNote(since: cpu, images: data.test.count, repeats: options.repeats)))
  }
  return figures
}

/// The figure's note: images, repeats, and images per CPU second over all `repeats + 1` runs
/// (`Stopwatch.medianSeconds` runs the body once more to warm up).
private func cpuNote(since start: Double, images: Int, repeats: Int) -> String {
  let cpu = processCPUSeconds() - start
  let perCPUSecond = Double(images * (max(1, repeats) + 1)) / cpu
  return "\(images) images, median of \(repeats); "
    + String(format: "%.0f images per CPU second", perCPUSecond)
}
