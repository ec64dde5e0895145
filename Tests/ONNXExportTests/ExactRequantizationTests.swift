import Kernels
import Testing

@testable import ONNXExport

/// `requantizeExactly`'s ONNX integer ops, evaluated here op by op with ONNX's integer
/// semantics (int64; `Div` truncates toward zero), against the engine's
/// `RequantizationStage.apply` on random and edge-case accumulators: bit-exact or it fails.
@Suite struct ExactRequantizationTests {
  /// A 64-bit linear congruential generator: the same cases on every host.
  struct Numbers {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 11
    }
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
      range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
  }

  /// Runs `nodes` on `inputs` (per-channel vectors; length-1 vectors broadcast).
  func evaluate(_ g: GraphBuilder, _ inputs: [String: [Int64]]) throws -> [String: [Int64]] {
    var values = inputs
    for t in g.initializers {
      let width = t.type == .int64 ? 8 : t.type == .int32 ? 4 : 1
      values[t.name] = stride(from: 0, to: t.raw.count, by: width).map { i in
        let bits = (0..<width).reduce(UInt64(0)) { $0 | UInt64(t.raw[i + $1]) << (8 * $1) }
        let shift = UInt64(64 - 8 * width)
        return Int64(bitPattern: bits << shift) >> Int64(shift)  // sign-extended
      }
    }
    for node in g.nodes {
      let args = try node.inputs.map { try #require(values[$0], "\($0) undefined") }
      let count = args.map(\.count).max() ?? 0
      let at = { (a: [Int64], i: Int) in a.count == 1 ? a[0] : a[i] }
      let result: [Int64] = try (0..<count).map { i in
        let x = at(args[0], i)
        switch node.op {
        case "Cast":
          if node.attributes.first?.1 == .int(Int(ONNXDataType.int8.rawValue)) {
            #expect((-128...127).contains(x), "Cast to int8 of \(x)")
          }
          return x
        case "Add": return x + at(args[1], i)
        case "Sub": return x - at(args[1], i)
        case "Mul": return x * at(args[1], i)
        case "Div": return x / at(args[1], i)
        case "Abs": return abs(x)
        case "Sign": return x.signum()
        case "Clip": return min(max(x, at(args[1], i)), at(args[2], i))
        default: throw ExportError("unexpected op \(node.op)")
        }
      }
      values[node.outputs[0]] = result
    }
    return values
  }

  func check(_ stage: RequantizationStage, bias: [Int32]?, _ numbers: inout Numbers) throws {
    var g = GraphBuilder()
    let acc = g.fresh("acc")
    let out = g.requantizeExactly(
      acc, bias: bias, stage: stage, channelDims: [stage.channels], name: "q")
    let edges: [Int64] = [0, 1, -1, 2, -2, Int64(Int32.max), Int64(Int32.min), 1 << 20, -(1 << 20)]
    for trial in 0..<400 {
      let vector = (0..<stage.channels).map { c -> Int64 in
        if trial < edges.count { return edges[trial] }
        // Ties of the final rounding: multiples of 2^(shift - 1) around the inverse multiplier.
        let wide = trial % 3 == 0 ? Int64(1) << 26 : Int64(1) << 14
        let tie = trial % 5 == 0 ? Int64(min(max(0, stage.shifts[c]), 12)) : 0
        return Int64(Int32(clamping: numbers.int(-wide...wide) << tie))
      }
      let result = try #require(try evaluate(g, [acc: vector])[out])
      for c in 0..<stage.channels {
        let engine = stage.apply(Int32(vector[c]), bias: bias?[c] ?? 0, channel: c)
        #expect(result[c] == Int64(engine), "acc \(vector[c]) channel \(c)")
      }
    }
  }

  @Test func matchesTheEnginesStageBitForBit() throws {
    var numbers = Numbers(state: 18)
    for shifts in [[0, 1, 7, 12], [-3, -1, 0, 5], [2, 2, 2, 2], [31, 20, 9, 3]] {
      let multipliers = shifts.map { _ in Int32(numbers.int((1 << 30)...(Int64(Int32.max)))) }
      let z = Int32(numbers.int(-128...127))
      let stage = try RequantizationStage(
        multipliers: multipliers, shifts: shifts, outputZeroPoint: z,
        outputMin: Int8(max(-128, z - 3)), outputMax: 120)
      try check(stage, bias: nil, &numbers)
      let bias = shifts.map { _ in Int32(numbers.int(-5000...5000)) }
      try check(stage, bias: bias, &numbers)
    }
  }

  /// Multipliers 2^30 and 1.5·2^30 make `x·m / 2^31` land on halves for many `x` (every odd
  /// x, every x = 2 mod 4), and small shifts put the second rounding on halves too: the tie
  /// rules of both roundings are exercised, not only the nearest values.
  @Test func tiesOfBothRoundings() throws {
    var numbers = Numbers(state: 30)
    let stage = try RequantizationStage(
      multipliers: [1 << 30, 3 << 29, 1 << 30, 3 << 29], shifts: [0, 0, 1, 3],
      outputZeroPoint: 0)
    try check(stage, bias: nil, &numbers)
  }

  @Test func realMultipliersOfInt4AndInt8Layers() throws {
    var numbers = Numbers(state: 4)
    // Multipliers from quantizeMultiplier, as the converter makes them (int4 weights: ~16x).
    let reals = [0.0021, 0.0347, 0.51, 0.00013, 1.7]
    let stage = try RequantizationStage(realMultipliers: reals, outputZeroPoint: -128)
    try check(stage, bias: [7, -300, 0, 12_000, -1], &numbers)
  }

  @Test func exactFormUsesIntegerOpsOnly() throws {
    let exact = try IntegerExport.graph(ExportFixture.integer, name: "int8")
    let ops = Set(exact.nodes.map(\.op))
    #expect(ops.contains("ConvInteger") && ops.contains("MatMulInteger"))
    #expect(ops.isDisjoint(with: ["QLinearConv", "QuantizeLinear", "Relu"]))
    // Only the final int32 logits are dequantized.
    #expect(exact.nodes.filter { $0.op == "DequantizeLinear" }.count == 1)
    let standard = try IntegerExport.graph(ExportFixture.integer, name: "int8", form: .qlinear)
    #expect(standard.nodes.contains { $0.op == "QLinearConv" })
  }
}
