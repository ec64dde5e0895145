/// One integer recurrent layer: int8 inputs `x` on an affine grid (zero point `inputZeroPoint`),
/// int8 or int4 per-channel weights, the gates of `IntegerGateParameters`, the state `h` int8
/// (symmetric) and, for the LSTM, `c` int16.
///
/// Codes: `kernelCodes` is `[gates·hidden, inputWidth]` (the transpose of Keras's kernel: one
/// row per output column), `recurrentCodes` `[gates·hidden, hidden]`. They are packed once here;
/// the reference path reads the codes directly.
public struct IntegerRecurrentLayer: Sendable {
  public let gates: IntegerGateParameters
  public let inputWidth: Int
  public let inputZeroPoint: Int32
  /// 8 or 4.
  public let bits: Int
  public let kernelCodes: [Int8]
  public let recurrentCodes: [Int8]
  /// The codes packed for the integer GEMM (`n x k`, n = gates·hidden), `bits` wide.
  public let kernel: PackedIntegerWeights
  public let recurrent: PackedIntegerWeights

  public init(
    gates: IntegerGateParameters, inputWidth: Int, inputZeroPoint: Int32, bits: Int,
    kernelCodes: [Int8], recurrentCodes: [Int8]
  ) throws(IntegerKernelError) {
    let here = "IntegerRecurrentLayer"
    try require(inputWidth >= 1, here, "input width must be >= 1, got \(inputWidth)")
    try require(
      (-128...127).contains(inputZeroPoint), here, "input zero point must be an int8 value")
    let width = gates.width
    try require(
      kernelCodes.count == width * inputWidth, here,
      "kernel codes: \(kernelCodes.count), expected \(width) x \(inputWidth)")
    try require(
      recurrentCodes.count == width * gates.hidden, here,
      "recurrent codes: \(recurrentCodes.count), expected \(width) x \(gates.hidden)")
    self.gates = gates
    self.inputWidth = inputWidth
    self.inputZeroPoint = inputZeroPoint
    self.bits = bits
    self.kernelCodes = kernelCodes
    self.recurrentCodes = recurrentCodes
    kernel = try PackedIntegerWeights(
      weights: kernelCodes, outputChannels: width, depth: inputWidth, bits: bits)
    recurrent = try PackedIntegerWeights(
      weights: recurrentCodes, outputChannels: width, depth: gates.hidden, bits: bits)
  }

  public var hidden: Int { gates.hidden }

  /// Checks the sizes shared by `forward` and `forwardReference`.
  func validate(_ here: String, inputCount: Int, lengths: [Int], steps: Int)
    throws(IntegerKernelError)
  {
    try require(steps >= 1, here, "needs at least one time step, got \(steps)")
    try require(
      inputCount >= lengths.count * steps * inputWidth, here,
      "inputs must be [batch, \(steps), \(inputWidth)] for \(lengths.count) sequences")
    if let bad = lengths.firstIndex(where: { !(0...steps).contains($0) }) {
      throw IntegerKernelError(
        here, "length \(lengths[bad]) of sequence \(bad) is not in 0...\(steps)")
    }
  }
}
