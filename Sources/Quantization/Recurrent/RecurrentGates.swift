import Kernels

/// The named gates of the recurrent cells, for ranges and error tables.
public enum RecurrentGate: String, Sendable, CaseIterable {
  /// GRU z.
  case update
  /// GRU r.
  case reset
  /// The tanh branch: the simple cell's only gate, GRU ĥ, LSTM g.
  case candidate
  /// LSTM i.
  case input
  /// LSTM f.
  case forget
  /// LSTM o.
  case output

  /// The symbol of the formulas (`z`, `r`, `ĥ`, `i`, `f`, `g`, `o`) in `cell`.
  public func symbol(in cell: RecurrentCell) -> String {
    switch self {
    case .update: "z"
    case .reset: "r"
    case .candidate: cell == .lstm ? "g" : "ĥ"
    case .input: "i"
    case .forget: "f"
    case .output: "o"
    }
  }
}

extension RecurrentCell {
  /// The gates in the order of the kernels' column blocks.
  public var gates: [RecurrentGate] {
    switch self {
    case .simple: [.candidate]
    case .gru: [.update, .reset, .candidate]
    case .lstm: [.input, .forget, .candidate, .output]
    }
  }
}

/// The weights of one recurrent layer quantized per output column, symmetric, at 8 or 4 bits.
///
/// `kernel` is `[inputWidth, gates·hidden]`, `recurrent` `[hidden, gates·hidden]`, both with
/// channel axis -1 (one scale per column: per gate and unit); biases stay real here and go
/// onto the accumulator grids when the layer is converted to integers.
public struct QuantizedRecurrentWeights: Sendable {
  public let original: RecurrentCellWeights
  public let bits: Int
  public let kernel: QuantizedWeights
  public let recurrent: QuantizedWeights

  /// Quantizes both matrices with `LinearQuantizer` (symmetric, per channel).
  /// - Throws: for bits other than 8 and 4 (the integer GEMM's widths).
  public init(_ weights: RecurrentCellWeights, bits: Int) throws {
    guard bits == 8 || bits == 4 else {
      throw QuantizationError(
        .invalidArgument, "recurrent quantization: bits must be 8 or 4, got \(bits)")
    }
    let width = weights.cell.gateCount * weights.hidden
    let quantizer = LinearQuantizer(bits: bits, scheme: .symmetric, granularity: .perChannel)
    original = weights
    self.bits = bits
    kernel = try quantizer.quantize(weights.kernel, shape: [weights.inputWidth, width])
    recurrent = try quantizer.quantize(weights.recurrentKernel, shape: [weights.hidden, width])
  }

  /// The cell with both matrices replaced by their fake-quant values (biases unchanged).
  public var dequantized: RecurrentCellWeights {
    var w = original
    w.kernel = kernel.values
    w.recurrentKernel = recurrent.values
    return w
  }

  /// Codes `[gates·hidden, k]` (one row per output column), the integer GEMM's layout.
  static func transposedCodes(_ q: QuantizedWeights) -> [Int8] {
    let k = q.groups.shape[0]
    let n = q.groups.shape[1]
    var codes = [Int8](repeating: 0, count: n * k)
    for p in 0..<k {
      for j in 0..<n { codes[j * k + p] = Int8(q.codes[p * n + j]) }
    }
    return codes
  }
}
