import Testing

@testable import Kernels

/// One GEMM problem with stored operands, padded strides and a seeded C.
struct GEMMCase: CustomStringConvertible {
  var transA: Transpose, transB: Transpose
  var m: Int, n: Int, k: Int
  var alpha: Float = 1, beta: Float = 0
  var pad = 0  // extra elements per stored row, to test lda/ldb/ldc > minimum

  var description: String {
    "\(transA)/\(transB) \(m)x\(n)x\(k) alpha \(alpha) beta \(beta) pad \(pad)"
  }

  var lda: Int { (transA == .none ? k : m) + pad }
  var ldb: Int { (transB == .none ? n : k) + pad }
  var ldc: Int { n + pad }
  var aCount: Int { (transA == .none ? m : k) * lda }
  var bCount: Int { (transB == .none ? k : n) * ldb }

  /// Seeded operands A, B and the starting C (NaN when beta is 0, to prove C is not read).
  func operands(seed: UInt64 = 1) -> (a: [Float], b: [Float], c: [Float]) {
    var rng = TestRandom(seed: seed)
    let a = rng.floats(max(aCount, 1))
    let b = rng.floats(max(bCount, 1))
    let c = beta == 0 ? [Float](repeating: .nan, count: m * ldc) : rng.floats(m * ldc)
    return (a, b, c)
  }

  /// C after `sgemm` on `threads` threads.
  func fast(threads: Int) -> [Float] {
    let (a, b, c0) = operands()
    var c = c0
    sgemm(
      transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
      beta: beta, c: &c, ldc: ldc, threads: threads)
    return c
  }

  /// Runs `sgemm` with `threads` and the reference on the same inputs; returns both C's and
  /// the per-element magnitude `|alpha| sum |a b| + |beta c|` that scales the error bound.
  func run(threads: Int) -> (fast: [Float], reference: [Float], scale: [Double]) {
    let (a, b, c0) = operands()
    let result = self.fast(threads: threads)
    var reference = c0
    sgemmReference(
      transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
      beta: beta, c: &reference, ldc: ldc)
    var scale = [Double](repeating: 0, count: m * ldc)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k {
          let x = transA == .none ? a[i * lda + p] : a[p * lda + i]
          let y = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
          sum += Double(abs(x * y))
        }
        scale[i * ldc + j] =
          Double(abs(alpha)) * sum + (beta == 0 ? 0 : Double(abs(beta * c0[i * ldc + j])))
      }
    }
    return (result, reference, scale)
  }

  /// Whether `fast` matches `reference` within the summation bound, padding untouched.
  func check(threads: Int) -> Bool {
    let (fast, reference, scale) = run(threads: threads)
    let tolerance = summationTolerance(terms: k)
    for i in 0..<m {
      for j in 0..<ldc {
        let index = i * ldc + j
        if j >= n {
          // Padding columns of C are never written.
          if fast[index].bitPattern != reference[index].bitPattern { return false }
          continue
        }
        let error = abs(Double(fast[index]) - Double(reference[index]))
        if !(error <= tolerance * scale[index] + Double(Float.leastNormalMagnitude)) {
          return false
        }
      }
    }
    return true
  }
}

let allTransposes: [(Transpose, Transpose)] = [
  (.none, .none), (.transposed, .none), (.none, .transposed), (.transposed, .transposed),
]

/// Ragged shapes around the 6 x 16 tile and the blocking sizes, including degenerate ones.
let raggedShapes: [(Int, Int, Int)] = [
  (1, 1, 1), (1, 17, 3), (13, 1, 5), (6, 16, 1), (7, 17, 9), (5, 15, 300), (12, 32, 256),
  (121, 33, 257), (37, 1030, 11), (250, 40, 513), (3, 5, 0), (9, 32, 300), (13, 48, 70),
]

@Test(arguments: allTransposes)
func sgemmMatchesReferenceOnRaggedShapes(transA: Transpose, transB: Transpose) {
  for (m, n, k) in raggedShapes {
    let problem = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k)
    #expect(problem.check(threads: 2), "\(problem)")
  }
}

@Test(arguments: [(Float(1), Float(0)), (2.5, 0), (1, 1), (-0.5, 0.75), (0, 2)])
func sgemmAlphaBetaAndStrides(alpha: Float, beta: Float) {
  for (transA, transB) in allTransposes {
    for (m, n, k) in [(7, 19, 13), (64, 48, 300), (9, 530, 20)] {  // in place and packed A
      let problem = GEMMCase(
        transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta, pad: 3)
      #expect(problem.check(threads: 2), "\(problem)")
    }
  }
}

/// Work is split into fixed tiles and never along k, so thread counts cannot change a bit.
@Test(arguments: allTransposes)
func sgemmIsBitIdenticalAcrossThreadCounts(transA: Transpose, transB: Transpose) {
  for (m, n, k) in [(200, 70, 300), (20, 400, 90), (97, 33, 700)] {
    let problem = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k, beta: 0.5, pad: 1)
    let one = problem.fast(threads: 1)
    for threads in [2, 3, 5] {
      #expect(bitIdentical(one, problem.fast(threads: threads)), "\(problem) \(threads)")
    }
  }
}

/// The CNN shapes the engine uses, scaled down in the long dimension to keep tests fast.
@Test func sgemmOnCNNLikeShapes() {
  let cases = [
    GEMMCase(transA: .none, transB: .none, m: 484, n: 64, k: 288),  // conv2 forward
    GEMMCase(transA: .transposed, transB: .none, m: 288, n: 64, k: 484),  // weight gradient
    GEMMCase(transA: .none, transB: .transposed, m: 484, n: 288, k: 64),  // input gradient
    GEMMCase(transA: .none, transB: .none, m: 1352, n: 32, k: 9),  // conv1 forward
    GEMMCase(transA: .none, transB: .none, m: 32, n: 64, k: 1600),  // dense
    GEMMCase(transA: .transposed, transB: .none, m: 1600, n: 64, k: 32),
    GEMMCase(transA: .none, transB: .transposed, m: 32, n: 1600, k: 64),
  ]
  for problem in cases { #expect(problem.check(threads: 2), "\(problem)") }
}

/// Callers on several threads at once each get their own scratch buffers from the pool.
@Test func sgemmIsSafeToCallConcurrently() async {
  let problem = GEMMCase(transA: .none, transB: .transposed, m: 150, n: 90, k: 200)
  let expected = problem.fast(threads: 1)
  let results = await withTaskGroup(of: Bool.self) { group in
    for _ in 0..<6 {
      group.addTask { bitIdentical(problem.fast(threads: 2), expected) }
    }
    var all: [Bool] = []
    for await result in group { all.append(result) }
    return all
  }
  #expect(results == [Bool](repeating: true, count: 6))
}
