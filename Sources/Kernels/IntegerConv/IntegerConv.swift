/// An integer convolution (int8 activations, int8 or int4 weights), optionally followed by a
/// max-pool, in one pass: implicit im2col (each patch is read from the input and widened
/// straight into the GEMM's packed block), the exact integer GEMM, the max over each pooling
/// window of int32 sums, then requantization:
///
///     out[b, y, x, j] = stage.apply(max over the window of
///                         sum_p (patch(b, oy, ox)[p] - inputZeroPoint) * W[j, p], bias[j], j)
///
/// Shapes: `input` is `conv.batch x conv.height x conv.width x conv.channels` int8; `weights`
/// are `n x conv.patchSize`, depth ordered (ky, kx, c); `bias` is `n` int32 or nil. Without a
/// pool, `output` is `conv.patchCount` rows of `n` int8 (row stride `ldo >= n`), the pixels
/// `(b, oy, ox)` in order; with `pool` (the unpadded pooling on the conv output, any window
/// and stride), it is `batch * pool.outHeight * pool.outWidth` rows, pixels `(b, py, px)`.
///
/// Requantization is monotone non-decreasing in the accumulator (saturating add, multipliers
/// >= 0, rounding shifts, clamp), so requantizing the window's largest sum gives the largest
/// requantized value: the output is bit-identical to `int8Im2colReference`,
/// `integerGEMMReference`, `requantizeReference` and `int8MaxPoolReference` in sequence, with
/// `window` times fewer requantizations and no work for conv outputs no window covers.
/// Errors name the call `int8ConvRequantized` or `int4ConvRequantized` after the weights.
public func integerConvRequantized(
  _ conv: ConvGeometry, pool: ConvGeometry? = nil, input: UnsafePointer<Int8>,
  inputZeroPoint: Int32, weights: PackedIntegerWeights, bias: UnsafePointer<Int32>?,
  stage: RequantizationStage, output: UnsafeMutablePointer<Int8>, ldo: Int,
  threads: Int, kernels: KernelPath = KernelDispatch.current
) throws(IntegerKernelError) {
  let function = weights.bits == 4 ? "int4ConvRequantized" : "int8ConvRequantized"
  try integerConv(
    function, conv, pool: pool, input: input, inputZeroPoint: inputZeroPoint,
    weights: weights, bias: bias, stage: stage, output: output, ldo: ldo, threads: threads,
    tile: IntegerTile.checked(kernels, function))
}

/// Whether `integerConvRequantized` accepts `pool` after `conv` (unpadded, inside the output).
public func canFusePooling(_ conv: ConvGeometry, _ pool: ConvGeometry) -> Bool {
  (try? validatePooling("canFusePooling", conv, pool: pool)) != nil
}

/// `integerConvRequantized` with any micro-kernel `tile`, errors named `function`: validates the
/// call, then drives the GEMM over the conv's patch rows into the requantized or pooled sink.
func integerConv(
  _ function: String, _ conv: ConvGeometry, pool: ConvGeometry?, input: UnsafePointer<Int8>,
  inputZeroPoint: Int32, weights: PackedIntegerWeights, bias: UnsafePointer<Int32>?,
  stage: RequantizationStage, output: UnsafeMutablePointer<Int8>, ldo: Int, threads: Int,
  tile: IntegerTile
) throws(IntegerKernelError) {
  try validateGeometry(function, conv)
  if let pool { try validatePooling(function, conv, pool: pool) }
  let k = weights.depth
  try require(
    k == conv.patchSize, function,
    "the weights have depth \(k) but a \(conv.kernelHeight)x\(conv.kernelWidth)x\(conv.channels)"
      + " patch has \(conv.patchSize) values"
  )
  let rows = ConvPatchRows(conv: conv, pool: pool, input: input)
  let shape = weights.shape(m: rows.count)
  try shape.validate(function, lda: k, ldc: ldo, aZeroPoint: inputZeroPoint)
  try validateStage(function, stage, n: shape.n)
  let vectors = RequantizeVectorsIfAvailable(
    stage, bias: bias, accumulatorBound: Int64(k) * 255 * 128)
  let sink: GEMMOutput =
    pool == nil
    ? .requantized(output, ldo: ldo, bias: bias, stage: stage, vectors: vectors)
    : .pooled(output, ldo: ldo, bias: bias, stage: stage, vectors: vectors, window: rows.window)
  weights.drive(
    shape, rows: .patches(rows), aZeroPoint: inputZeroPoint, output: sink, threads: threads,
    tile: tile)
}
