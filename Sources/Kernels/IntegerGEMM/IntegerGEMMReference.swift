/// The plain reference twin of `integerGEMM` (int8 or int4 weights), on unpacked weights.
///
/// `weights` is `n x k` row-major (stride `ldw`); three loops summing in Int64 and
/// truncating to Int32 (the sums always fit for `k <= IntegerGEMMLayout.maxExactDepth`).
public func integerGEMMReference(
  m: Int, n: Int, k: Int,
  a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: UnsafePointer<Int8>, ldw: Int,
  c: UnsafeMutablePointer<Int32>, ldc: Int
) {
  for i in 0..<m {
    for j in 0..<n {
      var sum: Int64 = 0
      for p in 0..<k {
        sum += (Int64(a[i * lda + p]) - Int64(aZeroPoint)) * Int64(weights[j * ldw + p])
      }
      c[i * ldc + j] = Int32(truncatingIfNeeded: sum)
    }
  }
}
