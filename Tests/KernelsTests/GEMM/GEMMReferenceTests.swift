import Testing

@testable import Kernels

/// A hand-computed 2x3 * 3x2 product pins the reference GEMM's layout and transposes.
@Test(arguments: [
  (Transpose.none, Transpose.none), (.transposed, .none), (.none, .transposed),
  (.transposed, .transposed),
])
func referenceGEMMHandComputed(transA: Transpose, transB: Transpose) {
  let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2x3
  let b: [Float] = [7, 8, 9, 10, 11, 12]  // 3x2
  let at: [Float] = [1, 4, 2, 5, 3, 6]  // 3x2 = A^T
  let bt: [Float] = [7, 9, 11, 8, 10, 12]  // 2x3 = B^T
  var c = [Float](repeating: .nan, count: 4)
  let aStore = transA == .none ? a : at
  let bStore = transB == .none ? b : bt
  sgemmReference(
    transA, transB, m: 2, n: 2, k: 3, a: aStore, lda: transA == .none ? 3 : 2,
    b: bStore, ldb: transB == .none ? 2 : 3, c: &c, ldc: 2)
  #expect(c == [58, 64, 139, 154])
}
