import Testing

@testable import Kernels

/// The fast integer recurrence on the shapes its blocking must handle: batch 1 (the row
/// kernel, no threads), 63 and 257 (partial tiles and groups), every length 1...16 in one
/// batch (rows dropping out at every step), units not a multiple of 8 or 16; int8 and int4,
/// 1 and 2 threads, every cell, every kernel path this CPU has (the reference forced too).
/// Bit for bit against `forwardReference`, through both entries (`inputs:` and `tokens:`).
@Suite struct IntegerRecurrentRaggedTests {
  /// (batch, hidden, inputWidth): hidden 130 crosses 16-lane panels, 37 and 20 are ragged.
  static let shapes: [(batch: Int, hidden: Int, inputWidth: Int)] = [
    (1, 130, 7), (1, 5, 3), (63, 37, 5), (257, 20, 4),
  ]

  func layer(_ cell: RecurrentCell, hidden: Int, inputWidth: Int, bits: Int, seed: UInt64)
    throws -> IntegerRecurrentLayer
  {
    var random = IntegerTestRandom(seed: seed)
    let gates = try randomGateParameters(cell, hidden: hidden, &random)
    let range = bits == 8 ? -127...127 : -8...7
    return try IntegerRecurrentLayer(
      gates: gates, inputWidth: inputWidth, inputZeroPoint: Int32(random.int(in: -9...9)),
      bits: bits, kernelCodes: random.int8s(gates.width * inputWidth, in: range),
      recurrentCodes: random.int8s(gates.width * hidden, in: range))
  }

  @Test(arguments: RecurrentCell.allCases)
  func fastMatchesReferenceOnRaggedShapes(cell: RecurrentCell) throws {
    let paths = runnablePaths("fastMatchesReferenceOnRaggedShapes")
    let steps = 16
    for (s, shape) in Self.shapes.enumerated() {
      for bits in [8, 4] {
        let layer = try layer(
          cell, hidden: shape.hidden, inputWidth: shape.inputWidth, bits: bits,
          seed: UInt64(40 + s))
        var random = IntegerTestRandom(seed: UInt64(900 + s))
        let (batch, n, width) = (shape.batch, shape.hidden, shape.inputWidth)
        let vocabulary = 13
        let table = random.int8s(vocabulary * width)
        let tokens = (0..<(batch * steps)).map { _ in Int32(random.int(in: 0...12)) }
        let inputs = tokens.flatMap { table[(Int($0) * width)..<((Int($0) + 1) * width)] }
        // Every length 1...16 occurs when the batch allows; batch 1 runs the full 16.
        let lengths = (0..<batch).map { batch == 1 ? steps : 1 + $0 % steps }
        let expected = try layer.forwardReference(inputs: inputs, lengths: lengths, steps: steps)
        #expect(expected.final.contains { $0 != 0 })
        let parts = try layer.inputParts(codes: table, rows: vocabulary)
        for threads in [1, 2] {
          for path in paths {
            let context = "\(cell) \(shape) int\(bits) threads \(threads) \(path)"
            var final = [Int8](repeating: 99, count: batch * n)
            var states = [Int8](repeating: 99, count: batch * steps * n)
            try layer.forward(
              inputs: inputs, lengths: lengths, steps: steps, final: &final, states: &states,
              threads: threads, kernels: path)
            #expect(final == expected.final, "inputs: \(context)")
            #expect(states == expected.states, "inputs: \(context)")
            var tableFinal = [Int8](repeating: 99, count: batch * n)
            try layer.forward(
              tokens: tokens, table: parts, vocabulary: vocabulary, lengths: lengths,
              steps: steps, final: &tableFinal, threads: threads, kernels: path)
            #expect(tableFinal == expected.final, "tokens: \(context)")
          }
        }
      }
    }
  }
}
