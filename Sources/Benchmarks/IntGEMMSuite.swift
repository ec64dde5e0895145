import Kernels

/// The `gemm-int` suite: exact int8 x int8 and int8 x int4 GEMM throughput (GOP/s, one
/// multiply and one add per term: `2 m n k` operations per call) on a square shape and on the
/// seed CNN's layers at batch 256, with 1 and 2 threads.
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
    for int4 in [false, true] {
      for threads in [1, 2] {
        let label = "\(int4 ? "int4" : "int8") \(shape.name) \(threads) thread\(threads == 1 ? "" : "s")"
        options.progress(label)
        let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
          try bench.run(int4: int4, threads: threads)
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
  let int8Weights: PackedInt8Weights
  let int4Weights: PackedInt4Weights
  var c: [Int32]

  var operations: Double { 2 * Double(m) * Double(n) * Double(k) }

  init(m: Int, n: Int, k: Int) throws {
    self.m = m
    self.n = n
    self.k = k
    a = (0..<(m * k)).map { Int8(truncatingIfNeeded: $0 &* 37 &+ 11) }
    let w8 = (0..<(n * k)).map { Int8(truncatingIfNeeded: $0 &* 53 &+ 7) }
    let w4 = w8.map { $0 >> 4 }  // [-8, 7]
    int8Weights = try PackedInt8Weights(weights: w8, outputChannels: n, depth: k)
    int4Weights = try PackedInt4Weights(weights: w4, outputChannels: n, depth: k)
    c = [Int32](repeating: 0, count: m * n)
  }

  func run(int4: Bool, threads: Int) throws {
    let (m, n, k) = (self.m, self.n, self.k)
    try c.withUnsafeMutableBufferPointer { out throws(IntegerKernelError) in
      if int4 {
        try int4GEMM(
          m: m, a: a, lda: k, aZeroPoint: -3, weights: int4Weights, c: out.baseAddress!, ldc: n,
          threads: threads)
      } else {
        try int8GEMM(
          m: m, a: a, lda: k, aZeroPoint: -3, weights: int8Weights, c: out.baseAddress!, ldc: n,
          threads: threads)
      }
    }
  }
}
