/// Exact integer GEMM fused with the requantization output stage, writing int8 directly:
/// `out[i, j] = stage.apply(sum_p (A[i, p] - aZeroPoint) * W[j, p], bias[j], channel j)`.
///
/// Shapes as `integerGEMM` (int8 or int4 weights); `bias` is `n` int32 or nil; `output` is
/// `m x n` int8, row stride `ldo >= n`; `stage.channels == n`. Each 6 x 16 tile of int32 sums
/// stays in L1 and is requantized at once, so the int32 matrix never goes through memory.
/// Identical to `integerGEMM` followed by `requantize` (and to `integerGEMMReference` +
/// `requantizeReference`). Errors name the call `int8GEMMRequantized` or `int4GEMMRequantized`.
public func integerGEMMRequantized(
  m: Int, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: PackedIntegerWeights, bias: UnsafePointer<Int32>?, stage: RequantizationStage,
  output: UnsafeMutablePointer<Int8>, ldo: Int,
  threads: Int, kernels: KernelPath = KernelDispatch.current
) throws(IntegerKernelError) {
  let function = weights.bits == 4 ? "int4GEMMRequantized" : "int8GEMMRequantized"
  try integerGEMMRequantized(
    function, m: m, a: a, lda: lda, aZeroPoint: aZeroPoint, weights: weights,
    bias: bias, stage: stage, output: output, ldo: ldo, threads: threads,
    tile: IntegerTile.checked(kernels, function))
}

/// `integerGEMMRequantized` with any micro-kernel `tile`, errors named `function`.
func integerGEMMRequantized(
  _ function: String, m: Int, a: UnsafePointer<Int8>, lda: Int, aZeroPoint: Int32,
  weights: PackedIntegerWeights, bias: UnsafePointer<Int32>?, stage: RequantizationStage,
  output: UnsafeMutablePointer<Int8>, ldo: Int, threads: Int, tile: IntegerTile
) throws(IntegerKernelError) {
  let shape = weights.shape(m: m)
  try shape.validate(function, lda: lda, ldc: ldo, aZeroPoint: aZeroPoint)
  try validateStage(function, stage, n: shape.n)
  let sink = GEMMOutput.requantized(
    output, ldo: ldo, bias: bias, stage: stage,
    vectors: RequantizeVectorsIfAvailable(
      stage, bias: bias, accumulatorBound: Int64(shape.k) * 255 * 128))
  weights.drive(
    shape, rows: .matrix(a, lda: lda), aZeroPoint: aZeroPoint, output: sink, threads: threads,
    tile: tile)
}

func validateStage(_ function: String, _ stage: RequantizationStage, n: Int)
  throws(IntegerKernelError)
{
  try require(
    stage.channels == n, function,
    "the requantization stage has \(stage.channels) channels but the weights have \(n)")
}
