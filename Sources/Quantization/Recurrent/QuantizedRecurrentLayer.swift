import Kernels

/// A recurrent layer prepared for integer inference: quantized weights and the grids of its
/// activations (see `IntegerGateParameters` for the arithmetic they feed).
///
/// - `inputGrid`: x, int8 affine per tensor.
/// - `stateScale`: h, int8 symmetric, `h = s_h·q`, q ∈ [-127, 127].
/// - `cellFractionBits`: the LSTM's c, int16, `c = q·2^-F`.
/// - Gate inputs are Q3.12 int16 and gate outputs Q0.15, fixed formats.
public struct QuantizedRecurrentLayer: Sendable {
  public let weights: QuantizedRecurrentWeights
  public let inputGrid: LinearParameters
  public let stateScale: Float
  public let cellFractionBits: Int

  public init(
    weights: QuantizedRecurrentWeights, inputGrid: LinearParameters, stateScale: Float,
    cellFractionBits: Int
  ) throws {
    let place = "recurrent quantization"
    guard inputGrid.codes.lowerBound >= -128, inputGrid.codes.upperBound <= 127,
      inputGrid.scale.isFinite, inputGrid.scale > 0
    else {
      throw QuantizationError(.invalidArgument, "\(place): the input grid must be int8")
    }
    guard stateScale.isFinite, stateScale > 0 else {
      throw QuantizationError(.invalidArgument, "\(place): state scale \(stateScale) must be > 0")
    }
    guard (0...15).contains(cellFractionBits) else {
      throw QuantizationError(
        .invalidArgument, "\(place): cell fraction bits \(cellFractionBits) not in 0...15")
    }
    self.weights = weights
    self.inputGrid = inputGrid
    self.stateScale = stateScale
    self.cellFractionBits = cellFractionBits
  }

  public var cell: RecurrentCell { weights.original.cell }
  public var hidden: Int { weights.original.hidden }

  /// `s_x·s_W[c]` per column: the input accumulators' grid.
  public var inputScales: [Double] {
    weights.kernel.scales.map { Double(inputGrid.scale) * Double($0) }
  }
  /// `s_h·s_U[c]` per column: the recurrent accumulators' grid.
  public var recurrentScales: [Double] {
    weights.recurrent.scales.map { Double(stateScale) * Double($0) }
  }

  /// The integer twin: codes transposed to `[gates·hidden, k]` and packed, biases on the
  /// accumulator grids, multipliers from the scales.
  public func integerLayer() throws -> IntegerRecurrentLayer {
    let w = weights.original
    let gates = try IntegerGateParameters(
      cell: w.cell, hidden: w.hidden, inputScales: inputScales, recurrentScales: recurrentScales,
      bias: w.bias, recurrentBias: w.recurrentBias, stateScale: Double(stateScale),
      cellFractionBits: cellFractionBits)
    return try IntegerRecurrentLayer(
      gates: gates, inputWidth: w.inputWidth, inputZeroPoint: inputGrid.zeroPoint,
      bits: weights.bits, kernelCodes: QuantizedRecurrentWeights.transposedCodes(weights.kernel),
      recurrentCodes: QuantizedRecurrentWeights.transposedCodes(weights.recurrent))
  }
}
