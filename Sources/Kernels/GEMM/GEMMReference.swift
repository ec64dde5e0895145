/// The plain reference twin of `sgemm`: three loops, summing over `k` in order in Float.
public func sgemmReference(
  _ transA: Transpose, _ transB: Transpose,
  m: Int, n: Int, k: Int,
  alpha: Float = 1,
  a: UnsafePointer<Float>, lda: Int,
  b: UnsafePointer<Float>, ldb: Int,
  beta: Float = 0,
  c: UnsafeMutablePointer<Float>, ldc: Int
) {
  for i in 0..<m {
    for j in 0..<n {
      var sum: Float = 0
      for p in 0..<k {
        let x = transA == .none ? a[i * lda + p] : a[p * lda + i]
        let y = transB == .none ? b[p * ldb + j] : b[j * ldb + p]
        sum += x * y
      }
      let old = beta == 0 ? 0 : beta * c[i * ldc + j]
      c[i * ldc + j] = alpha * sum + old
    }
  }
}
