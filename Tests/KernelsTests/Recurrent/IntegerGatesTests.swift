import Testing

@testable import Kernels

/// Random gate constants of a plausible size: accumulators of ±20,000 map to about ±2.
func randomGateParameters(
  _ cell: RecurrentCell, hidden: Int, _ random: inout IntegerTestRandom
) throws -> IntegerGateParameters {
  let width = cell.gateCount * hidden
  func scales() -> [Double] { (0..<width).map { _ in 2e-5 + 1e-4 * Double(random.float() + 1) } }
  return try IntegerGateParameters(
    cell: cell, hidden: hidden, inputScales: scales(), recurrentScales: scales(),
    bias: random.floats(width), recurrentBias: cell == .gru ? random.floats(width) : [],
    stateScale: 1 / (100 + Double(random.int(in: 0...40))),
    cellFractionBits: random.int(in: 10...13))
}

/// `integerGates` against `IntegerGatesReference` on ragged unit counts, row counts, strides
/// and thread counts: bit for bit.
@Suite struct IntegerGatesTests {
  @Test(arguments: RecurrentCell.allCases)
  func fastMatchesReference(cell: RecurrentCell) throws {
    let paths = runnablePaths("IntegerGatesTests.fastMatchesReference")
    for (s, (hidden, rows)) in [(1, 1), (7, 5), (17, 13), (33, 9), (128, 3)].enumerated() {
      var random = IntegerTestRandom(seed: UInt64(300 + s))
      let p = try randomGateParameters(cell, hidden: hidden, &random)
      let width = p.width
      let (ldx, ldh, ldState) = (width + 3, width + 1, hidden + 2)
      let accX = (0..<(rows * ldx)).map { _ in Int32(random.int(in: -30000...30000)) }
      let accH = (0..<(rows * ldh)).map { _ in Int32(random.int(in: -30000...30000)) }
      let h0 = random.int8s(rows * ldState, in: -127...127)
      let c0 = (0..<(rows * ldState)).map { _ in Int16(random.int(in: -20000...20000)) }
      var expectedH = h0
      var expectedC = c0
      for r in 0..<rows {
        var h = Array(h0[(r * ldState)..<(r * ldState + hidden)])
        var c = Array(c0[(r * ldState)..<(r * ldState + hidden)])
        IntegerGatesReference.step(
          p, accX: Array(accX[(r * ldx)..<(r * ldx + width)]),
          accH: Array(accH[(r * ldh)..<(r * ldh + width)]), h: &h, c: &c)
        expectedH.replaceSubrange((r * ldState)..<(r * ldState + hidden), with: h)
        if cell == .lstm {
          expectedC.replaceSubrange((r * ldState)..<(r * ldState + hidden), with: c)
        }
      }
      #expect(expectedH != h0, "the step must change the state")
      var parts = [Int32](repeating: -1, count: rows * (width + 5))
      try integerInputParts(
        p, rows: rows, accX: accX, ldx: ldx, parts: &parts, ldp: width + 5)
      let offsets = (0..<rows).map { $0 * (width + 5) }
      for threads in [1, 2] {
        for path in paths {
          var h = h0
          var c = c0
          try h.withUnsafeMutableBufferPointer { hp in
            try c.withUnsafeMutableBufferPointer { cp in
              try integerGates(
                p, rows: rows, parts: parts, partOffsets: offsets, accH: accH,
                ldh: ldh, h: hp.baseAddress!, c: cell == .lstm ? cp.baseAddress! : nil,
                ldState: ldState, threads: threads, kernels: path)
            }
          }
          let context = "\(cell) hidden \(hidden) rows \(rows) threads \(threads) \(path)"
          #expect(h == expectedH, "\(context)")
          #expect(c == expectedC, "cell state, \(context)")
        }
      }
    }
  }

  @Test func badArgumentsThrow() throws {
    var random = IntegerTestRandom(seed: 1)
    let p = try randomGateParameters(.lstm, hidden: 4, &random)
    var h = [Int8](repeating: 0, count: 4)
    let acc = [Int32](repeating: 0, count: 16)
    #expect(throws: IntegerKernelError.self) {
      try integerGates(
        p, rows: 1, parts: acc, partOffsets: [0], accH: acc, ldh: 16, h: &h, c: nil,
        ldState: 4, threads: 1)
    }
    #expect(throws: IntegerKernelError.self) {
      try IntegerGateParameters(
        cell: .gru, hidden: 2, inputScales: [1, 1, 1, 1, 1, 1],
        recurrentScales: [1, 1, 1, 1, 1, 1],
        bias: [0, 0, 0, 0, 0, 0], recurrentBias: [], stateScale: 0.01, cellFractionBits: 12)
    }
  }
}
