import Testing

@testable import Kernels

/// `IntegerRecurrentLayer.forward` (sorted batch, one GEMM for all inputs, per-step GEMM over
/// the active rows, `integerGates`) against `forwardReference` (one sequence and one step at a
/// time on unpacked codes): bit for bit, on ragged sizes, int8 and int4, 1 and 2 threads, the
/// portable and AVX2 kernel paths.
@Suite struct IntegerRecurrentLayerTests {
  static let sizes: [(inputWidth: Int, hidden: Int, batch: Int)] = [
    (1, 1, 1), (3, 7, 5), (8, 17, 13), (32, 33, 9), (5, 20, 40),
  ]

  func randomLayer(
    _ cell: RecurrentCell, inputWidth: Int, hidden: Int, bits: Int, seed: UInt64
  ) throws -> IntegerRecurrentLayer {
    var random = IntegerTestRandom(seed: seed)
    let gates = try randomGateParameters(cell, hidden: hidden, &random)
    let range = bits == 8 ? -127...127 : -7...7
    return try IntegerRecurrentLayer(
      gates: gates, inputWidth: inputWidth, inputZeroPoint: Int32(random.int(in: -20...20)),
      bits: bits, kernelCodes: random.int8s(gates.width * inputWidth, in: range),
      recurrentCodes: random.int8s(gates.width * hidden, in: range))
  }

  @Test(arguments: RecurrentCell.allCases)
  func fastMatchesReference(cell: RecurrentCell) throws {
    let steps = 6
    for (s, size) in Self.sizes.enumerated() {
      for bits in [8, 4] {
        let layer = try randomLayer(
          cell, inputWidth: size.inputWidth, hidden: size.hidden, bits: bits, seed: UInt64(s))
        var random = IntegerTestRandom(seed: UInt64(500 + s))
        let inputs = random.int8s(size.batch * steps * size.inputWidth)
        let lengths = (0..<size.batch).map { _ in random.int(in: 0...steps) }
        let expected = try layer.forwardReference(inputs: inputs, lengths: lengths, steps: steps)
        if size.hidden >= 7 { #expect(expected.final.contains { $0 != 0 }) }
        for threads in [1, 2] {
          for path in [KernelPath.reference, .avx2] {
            var final = [Int8](repeating: 99, count: size.batch * size.hidden)
            var states = [Int8](repeating: 99, count: size.batch * steps * size.hidden)
            try layer.forward(
              inputs: inputs, lengths: lengths, steps: steps, final: &final, states: &states,
              threads: threads, kernels: path)
            let context = "\(cell) \(size) bits \(bits) threads \(threads) \(path)"
            #expect(final == expected.final, "\(context)")
            #expect(states == expected.states, "\(context)")
          }
        }
      }
    }
  }

  @Test(arguments: RecurrentCell.allCases)
  func tokenTableMatchesLookedUpCodes(cell: RecurrentCell) throws {
    let (vocabulary, width, steps) = (11, 6, 7)
    for bits in [8, 4] {
      let layer = try randomLayer(cell, inputWidth: width, hidden: 21, bits: bits, seed: 3)
      var random = IntegerTestRandom(seed: 4)
      let table = random.int8s(vocabulary * width)
      let lengths = (0..<30).map { _ in random.int(in: 0...steps) }
      let tokens = (0..<(30 * steps)).map { _ in Int32(random.int(in: 0...(vocabulary - 1))) }
      let codes = tokens.flatMap { table[(Int($0) * width)..<((Int($0) + 1) * width)] }
      let expected = try layer.forwardReference(inputs: codes, lengths: lengths, steps: steps)
      let parts = try layer.inputParts(codes: table, rows: vocabulary)
      for threads in [1, 2] {
        var final = [Int8](repeating: 99, count: 30 * 21)
        var states = [Int8](repeating: 99, count: 30 * steps * 21)
        try layer.forward(
          tokens: tokens, table: parts, vocabulary: vocabulary, lengths: lengths, steps: steps,
          final: &final, states: &states, threads: threads)
        #expect(final == expected.final, "\(cell) bits \(bits) threads \(threads)")
        #expect(states == expected.states, "\(cell) bits \(bits) threads \(threads)")
      }
      var final = [Int8](repeating: 0, count: 30 * 21)
      var bad = tokens
      bad[0] = Int32(vocabulary)
      #expect(throws: IntegerKernelError.self) {
        try layer.forward(
          tokens: bad, table: parts, vocabulary: vocabulary,
          lengths: [Int](repeating: 7, count: 30),
          steps: steps, final: &final, threads: 1)
      }
    }
  }

  @Test func paddingNeverChangesAResult() throws {
    let layer = try randomLayer(.gru, inputWidth: 4, hidden: 9, bits: 8, seed: 7)
    var random = IntegerTestRandom(seed: 8)
    var inputs = random.int8s(3 * 5 * 4)
    let lengths = [2, 5, 0]
    var first = [Int8](repeating: 0, count: 27)
    try layer.forward(inputs: inputs, lengths: lengths, steps: 5, final: &first, threads: 1)
    for t in 2..<5 { for e in 0..<4 { inputs[(0 * 5 + t) * 4 + e] = 127 } }
    for e in 0..<20 { inputs[2 * 20 + e] = -128 }
    var second = [Int8](repeating: 0, count: 27)
    try layer.forward(inputs: inputs, lengths: lengths, steps: 5, final: &second, threads: 1)
    #expect(first == second)
    #expect(first[18..<27].allSatisfy { $0 == 0 })
  }

  @Test func badLengthsThrow() throws {
    let layer = try randomLayer(.simple, inputWidth: 2, hidden: 3, bits: 8, seed: 9)
    #expect(throws: IntegerKernelError.self) {
      try layer.forwardReference(inputs: [Int8](repeating: 0, count: 8), lengths: [5], steps: 4)
    }
    var final = [Int8](repeating: 0, count: 3)
    #expect(throws: IntegerKernelError.self) {
      try layer.forward(
        inputs: [Int8](repeating: 0, count: 8), lengths: [-1], steps: 4, final: &final,
        threads: 1)
    }
  }
}
