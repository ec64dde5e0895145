// Zero point: we subtract the activation zero point while widening activations to int16
// (`a - zA` lies in [-255, 255], exact in int16), so the kernels compute
// `C[m, n] = sum_k (A[m, k] - zA) * W[n, k]` directly. The alternative decomposition
// `sum A*W - zA * rowsum(W)` would need per-channel weight sums and one more pass; the
// widening has to happen anyway for vpmaddwd, so the subtraction there costs nothing. The
// VNNI paths (`vpdpbusd`, u8 x s8) do use that decomposition, with the weight sums computed
// when the weights are packed: see `VNNIWeightPanels`.

/// Exact integer GEMM: `C[i, j] = sum_p (A[i, p] - aZeroPoint) * W[j, p]` in int32.
///
/// Shapes: `A` is `m x k` int8 activations, row-major with row stride `lda >= k` (im2col
/// rows); `W` is the packed `n x k` weights (`k` and `n` come from `weights`), int8 or int4
/// (two per byte, unpacked in registers inside the kernel, never into an int8 copy); `C` is
/// `m x n` int32, row stride `ldc >= n`, overwritten. `aZeroPoint` is in [-128, 127]. The result
/// is exact (no saturation) for every int8 input. Rows are split across `threads` in fixed
/// blocks; integer sums are exact, so every thread count gives the same bits. Errors name the
/// call `int8GEMM` or `int4GEMM` after the weights' bit width.
public func integerGEMM(
  m: Int, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: PackedIntegerWeights,
  c: UnsafeMutablePointer<Int32>, ldc: Int,
  threads: Int, kernels: KernelPath = KernelDispatch.current
) throws(IntegerKernelError) {
  let function = weights.bits == 4 ? "int4GEMM" : "int8GEMM"
  try integerGEMM(
    function, m: m, a: a, lda: lda, aZeroPoint: aZeroPoint, weights: weights, c: c, ldc: ldc,
    threads: threads, tile: IntegerTile.checked(kernels, function))
}

/// `integerGEMM` with any micro-kernel `tile`, errors named `function`.
func integerGEMM(
  _ function: String, m: Int, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: PackedIntegerWeights, c: UnsafeMutablePointer<Int32>, ldc: Int, threads: Int,
  tile: IntegerTile
) throws(IntegerKernelError) {
  let shape = weights.shape(m: m)
  try shape.validate(function, lda: lda, ldc: ldc, aZeroPoint: aZeroPoint)
  weights.drive(
    shape, rows: .matrix(a, lda: lda), aZeroPoint: aZeroPoint, output: .int32(c, ldc: ldc),
    threads: threads, tile: tile)
}

/// The sizes of one integer GEMM call.
struct GEMMShape {
  var m: Int, n: Int, k: Int, depthPairs: Int

  func validate(_ function: String, lda: Int, ldc: Int, aZeroPoint: Int32)
    throws(IntegerKernelError)
  {
    try require(m >= 0, function, "row count m=\(m) is negative")
    try require(lda >= k, function, "activation row stride lda=\(lda) is smaller than depth k=\(k)")
    try require(ldc >= n, function, "output row stride ldc=\(ldc) is smaller than n=\(n)")
    try require(
      (-128...127).contains(aZeroPoint), function,
      "activation zero point \(aZeroPoint) is outside the int8 range [-128, 127]")
  }
}
