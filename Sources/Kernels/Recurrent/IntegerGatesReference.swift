/// The plain reference of the integer gates: one sequence, one unit at a time, each formula of
/// `IntegerGateParameters`' file comment written out with the scalar fixed-point functions.
public enum IntegerGatesReference {
  /// Updates `h` (`[hidden]` int8 codes) and, for the LSTM, `c` (`[hidden]` int16) from one
  /// step's accumulators `accX` and `accH` (`[gates·hidden]` int32, bias not added).
  public static func step(
    _ p: IntegerGateParameters, accX: [Int32], accH: [Int32], h: inout [Int8], c: inout [Int16]
  ) {
    let n = p.hidden
    let sigmoid = FixedPointActivation.sigmoid
    let tanh = FixedPointActivation.tanh
    func a(_ column: Int) -> Int32 {
      gatePart(
        accX[column], p.inputBias[column], p.inputMultipliers[column], p.inputShifts[column])
    }
    func u(_ column: Int) -> Int32 {
      gatePart(
        accH[column], p.recurrentBias[column], p.recurrentMultipliers[column],
        p.recurrentShifts[column])
    }
    func toState(_ q30: Int32) -> Int32 {
      multiplyByQuantizedMultiplier(q30, multiplier: p.stateMultiplier, shift: p.stateShift)
    }
    func store(_ acc: Int32) -> Int8 {
      Int8(Swift.min(Swift.max(roundingDivideByPOT(acc, exponent: 15), -127), 127))
    }
    for j in 0..<n {
      switch p.cell {
      case .simple:
        let t = Int32(tanh(gateInput(a(j), u(j))))
        h[j] = store(toState(t << 15))
      case .gru:
        let z = Int32(sigmoid(gateInput(a(j), u(j))))
        let r = Int32(sigmoid(gateInput(a(n + j), u(n + j))))
        let gated = saturatingRoundingDoublingHighMul(r << 16, u(2 * n + j))
        let candidate = Int32(tanh(gateInput(a(2 * n + j), gated)))
        let keep = Int64(z) * Int64(h[j])
        let acc = keep + Int64(toState((32768 - z) * candidate))
        h[j] = store(Int32(clamping: acc))
      case .lstm:
        let i = Int32(sigmoid(gateInput(a(j), u(j))))
        let f = Int32(sigmoid(gateInput(a(n + j), u(n + j))))
        let g = Int32(tanh(gateInput(a(2 * n + j), u(2 * n + j))))
        let o = Int32(sigmoid(gateInput(a(3 * n + j), u(3 * n + j))))
        let fraction = p.cellFractionBits
        let added = roundingDivideByPOT(i * g, exponent: 15 - fraction)
        let sum = Int32(clamping: Int64(f) * Int64(c[j]) + Int64(added))
        let next = roundingDivideByPOT(sum, exponent: 15)
        c[j] = Int16(Swift.min(Swift.max(next, -32768), 32767))
        let squashed = Int32(tanh(cellOnQ12(c[j], fractionBits: fraction)))
        h[j] = store(toState(o * squashed))
      }
    }
  }
}
