import Kernels

/// The `gemm-int` suite: exact int8 x int8 and int8 x int4 GEMM throughput (GOP/s, one
/// multiply and one add per term: `2 m n k` operations per call) on a square shape and on the
/// seed CNN's layers at batch 256, with 1 and 2 threads; on the CNN shapes also the int8 GEMM
/// fused with requantization to int8 output ("int8+rq", the form an integer layer runs).
public let intGEMMSuite = BenchSuite(
  name: "gemm-int",
  summary: "int8 and int4-weight GEMM (exact int32 accumulation) GOP/s, 1024^3 and seed-CNN shapes"
) { options in
  let shapes: [(name: String, m: Int, n: Int, k: Int)] = [
    ("1024^3", 1024, 1024, 1024),
    ("conv2 b256", 30976, 64, 288),
    ("dense b256", 256, 64, 1600),
    ("conv1 b256", 173056, 32, 9),
  ]
  var figures: [BenchFigure] = []
  for shape in shapes {
    let bench = try IntGEMMBench(m: shape.m, n: shape.n, k: shape.k)
    let kinds: [IntGEMMBench.Kind] =
      shape.n == shape.k ? [.int8, .int4] : [.int8, .int4, .int8Requantized]
    for kind in kinds {
      for threads in [1, 2] {
        let label = "\(kind.rawValue) \(shape.name) \(threads) thread\(threads == 1 ? "" : "s")"
        options.progress(label)
        let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
          try bench.run(kind, threads: threads)
        }
        figures.append(
          BenchFigure(
            suite: "gemm-int", name: label, value: bench.operations / seconds / 1e9, unit: "GOP/s",
            note: "m=\(shape.m) n=\(shape.n) k=\(shape.k), median of \(options.repeats)"))
      }
    }
  }
  return figures
}

/// Operands of one benchmark shape, filled with a fixed full-range pattern.
private final class IntGEMMBench {
  let m: Int, n: Int, k: Int
  let a: [Int8]
  let int8Weights: PackedIntegerWeights
  let int4Weights: PackedIntegerWeights
  let bias: [Int32]
  let stage: RequantizationStage
  var c: [Int32]
  var q: [Int8]

  enum Kind: String {
    case int8, int4
    case int8Requantized = "int8+rq"
  }

  var operations: Double { 2 * Double(m) * Double(n) * Double(k) }

  init(m: Int, n: Int, k: Int) throws {
    self.m = m
    self.n = n
    self.k = k
    a = (0..<(m * k)).map { Int8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    let w8 = (0..<(n * k)).map { Int8(truncatingIfNeeded: $0 &* 53 &+ 7) }
    let w4 = w8.map { $0 >> 4 }  // [-8, 7]
    int8Weights = try PackedIntegerWeights(weights: w8, outputChannels: n, depth: k, bits: 8)
    int4Weights = try PackedIntegerWeights(weights: w4, outputChannels: n, depth: k, bits: 4)
    bias = (0..<n).map { Int32($0 * 97 - 3000) }
    stage = try RequantizationStage(
      realMultipliers: (0..<n).map { 0.0002 + 0.00001 * Double($0) }, outputZeroPoint: -128,
      outputMin: -128)
    c = [Int32](repeating: 0, count: m * n)
    q = [Int8](repeating: 0, count: m * n)
  }

  func run(_ kind: Kind, threads: Int) throws {
    let (m, n, k) = (self.m, self.n, self.k)
    switch kind {
    case .int8, .int4:
      try integerGEMM(
        m: m, a: a, lda: k, aZeroPoint: -3, weights: kind == .int4 ? int4Weights : int8Weights,
        c: &c, ldc: n, threads: threads)
    case .int8Requantized:
      try integerGEMMRequantized(
        m: m, a: a, lda: k, aZeroPoint: -3, weights: int8Weights, bias: bias, stage: stage,
        output: &q, ldo: n, threads: threads)
    }
  }
}
