import Foundation
import Kernels
import TensorEngine

/// `infer-float-profile`: where one thread's time goes in the seed CNN's float inference on
/// the Fashion-MNIST test split, per step of the plan (`profileInference`), at batch 256 and
/// batch 1, direct and Winograd: microseconds per image (the median of `repeats` profiles
/// after one warm-up), the share of the total in the note. Time, not throughput: read the
/// shares, which a loaded machine disturbs less than the absolute figures.
let inferProfileSuite = BenchSuite(
  name: "infer-float-profile",
  summary: "seed CNN float inference: microseconds per image per step (one thread; batch 256"
    + " and 1, direct and Winograd)"
) { options in
  let data = try BenchData.fashionMNIST(options)
  let model = try Sequential.seedCNN(seed: 1)
  var figures: [BenchFigure] = []
  for batch in [256, 1] {
    for algorithm in InferenceOptions.Convolution.allCases {
      let what = "batch \(batch), \(algorithm.rawValue)"
      options.progress("infer-float-profile, \(what)")
      let rows = try medianProfile(
        model, on: data.test, batch: batch, options: InferenceOptions(convolution: algorithm),
        repeats: options.repeats)
      let total = rows.filter { !$0.isPhase }.reduce(0) { $0 + $1.seconds }
      for row in rows + [InferenceProfileRow(name: "total", seconds: total, isPhase: false)] {
        figures.append(
          BenchFigure(
            suite: "infer-float-profile", name: "seed CNN \(what): \(row.name)",
            value: row.seconds / Double(data.test.count) * 1e6, unit: "µs/image",
            note: String(format: "%.1f%% of the total", 100 * row.seconds / total)))
      }
    }
  }
  return figures
}

/// `infer-float-crossover`: the measurement behind Winograd's per-layer rule. A synthetic
/// 3 x 3 conv (26 x 26 x C in, 32 filters, ReLU, 2 x 2 max-pool fused) with C = 1, 2, 4, 8,
/// 16, 32, 64, timed alone (`profileInference`'s conv row, one thread, batch 256, 1,024
/// random images) direct and by Winograd: microseconds per image and the ratio.
let inferCrossoverSuite = BenchSuite(
  name: "infer-float-crossover",
  summary: "3x3 conv (26x26xC, 32 filters) direct vs Winograd, C = 1 ... 64: µs per image"
) { options in
  var figures: [BenchFigure] = []
  for channels in [1, 2, 4, 8, 16, 32, 64] {
    options.progress("infer-float-crossover, \(channels) channel(s)")
    let model = try Sequential(
      inputShape: [26, 26, channels],
      layers: [
        .conv2d(filters: 32, kernel: 3, stride: 1, padding: .valid, activation: .relu),
        .maxPool(size: 2, stride: 2), .flatten, .dense(units: 10, activation: .softmax),
      ], seed: 3)
    var rng = SystemRandomNumberGenerator()
    let count = 1024
    let split = try Split(
      images: (0..<count * 26 * 26 * channels).map { _ in UInt8.random(in: 0...255, using: &rng) },
      labels: (0..<count).map { UInt8($0 % 10) }, imageShape: [26, 26, channels])
    var perImage: [InferenceOptions.Convolution: Double] = [:]
    for algorithm in InferenceOptions.Convolution.allCases {
      let rows = try medianProfile(
        model, on: split, batch: 256,
        options: InferenceOptions(convolution: algorithm, winogradMinimumChannels: 1),
        repeats: options.repeats)
      let conv = rows.first { $0.name.hasPrefix("conv") }!
      perImage[algorithm] = conv.seconds / Double(count) * 1e6
      figures.append(
        BenchFigure(
          suite: "infer-float-crossover",
          name: "3x3 conv \(channels) -> 32 channels, \(algorithm.rawValue)",
          value: perImage[algorithm]!, unit: "µs/image", note: "one thread, batch 256"))
    }
    figures.append(
      BenchFigure(
        suite: "infer-float-crossover",
        name: "3x3 conv \(channels) -> 32 channels, winograd time / direct time",
        value: perImage[.winograd]! / perImage[.direct]!, unit: "x",
        note: "below 1: Winograd is faster"))
  }
  return figures
}

/// `infer-float-shallow`: the measurement behind `ShallowConv.maximumChannels`: the seed
/// CNN's first conv (28 x 28 x C, 3 x 3, 32 filters, ReLU, 2 x 2 max-pool fused) through
/// `fusedConvForward` with and without the shallow kernel, C = 1 ... 4, one thread, 256
/// random images per call: microseconds per image (median of `repeats` after one warm-up).
let inferShallowSuite = BenchSuite(
  name: "infer-float-shallow",
  summary: "first-layer conv (28x28xC, 32 filters, pool 2): shallow kernel vs gathered, C = 1-4"
) { options in
  var figures: [BenchFigure] = []
  var rng = SystemRandomNumberGenerator()
  for channels in 1...4 {
    let g = ConvGeometry(
      batch: 256, height: 28, width: 28, channels: channels, kernelHeight: 3, kernelWidth: 3)
    let input = (0..<256 * 28 * 28 * channels).map { _ in Float.random(in: 0...1, using: &rng) }
    let weights = FloatWeightPanels(
      (0..<g.patchSize * 32).map { _ in Float.random(in: -1...1, using: &rng) }, k: g.patchSize,
      n: 32)
    let bias = [Float](repeating: 0.01, count: 32)
    var output = [Float](repeating: 0, count: 256 * 13 * 13 * 32)
    var scratch = [Float](repeating: 0, count: FusedConv.scratchCount(g, filters: 32, pool: 2))
    for shallow in [true, false] {
      options.progress("infer-float-shallow, \(channels) channel(s), shallow \(shallow)")
      let seconds = Stopwatch.medianSeconds(repeats: options.repeats) {
        fusedConvForward(
          g, input: input, weights: weights, bias: bias, activation: .relu, pool: 2,
          output: &output, scratch: &scratch, shallow: shallow)
      }
      figures.append(
        BenchFigure(
          suite: "infer-float-shallow",
          name: "conv 28x28x\(channels) -> 32, pool 2, \(shallow ? "shallow kernel" : "gathered")",
          value: seconds / 256 * 1e6, unit: "µs/image",
          note: channels > ShallowConv.maximumChannels && shallow
            ? "above the rule: the gathered path ran" : "one thread, 256 images per call"))
    }
  }
  return figures
}

/// Each row's median seconds over `repeats` profiles, after one untimed warm-up profile.
private func medianProfile(
  _ model: Sequential, on split: Split, batch: Int, options: InferenceOptions, repeats: Int
) throws -> [InferenceProfileRow] {
  _ = try profileInference(model, on: split, batchSize: batch, options: options)
  var runs: [[InferenceProfileRow]] = []
  for _ in 0..<max(1, repeats) {
    runs.append(try profileInference(model, on: split, batchSize: batch, options: options))
  }
  return runs[0].indices.map { i in
    var row = runs[0][i]
    let sorted = runs.map { $0[i].seconds }.sorted()
    row.seconds = sorted[sorted.count / 2]
    return row
  }
}
