// The fixed-point arithmetic of one step of an integer recurrent cell (per unit j, gate g of
// `RecurrentCell` order, column `gH + j` of the `gates·hidden` accumulators):
//
//   a_g = M_x[gH+j] · (accX + biasX)     accX = Σ (x - z_x)·W  (int32, exact)
//   u_g = M_h[gH+j] · (accH + biasH)     accH = Σ h·U          (h symmetric: zero point 0)
//
// each `M ·` a `multiplyByQuantizedMultiplier` onto the Q.12 grid (int32, real = v / 4096);
// `M_x = s_x·s_W[c]·2^12`, `M_h = s_h·s_U[c]·2^12`. A gate's input is `sat16(a_g + u_g)` on
// Q3.12 (GRU candidate: `sat16(a_h + SRDHM(r·2^16, u_h))`, `r ⊙ u_h` in Q.12, rounded once);
// σ and tanh are `FixedPointActivation` (Q0.15 out). With `M_s = 2^-15 / s_h` and h int8 on
// `s_h·q` (clamped to [-127, 127]), the new state is `h' = roundingDivideByPOT(acc, 15)` where
//
//   simple: acc = M_s · (t·2^15)                     t = tanh(a + u)
//   GRU:    acc = z·h + M_s · ((2^15 - z)·ĥ)         (z·h + (1 - z)·ĥ, in h codes times 2^15)
//   LSTM:   c' = sat16(roundingDivideByPOT(f·c + roundingDivideByPOT(i·g, 15 - F), 15)),
//           acc = M_s · (o·tanh(c' on Q3.12))
//
// with c int16 on `real = c·2^-F` (F = `cellFractionBits`, chosen from the calibrated range).
// Sums go through Int64 and saturate to int32 before each multiplier.

/// The fixed-point constants of one integer recurrent layer's gates (see the file comment).
public struct IntegerGateParameters: Sendable, Equatable {
  public let cell: RecurrentCell
  public let hidden: Int
  /// Per accumulator column (`gates·hidden`): the Q31 multiplier and shift onto Q.12 of the
  /// input part and of the recurrent part.
  public let inputMultipliers: [Int32]
  public let inputShifts: [Int]
  public let recurrentMultipliers: [Int32]
  public let recurrentShifts: [Int]
  /// Per column: the input bias on `s_x·s_W[c]`, the recurrent bias (GRU) on `s_h·s_U[c]`.
  public let inputBias: [Int32]
  public let recurrentBias: [Int32]
  /// `M_s = 2^-15 / s_h` as multiplier and shift.
  public let stateMultiplier: Int32
  public let stateShift: Int
  /// F: the LSTM cell state is int16 with `real = c·2^-F`, F in 0...15 (unused otherwise).
  public let cellFractionBits: Int
  /// The recurrent shifts split for the vector kernels: `max(0, -shift)`, `max(0, shift)`.
  let recurrentLeft: [Int32]
  let recurrentRight: [Int32]

  /// Builds the constants from real scales: `inputScales[c] = s_x·s_W[c]`,
  /// `recurrentScales[c] = s_h·s_U[c]`, biases real (`recurrentBias` empty but for the GRU).
  public init(
    cell: RecurrentCell, hidden: Int, inputScales: [Double], recurrentScales: [Double],
    bias: [Float], recurrentBias: [Float], stateScale: Double, cellFractionBits: Int
  ) throws(IntegerKernelError) {
    let here = "IntegerGateParameters"
    let width = cell.gateCount * hidden
    try require(hidden >= 1, here, "needs at least one unit, got \(hidden)")
    try require(
      inputScales.count == width && recurrentScales.count == width && bias.count == width,
      here, "scales and bias need gates·hidden = \(width) values each")
    try require(
      recurrentBias.count == (cell == .gru ? width : 0), here,
      "a GRU has \(width) recurrent biases; other cells none")
    try require(
      stateScale.isFinite && stateScale > 0, here, "state scale \(stateScale) must be > 0")
    try require((0...15).contains(cellFractionBits), here, "cell fraction bits must be 0...15")
    func split(_ scales: [Double]) throws(IntegerKernelError) -> ([Int32], [Int]) {
      var m: [Int32] = []
      var s: [Int] = []
      for scale in scales {
        try require(scale.isFinite && scale > 0, here, "scale \(scale) must be finite and > 0")
        let q = try quantizeMultiplier(scale * 4096)
        m.append(q.multiplier)
        s.append(q.shift)
      }
      return (m, s)
    }
    func onGrid(_ values: [Float], _ scales: [Double]) throws(IntegerKernelError) -> [Int32] {
      var out: [Int32] = []
      for (v, s) in zip(values, scales) {
        let q = (Double(v) / s).rounded(.toNearestOrAwayFromZero)
        try require(abs(q) < 0x1p31, here, "bias \(v) overflows int32 on scale \(s)")
        out.append(Int32(q))
      }
      return out
    }
    self.cell = cell
    self.hidden = hidden
    (inputMultipliers, inputShifts) = try split(inputScales)
    (recurrentMultipliers, recurrentShifts) = try split(recurrentScales)
    recurrentLeft = recurrentShifts.map { Int32(Swift.max(0, -$0)) }
    recurrentRight = recurrentShifts.map { Int32(Swift.max(0, $0)) }
    inputBias = try onGrid(bias, inputScales)
    self.recurrentBias =
      recurrentBias.isEmpty
      ? [Int32](repeating: 0, count: width) : try onGrid(recurrentBias, recurrentScales)
    (stateMultiplier, stateShift) = try quantizeMultiplier(0x1p-15 / stateScale)
    self.cellFractionBits = cellFractionBits
  }

  /// `gates·hidden`.
  public var width: Int { cell.gateCount * hidden }
}

/// `M·(acc + bias)` onto Q.12: the sum saturated to int32, then the quantized multiplier.
@inline(__always)
func gatePart(_ acc: Int32, _ bias: Int32, _ multiplier: Int32, _ shift: Int) -> Int32 {
  multiplyByQuantizedMultiplier(
    Int32(clamping: Int64(acc) + Int64(bias)), multiplier: multiplier, shift: shift)
}

/// `sat16(a + b)` as an int32 Q3.12 gate input.
@inline(__always)
func gateInput(_ a: Int32, _ b: Int32) -> Int32 {
  Int32(Swift.min(Swift.max(Int64(a) + Int64(b), -32768), 32767))
}

/// The LSTM's `tanh` input: c' (`F` fraction bits) on Q3.12 (the table saturates past ±8).
@inline(__always)
func cellOnQ12(_ c: Int16, fractionBits f: Int) -> Int32 {
  f >= 12
    ? roundingDivideByPOT(Int32(c), exponent: f - 12) : Int32(clamping: Int64(c) << (12 - f))
}
