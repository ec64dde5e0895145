/// The input parts `a = M_x·(accX + biasX)` (Q.12) of `rows` rows: the first, per-column stage
/// of the gates, separate because it depends only on the input (a word classifier computes it
/// once per vocabulary entry).
///
/// Shapes: `accX` `rows x gates·hidden` int32 (stride `ldx`) → `parts` (stride `ldp`).
public func integerInputParts(
  _ p: IntegerGateParameters, rows: Int, accX: UnsafePointer<Int32>, ldx: Int,
  parts: UnsafeMutablePointer<Int32>, ldp: Int
) throws(IntegerKernelError) {
  let width = p.width
  try require(rows >= 0, "integerInputParts", "row count \(rows) is negative")
  try require(ldx >= width && ldp >= width, "integerInputParts", "strides must be >= \(width)")
  p.inputMultipliers.withUnsafeBufferPointer { m in
    p.inputShifts.withUnsafeBufferPointer { s in
      p.inputBias.withUnsafeBufferPointer { b in
        for r in 0..<rows {
          let acc = accX + r * ldx
          let out = parts + r * ldp
          for k in 0..<width { out[k] = gatePart(acc[k], b[k], m[k], s[k]) }
        }
      }
    }
  }
}

/// One step of the integer gates for `rows` sequences at once: with
/// `integerInputParts`, the fast twin of `IntegerGatesReference.step`, bit for bit.
///
/// Shapes: row `i`'s input parts are `parts + partOffsets[i]` (`gates·hidden` int32 on Q.12,
/// from `integerInputParts`); `accH` is `rows x gates·hidden` int32 (stride `ldh`) without bias;
/// `h` is `rows x hidden` int8 codes (stride `ldState`), updated in place; `c` (LSTM only, else
/// nil) `rows x hidden` int16 (stride `ldState`). Rows are independent and split across
/// `threads` in fixed blocks of 8. `kernels` `.reference` runs the scalar units only; every
/// other path the AVX2 lanes (same bits).
public func integerGates(
  _ p: IntegerGateParameters, rows: Int, parts: UnsafePointer<Int32>,
  partOffsets: UnsafePointer<Int>, accH: UnsafePointer<Int32>, ldh: Int,
  h: UnsafeMutablePointer<Int8>, c: UnsafeMutablePointer<Int16>?, ldState: Int, threads: Int,
  kernels: KernelPath = KernelDispatch.current
) throws(IntegerKernelError) {
  let here = "integerGates"
  let width = p.width
  try require(rows >= 0, here, "row count \(rows) is negative")
  try require(ldh >= width, here, "accumulator stride must be >= \(width)")
  try require(ldState >= p.hidden, here, "state stride \(ldState) is smaller than \(p.hidden)")
  try require((p.cell == .lstm) == (c != nil), here, "the LSTM (only) needs a cell state")
  let blocks = (rows + 7) / 8
  parallelFor(blocks, threads: threads) { block in
    let u = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * width)
    defer { u.deallocate() }
    let first = block * 8
    integerGateRows(
      p, rows: Swift.min(rows, first + 8) - first, parts: parts, partOffsets: partOffsets + first,
      accH: accH + first * ldh, ldh: ldh, h: h + first * ldState,
      c: c.map { $0 + first * ldState }, ldState: ldState, scratch: u, kernels: kernels)
  }
}

/// `integerGates` on one thread, unchecked, with the caller's `scratch` (`2·gates·hidden`
/// int32): the AVX2 lanes on every path but `reference`, which runs the scalar units only.
func integerGateRows(
  _ p: IntegerGateParameters, rows: Int, parts: UnsafePointer<Int32>,
  partOffsets: UnsafePointer<Int>, accH: UnsafePointer<Int32>, ldh: Int,
  h: UnsafeMutablePointer<Int8>, c: UnsafeMutablePointer<Int16>?, ldState: Int,
  scratch u: UnsafeMutablePointer<Int32>, kernels: KernelPath
) {
  let vector = kernels != .reference
  for row in 0..<rows {
    gatesRow(
      p, parts + partOffsets[row], accH + row * ldh, h + row * ldState,
      c.map { $0 + row * ldState }, u, vector: vector)
  }
}

