import Kernels

/// The `gemm` suite: float GEMM throughput at 1024^3 and on the seed CNN's shapes at batch 32
/// (each on N threads and on 1), and im2col / col2im throughput (N threads).
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
    // The CNN shapes on N threads, then on 1 thread so the scaling can be read off.
    for threads in Set([options.threads, 1]).sorted(by: >) {
      for shape in cnnShapes {
        options.progress("gemm \(shape.label), \(threads) thread(s)")
        figures.append(measure(shape, threads: threads, repeats: max(options.repeats, 9)))
      }
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
      note:
        "m=\(shape.m) n=\(shape.n) k=\(shape.k), median \(String(format: "%.3f", seconds * 1e3)) ms"
    )
  }

  /// im2col and col2im of the seed CNN's conv1 and conv2 inputs at batch 32, in GB/s of
  /// column matrix written (im2col) or read (col2im).
  static func im2colFigures(_ options: BenchOptions) -> [BenchFigure] {
    var figures: [BenchFigure] = []
    let repeats = max(options.repeats, 9)
    // Each layer's square input side and channels.
    for (label, side, channels) in [("conv1", 28, 1), ("conv2", 13, 32)] {
      let g = ConvGeometry(
        batch: 32, height: side, width: side, channels: channels, kernelHeight: 3, kernelWidth: 3)
      options.progress("im2col / col2im \(label)")
      let input = (0..<(g.batch * g.height * g.width * g.channels)).map { Float($0 % 97) }
      var columns = [Float](repeating: 0, count: g.patchCount * g.patchSize)
      var output = [Float](repeating: 0, count: input.count)
      let bytes = Double(columns.count * MemoryLayout<Float>.stride)
      let forward = columns.withUnsafeMutableBufferPointer { cols in
        Stopwatch.medianSeconds(repeats: repeats) {
          im2col(g, input: input, columns: cols.baseAddress!, threads: options.threads)
        }
      }
      let backward = output.withUnsafeMutableBufferPointer { out in
        Stopwatch.medianSeconds(repeats: repeats) {
          col2im(g, columns: columns, output: out.baseAddress!, threads: options.threads)
        }
      }
      let shape =
        "\(g.batch)x\(g.height)x\(g.width)x\(g.channels), "
        + "\(g.kernelHeight)x\(g.kernelWidth), \(options.threads) threads"
      for (kernel, seconds) in [("im2col", forward), ("col2im", backward)] {
        figures.append(
          BenchFigure(
            suite: "gemm", name: "\(kernel) \(label)", value: bytes / seconds / 1e9, unit: "GB/s",
            note: "\(shape), median \(String(format: "%.3f", seconds * 1e3)) ms"))
      }
    }
    return figures
  }
}
