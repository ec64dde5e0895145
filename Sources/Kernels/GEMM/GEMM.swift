/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable {
  case none
  case transposed
}

/// Single-precision matrix product, row-major: `C = alpha * op(A) * op(B) + beta * C`.
///
/// Shapes: `op(A)` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`. `lda`, `ldb`, `ldc` are the
/// row strides (in elements) of the matrices as stored: A is stored `m x k` (`lda >= k`) when
/// `transA == .none` and `k x m` (`lda >= m`) when transposed; likewise B. When `beta == 0`,
/// `C` is not read (it may hold NaN).
///
/// Every element of C is summed over `k` in the same order whatever `threads` is, so results
/// are bit-identical for any thread count.
///
/// Implementation (GEMMBlockedDriver.swift and its neighbours in this folder): C is cut into
/// 6 x 16 register tiles (GEMMMicroKernelAVX2.swift); `k` into near-equal depth blocks of at
/// most 256 that depend only on `k`. A is read in place (only ragged edge panels are copied);
/// B is packed into 16-column panels, or read in place when C has few rows. `threads` workers
/// each take a fixed, tile-aligned slice of the rows (or of the columns when C is short and
/// wide) and run with their own reusable scratch buffers; products under about 10^6
/// multiply-adds run on the calling thread. The result differs from `sgemmReference` (in
/// GEMMReference.swift) only by summation order (FMA, depth blocks), within `k`-proportional
/// rounding.
public func sgemm(
  _ transA: Transpose, _ transB: Transpose,
  m: Int, n: Int, k: Int,
  alpha: Float = 1,
  a: UnsafePointer<Float>, lda: Int,
  b: UnsafePointer<Float>, ldb: Int,
  beta: Float = 0,
  c: UnsafeMutablePointer<Float>, ldc: Int,
  threads: Int
) {
  // The float family's dispatch: on x86-64, AVX2 + FMA on every kernel path but `reference`;
  // elsewhere always the portable blocked GEMM (the only kernel path there is `reference`).
  #if arch(x86_64)
    if KernelDispatch.current == .reference {
      sgemmReference(
        transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
        beta: beta, c: c, ldc: ldc)
      return
    }
  #endif
  sgemmBlocked(
    transA, transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
    beta: beta, c: c, ldc: ldc, threads: threads)
}