/// One row: `u` into `scratch` (8 columns at a time, then the rest), then the cell: the units
/// `0 ..< 8·(hidden / 8)` by `gateUnitPasses` (its scratch after `u`), the rest one by one.
@inline(__always)
private func gatesRow(
  _ p: IntegerGateParameters, _ a: UnsafePointer<Int32>, _ accH: UnsafePointer<Int32>,
  _ h: UnsafeMutablePointer<Int8>, _ c: UnsafeMutablePointer<Int16>?,
  _ u: UnsafeMutablePointer<Int32>, vector: Bool
) {
  let width = p.width
  var k = 0
  #if arch(x86_64)
    if vector { k = recurrentParts8(p, accH, u) }
  #endif
  p.recurrentMultipliers.withUnsafeBufferPointer { m in
    p.recurrentShifts.withUnsafeBufferPointer { s in
      p.recurrentBias.withUnsafeBufferPointer { b in
        for k in k..<width { u[k] = gatePart(accH[k], b[k], m[k], s[k]) }
      }
    }
  }
  var j = 0
  #if arch(x86_64)
    if vector {
      j = p.hidden / 8 * 8
      FixedPointActivation.sigmoid.expanded.withUnsafeBufferPointer { sigmoid in
        FixedPointActivation.tanh.expanded.withUnsafeBufferPointer { tanh in
          gateUnitPasses(
            p, j, a, u, h, c, u + width, sigmoid: sigmoid.baseAddress!, tanh: tanh.baseAddress!)
        }
      }
    }
  #endif
  for j in j..<p.hidden { gateUnit(p, j, a, u, h, c) }
}

/// Unit `j` of one row: the cell's formulas on the parts `a`, `u` (scalar).
@inline(__always)
private func gateUnit(
  _ p: IntegerGateParameters, _ j: Int, _ a: UnsafePointer<Int32>, _ u: UnsafePointer<Int32>,
  _ h: UnsafeMutablePointer<Int8>, _ c: UnsafeMutablePointer<Int16>?
) {
  let n = p.hidden
  let sigmoid = FixedPointActivation.sigmoid
  let tanh = FixedPointActivation.tanh
  let sm = p.stateMultiplier
  let ss = p.stateShift
  @inline(__always) func store(_ acc: Int32) -> Int8 {
    Int8(Swift.min(Swift.max(roundingDivideByPOT(acc, exponent: 15), -127), 127))
  }
  switch p.cell {
  case .simple:
    let t = Int32(tanh(gateInput(a[j], u[j])))
    h[j] = store(multiplyByQuantizedMultiplier(t << 15, multiplier: sm, shift: ss))
  case .gru:
    let z = Int32(sigmoid(gateInput(a[j], u[j])))
    let r = Int32(sigmoid(gateInput(a[n + j], u[n + j])))
    let gated = saturatingRoundingDoublingHighMul(r << 16, u[2 * n + j])
    let candidate = Int32(tanh(gateInput(a[2 * n + j], gated)))
    let mixed = multiplyByQuantizedMultiplier((32768 - z) * candidate, multiplier: sm, shift: ss)
    h[j] = store(Int32(clamping: Int64(z) * Int64(h[j]) + Int64(mixed)))
  case .lstm:
    let fraction = p.cellFractionBits
    let i = Int32(sigmoid(gateInput(a[j], u[j])))
    let f = Int32(sigmoid(gateInput(a[n + j], u[n + j])))
    let g = Int32(tanh(gateInput(a[2 * n + j], u[2 * n + j])))
    let o = Int32(sigmoid(gateInput(a[3 * n + j], u[3 * n + j])))
    let added = roundingDivideByPOT(i * g, exponent: 15 - fraction)
    let sum = Int32(clamping: Int64(f) * Int64(c![j]) + Int64(added))
    let next = Int16(Swift.min(Swift.max(roundingDivideByPOT(sum, exponent: 15), -32768), 32767))
    c![j] = next
    let squashed = Int32(tanh(cellOnQ12(next, fractionBits: fraction)))
    h[j] = store(multiplyByQuantizedMultiplier(o * squashed, multiplier: sm, shift: ss))
  }
}
