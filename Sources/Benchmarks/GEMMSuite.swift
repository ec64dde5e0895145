import Kernels

/// The `gemm` suite: float GEMM throughput at 1024^3 and on the seed CNN's shapes, and
/// im2col / col2im throughput.
///
/// Each figure is the median of `options.repeats` timed runs after one warm-up. GFLOP/s counts
/// `2 m n k` flops per product; the AVX2 FMA peak is 2 cores x 32 flops x clock.
public enum GEMMSuite {
  /// The suite entry for `benchSuites`.
  public static let suite = BenchSuite(
    name: "gemm", summary: "f32 GEMM GFLOP/s (1024^3, CNN shapes) and im2col throughput",
    run: { options in run(options) })

  /// One GEMM shape to time.
  struct Shape {
    var label: String
    var transA: Transpose
    var transB: Transpose
    var m: Int, n: Int, k: Int
  }

  /// The seed CNN at batch 32: conv2 forward and its two gradients, conv1, the dense layer.
  static let cnnShapes: [Shape] = [
    Shape(label: "conv2 fwd", transA: .none, transB: .none, m: 3872, n: 64, k: 288),
    Shape(label: "conv2 dW (A^T B)", transA: .transposed, transB: .none, m: 288, n: 64, k: 3872),
    Shape(label: "conv2 dX (A B^T)", transA: .none, transB: .transposed, m: 3872, n: 288, k: 64),
    Shape(label: "conv1 fwd", transA: .none, transB: .none, m: 21632, n: 32, k: 9),
    Shape(label: "conv1 dW (A^T B)", transA: .transposed, transB: .none, m: 9, n: 32, k: 21632),
    Shape(label: "dense fwd", transA: .none, transB: .none, m: 32, n: 64, k: 1600),
    Shape(label: "dense dW (A^T B)", transA: .transposed, transB: .none, m: 1600, n: 64, k: 32),
    Shape(label: "dense dX (A B^T)", transA: .none, transB: .transposed, m: 32, n: 1600, k: 64),
  ]

  static func run(_ options: BenchOptions) -> [BenchFigure] {
    var figures: [BenchFigure] = []
    let big = Shape(label: "1024^3", transA: .none, transB: .none, m: 1024, n: 1024, k: 1024)
    for threads in Set([1, options.threads]).sorted() {
      options.progress("gemm 1024^3, \(threads) thread(s)")
      figures.append(measure(big, threads: threads, repeats: options.repeats))
    }
    for shape in cnnShapes {
      options.progress("gemm \(shape.label)")
      figures.append(measure(shape, threads: options.threads, repeats: max(options.repeats, 9)))
    }
    figures += im2colFigures(options)
    return figures
  }

  /// Times `sgemm` on `shape` and returns its GFLOP/s figure.
  static func measure(_ shape: Shape, threads: Int, repeats: Int) -> BenchFigure {
    let aCount = shape.m * shape.k
    let bCount = shape.k * shape.n
    let a = (0..<aCount).map { Float(($0 * 7919) % 201) / 100 - 1 }
    let b = (0..<bCount).map { Float(($0 * 104_729) % 199) / 100 - 1 }
    var c = [Float](repeating: 0, count: shape.m * shape.n)
    let lda = shape.transA == .none ? shape.k : shape.m
    let ldb = shape.transB == .none ? shape.n : shape.k
    let seconds = c.withUnsafeMutableBufferPointer { cBuffer in
      Stopwatch.medianSeconds(repeats: repeats) {
        sgemm(
          shape.transA, shape.transB, m: shape.m, n: shape.n, k: shape.k, a: a, lda: lda,
          b: b, ldb: ldb, c: cBuffer.baseAddress!, ldc: shape.n, threads: threads)
      }
    }
    let flops = 2.0 * Double(shape.m) * Double(shape.n) * Double(shape.k)
    return BenchFigure(
      suite: "gemm", name: "f32 \(shape.label) \(threads) thread\(threads == 1 ? "" : "s")",
      value: flops / seconds / 1e9, unit: "GFLOP/s",
      note: "m=\(shape.m) n=\(shape.n) k=\(shape.k), median \(String(format: "%.3f", seconds * 1e3)) ms")
  }

  /// im2col and col2im of the seed CNN's conv2 input at batch 32 (13x13x32, 3x3 kernel), in
  /// GB/s of column matrix written (im2col) or read (col2im).
  static func im2colFigures(_ options: BenchOptions) -> [BenchFigure] {
    let g = ConvGeometry(
      batch: 32, height: 13, width: 13, channels: 32, kernelHeight: 3, kernelWidth: 3)
    let input = (0..<(32 * 13 * 13 * 32)).map { Float($0 % 97) }
    var columns = [Float](repeating: 0, count: g.patchCount * g.patchSize)
    var output = [Float](repeating: 0, count: input.count)
    let bytes = Double(columns.count * MemoryLayout<Float>.stride)
    let repeats = max(options.repeats, 9)
    options.progress("im2col / col2im")
    let forward = columns.withUnsafeMutableBufferPointer { cols in
      Stopwatch.medianSeconds(repeats: repeats) {
        im2col(g, input: input, columns: cols.baseAddress!)
      }
    }
    let backward = output.withUnsafeMutableBufferPointer { out in
      Stopwatch.medianSeconds(repeats: repeats) {
        col2im(g, columns: columns, output: out.baseAddress!)
      }
    }
    let shape = "32x13x13x32, 3x3"
    return [
      BenchFigure(
        suite: "gemm", name: "im2col conv2", value: bytes / forward / 1e9, unit: "GB/s",
        note: "\(shape), median \(String(format: "%.3f", forward * 1e3)) ms"),
      BenchFigure(
        suite: "gemm", name: "col2im conv2", value: bytes / backward / 1e9, unit: "GB/s",
        note: "\(shape), median \(String(format: "%.3f", backward * 1e3)) ms"),
    ]
  }
}
