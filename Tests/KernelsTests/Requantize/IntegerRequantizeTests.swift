import Testing

@testable import Kernels

/// `numerator / 2^log2Denominator` rounded half away from zero, exactly (Int128).
private func exactRound(_ numerator: Int128, _ log2Denominator: Int) -> Int128 {
  let denominator = Int128(1) << log2Denominator
  let magnitude = numerator.magnitude
  var quotient = Int128(magnitude / UInt128(denominator))
  if 2 * (magnitude % UInt128(denominator)) >= UInt128(denominator) { quotient += 1 }
  return numerator < 0 ? -quotient : quotient
}

/// `floor(numerator / 2^log2Denominator + 1/2)`: nearest, ties toward +infinity (Int128).
private func exactRoundTiesUp(_ numerator: Int128, _ log2Denominator: Int) -> Int128 {
  (numerator + (Int128(1) << (log2Denominator - 1))) >> log2Denominator  // >> floors
}

private let edgeValues: [Int32] = [
  .min, .min + 1, -(1 << 30) - 1, -65536, -3, -2, -1, 0, 1, 2, 3, 1 << 15, 1 << 30, .max - 1, .max,
]

@Test func quantizeMultiplierEdges() throws {
  #expect(try quantizeMultiplier(0.5) == (1 << 30, 0))
  #expect(try quantizeMultiplier(0.25) == (1 << 30, 1))
  #expect(try quantizeMultiplier(0.75) == (3 << 29, 0))
  #expect(try quantizeMultiplier(1.5) == (3 << 29, -1))
  #expect(try quantizeMultiplier(0) == (0, 0))
  // Just below 1: the Q31 value rounds up to 2^31, so it becomes 2^30 with one more bit.
  #expect(try quantizeMultiplier(1 - 0x1p-40) == (1 << 30, -1))
  // (2^31 - 1) / 2^31 is exactly representable: the largest multiplier, shift 0.
  #expect(try quantizeMultiplier(Double(Int32.max) / 0x1p31) == (.max, 0))
  // Shift 31 and below: the multiplier shrinks instead of the shift growing.
  #expect(try quantizeMultiplier(0x1p-32) == (1 << 30, 31))
  #expect(try quantizeMultiplier(0x1p-40) == (1 << 22, 31))
  #expect(try quantizeMultiplier(0x1p-70) == (0, 31))
  for bad in [-1.0, .nan, .infinity, 0x1p31] {
    #expect(throws: IntegerKernelError.self) { _ = try quantizeMultiplier(bad) }
  }
  // Relative error at most 2^-31 over [2^-31, 2^31).
  var random = IntegerTestRandom(seed: 11)
  for _ in 0..<2000 {
    let significand = 1 + Double(random.next() >> 11) / 0x1p53
    let real = Double(sign: .plus, exponent: random.int(in: -31...30), significand: significand)
    let (multiplier, shift) = try quantizeMultiplier(real)
    let back = Double(multiplier) / 0x1p31 / Double(sign: .plus, exponent: shift, significand: 1)
    #expect(abs(back - real) <= real * 0x1p-31, "real \(real)")
    #expect(multiplier >= 1 << 30)
  }
}

@Test func fixedPointStepsMatchExactRounding() {
  var values = edgeValues
  var random = IntegerTestRandom(seed: 12)
  for _ in 0..<300 { values.append(Int32(truncatingIfNeeded: random.next())) }
  for a in values {
    for b in values {
      let exact = exactRoundTiesUp(Int128(a) * Int128(b), 31)
      let expected = Int32(clamping: exact)  // only Int32.min * Int32.min saturates
      #expect(saturatingRoundingDoublingHighMul(a, b) == expected, "a=\(a) b=\(b)")
    }
    for exponent in 0...31 {
      #expect(
        roundingDivideByPOT(a, exponent: exponent) == Int32(exactRound(Int128(a), exponent)),
        "x=\(a) exponent=\(exponent)")
    }
  }
  #expect(saturatingRoundingDoublingHighMul(.min, .min) == .max)
  #expect(saturatingRoundingDoublingHighMul(-3, 1 << 30) == -1)  // -1.5 -> -1 (ties up)
  #expect(saturatingRoundingDoublingHighMul(3, 1 << 30) == 2)  // 1.5 -> 2
  #expect(roundingDivideByPOT(3, exponent: 1) == 2)  // 1.5 -> 2
  #expect(roundingDivideByPOT(-3, exponent: 1) == -2)  // -1.5 -> -2
  #expect(roundingDivideByPOT(.min, exponent: 31) == -1)
  #expect(roundingDivideByPOT(.max, exponent: 31) == 1)
}

/// The two-step rounding is within 1 of rounding the exact product `x * M` once.
@Test func quantizedMultiplierIsWithinOneOfExact() {
  var random = IntegerTestRandom(seed: 13)
  let multipliers: [Int32] = [1 << 30, (1 << 30) + 1, .max, .max - 1, 1_500_000_000]
  for multiplier in multipliers {
    for shift in [-3, -1, 0, 1, 7, 30, 31] {
      var xs = edgeValues
      for _ in 0..<200 {
        xs.append(Int32(truncatingIfNeeded: random.next()) >> random.int(in: 0...31))
      }
      for x in xs {
        let got = multiplyByQuantizedMultiplier(x, multiplier: multiplier, shift: shift)
        let left = max(0, -shift)
        let shifted = Int128(Int32(clamping: Int64(x) << left))  // the saturating left shift
        let once = exactRound(shifted * Int128(multiplier), 31 + max(0, shift))
        #expect(abs(Int128(got) - once) <= 1, "x=\(x) M=\(multiplier) shift=\(shift)")
      }
    }
  }
}

