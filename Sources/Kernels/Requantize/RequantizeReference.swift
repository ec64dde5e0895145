/// The plain reference twin of `requantize`: `stage.apply` on every element.
public func requantizeReference(
  m: Int, n: Int, accumulators: UnsafePointer<Int32>, lda: Int, bias: UnsafePointer<Int32>?,
  stage: RequantizationStage, output: UnsafeMutablePointer<Int8>, ldo: Int
) throws(IntegerKernelError) {
  try validateRequantize("requantizeReference", m: m, n: n, lda: lda, ldo: ldo, stage: stage)
  for i in 0..<m {
    for j in 0..<n {
      output[i * ldo + j] = stage.apply(accumulators[i * lda + j], bias: bias?[j] ?? 0, channel: j)
    }
  }
}