@Test func requantizeMatchesReferenceAndSaturates() throws {
  var random = IntegerTestRandom(seed: 14)
  // With and without left shifts (the vector path skips that step when no channel has one).
  let shiftPatterns = [[0, 31, -2, 1, 30, 5, 12, -31], [0, 31, 2, 1, 30, 5, 12, 7]]
  for (m, n, pattern) in [
    (1, 1, 0), (1, 9, 0), (9, 1, 1), (5, 8, 0), (5, 8, 1), (7, 37, 0), (3, 64, 1), (20, 16, 1),
  ] {
    let shifts = (0..<n).map { j in shiftPatterns[pattern][j % 8] }
    let multipliers = (0..<n).map { j in
      j % 3 == 0 ? Int32.max : Int32(random.int(in: (1 << 30)...Int(Int32.max)))
    }
    for (zero, low, high): (Int32, Int8, Int8) in [(0, -128, 127), (-5, -5, 127), (100, -20, 20)] {
      let stage = try RequantizationStage(
        multipliers: multipliers, shifts: shifts, outputZeroPoint: zero, outputMin: low,
        outputMax: high)
      let lda = n + 1
      let ldo = n + 3
      var acc = (0..<(m * lda)).map { _ in
        Int32(truncatingIfNeeded: random.next()) >> random.int(in: 0...31)
      }
      for (i, edge) in edgeValues.enumerated() where i < acc.count { acc[i * 7 % acc.count] = edge }
      let bias = (0..<n).map { j in
        j % 4 == 0 ? Int32.max : Int32(random.int(in: -100_000...100_000))
      }
      var fast = [Int8](repeating: 0, count: m * ldo)
      var reference = fast
      try requantize(
        m: m, n: n, accumulators: acc, lda: lda, bias: bias, stage: stage, output: &fast, ldo: ldo)
      try requantizeReference(
        m: m, n: n, accumulators: acc, lda: lda, bias: bias, stage: stage, output: &reference,
        ldo: ldo)
      #expect(fast == reference, "m=\(m) n=\(n) zero=\(zero)")
      for i in 0..<m {
        for j in 0..<n {
          #expect((low...high).contains(fast[i * ldo + j]))
        }
      }
    }
  }
  // Saturation at both ends, and a fused ReLU (outputMin = zero point).
  let stage = try RequantizationStage(realMultipliers: [0.5, 0.5], outputZeroPoint: 10)
  var out = [Int8](repeating: 0, count: 4)
  try requantize(
    m: 2, n: 2, accumulators: [.max, .min, 7, -7], lda: 2, bias: nil, stage: stage, output: &out,
    ldo: 2)
  #expect(out == [127, -128, 14, 7])  // 3.5 -> 4 and -3.5 -> -3: the high mul's ties go up
  let relu = try RequantizationStage(realMultipliers: [0.5], outputZeroPoint: 10, outputMin: 10)
  var one = [Int8](repeating: 0, count: 1)
  try requantize(
    m: 1, n: 1, accumulators: [-100], lda: 1, bias: [0], stage: relu, output: &one, ldo: 1)
  #expect(one == [10])
  #expect(throws: IntegerKernelError.self) {
    _ = try RequantizationStage(multipliers: [1], shifts: [32], outputZeroPoint: 0)
  }
  #expect(requantizationRoundingRule.contains("ties away from zero"))
}

/// Ties in both rounding steps on the vector path: multiplier 2^30 (0.5) on odd accumulators
/// is an exact half in the high multiply, and small shifts of odd values are exact halves too.
@Test func requantizeVectorPathRoundsTiesLikeTheScalarRule() throws {
  let n = 16
  let m = 41
  let multipliers = (0..<n).map { j in j % 2 == 0 ? Int32(1 << 30) : Int32(3 << 29) }
  let shifts = (0..<n).map { j in j % 4 }
  let stage = try RequantizationStage(multipliers: multipliers, shifts: shifts, outputZeroPoint: 0)
  let accumulators = (0..<(m * n)).map { Int32($0 % 97) - 48 }  // -48 ... 48, odd and even
  var fast = [Int8](repeating: 0, count: m * n)
  var reference = fast
  try requantize(
    m: m, n: n, accumulators: accumulators, lda: n, bias: nil, stage: stage, output: &fast, ldo: n)
  try requantizeReference(
    m: m, n: n, accumulators: accumulators, lda: n, bias: nil, stage: stage, output: &reference,
    ldo: n)
  #expect(fast == reference)
  // Spot checks. Channel 0: M = 0.5, shift 0: -1.5 -> -1 and 1.5 -> 2 (high multiply: ties
  // up). Channel 1: 0.75, shift 1: -2 * 0.75 = -1.5 -> -1, then -1 / 2 = -0.5 -> -1 (divide:
  // ties away from zero); 2 -> 1.5 -> 2, / 2 = 1.
  #expect(stage.apply(-3, bias: 0, channel: 0) == -1)
  #expect(stage.apply(3, bias: 0, channel: 0) == 2)
  #expect(stage.apply(-2, bias: 0, channel: 1) == -1)
  #expect(stage.apply(2, bias: 0, channel: 1) == 1)
  #expect(stage.apply(6, bias: 0, channel: 2) == 1)  // 6 * 0.5 = 3, / 4 = 0.75 -> 1
  #expect(stage.apply(-10, bias: 0, channel: 2) == -1)  // -5 / 4 = -1.25 -> -1
}
