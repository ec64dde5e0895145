import QuantizationMethods
import Testing

@testable import Quantization

private let schemes: [(QuantizationScheme, Int)] =
  [2, 3, 4, 8, 16].map { (.symmetric, $0) } + [1, 2, 4, 8, 16].map { (.asymmetric, $0) }

@Test func int8SymmetricCodeRangeAndHandExample() throws {
  #expect(QuantizationScheme.symmetric.codeRange(bits: 8) == -127...127)
  #expect(QuantizationScheme.asymmetric.codeRange(bits: 8) == -128...127)
  #expect(QuantizationScheme.asymmetric.codeRange(bits: 1) == -1...0)
  let q = try LinearQuantizer(bits: 8, granularity: .perTensor).quantize(
    [-1.27, 0, 0.5, 1.0], shape: [4])
  #expect(q.scales == [0.01])
  #expect(q.codes == [-127, 0, 50, 100])
  #expect(q.zeroPoints == [0])
}

@Test func asymmetricRangeIsWidenedToHoldZeroAndZeroPointIsNudged() throws {
  let p = try LinearParameters(min: 0.5, max: 2.55, bits: 8, scheme: .asymmetric)
  #expect(p.zeroPoint == -128)
  #expect(abs(p.scale - 0.01) < 1e-7)
  let n = try LinearParameters(min: -1, max: 3, bits: 8, scheme: .asymmetric)
  #expect(n.value(n.zeroPoint) == 0)
  #expect(n.codes == -128...127)
}

@Test func symmetricOneBitIsRejectedWithAMessage() {
  #expect(throws: QuantizationError.self) {
    try LinearQuantizer(bits: 1, scheme: .symmetric).quantize([1, -1], shape: [2])
  }
  #expect(throws: QuantizationError.self) {
    try LinearQuantizer(bits: 5).quantize([1, .nan], shape: [2])
  }
  #expect(throws: QuantizationError.self) {
    try LinearQuantizer(bits: 9).quantize([1, 2], shape: [2])
  }
}

@Test(arguments: propertySeeds)
func errorIsAtMostHalfAStepInsideTheRangeAndZeroIsExact(seed: UInt64) throws {
  for (scheme, bits) in schemes {
    for granularity in [QuantizationGranularity.perTensor, .perChannel, .perGroup(size: 5)] {
      var w = Synthetic.channelSkewed(inputs: 12, channels: 4, seed: seed)
      w[3] = 0
      let q = try LinearQuantizer(bits: bits, scheme: scheme, granularity: granularity)
        .quantize(w, shape: [3, 4, 4])
      #expect(q.values[3] == 0)
      for i in w.indices {
        let g = q.groups.group(ofElement: i)
        let levels = q.levels(ofGroup: g)
        guard w[i] >= levels.first!, w[i] <= levels.last! else { continue }
        // Half a step, plus the float rounding of w / scale and scale · q (matters at 16 bits).
        #expect(
          abs(w[i] - q.values[i]) <= q.scales[g] * 0.5 + 2 * w[i].magnitude.ulp, "bits \(bits)")
      }
    }
  }
}

@Test(arguments: propertySeeds)
func perChannelErrorNeverExceedsPerTensor(seed: UInt64) throws {
  let w = Synthetic.channelSkewed(inputs: 64, channels: 8, seed: seed)
  for bits in [2, 4, 8] {
    let tensor = try LinearQuantizer(bits: bits, granularity: .perTensor).quantize(
      w, shape: [64, 8])
    let channel = try LinearQuantizer(bits: bits, granularity: .perChannel).quantize(
      w, shape: [64, 8])
    #expect(meanSquaredError(w, channel.values) <= meanSquaredError(w, tensor.values))
  }
}

@Test(arguments: propertySeeds)
func quantizingTwiceChangesNothing(seed: UInt64) throws {
  let w = Synthetic.gaussian(count: 96, seed: seed)
  for (scheme, bits) in schemes {
    for granularity in [QuantizationGranularity.perTensor, .perChannel, .perGroup(size: 4)] {
      let quantizer = LinearQuantizer(bits: bits, scheme: scheme, granularity: granularity)
      let once = try quantizer.quantize(w, shape: [4, 3, 8])
      // With the same parameters the second pass is exactly the identity.
      let fixed = try quantizer.quantize(
        once.values, groups: once.groups,
        parameters: once.scales.indices.map {
          LinearParameters(
            scale: once.scales[$0], zeroPoint: once.zeroPoints[$0], codes: once.codeRange)
        })
      #expect(fixed.values == once.values)
      // Re-deriving the parameters from Q(w) reproduces Q(w) up to float rounding of the scale.
      let twice = try quantizer.quantize(once.values, shape: [4, 3, 8])
      for i in w.indices {
        #expect(abs(twice.values[i] - once.values[i]) <= 1e-5 * max(1, abs(once.values[i])))
      }
    }
  }
}

@Test func groupsRunAlongTheInputDimensionWithinEachChannel() throws {
  // Dense 6x2 (in x out): channel c holds elements 2k + c; groups of 4 cut k into [0,4) and [4,6).
  let groups = try QuantizationGroups(shape: [6, 2], granularity: .perGroup(size: 4))
  #expect(groups.groupCount == 4)
  #expect(groups.elementGroups() == [0, 2, 0, 2, 0, 2, 0, 2, 1, 3, 1, 3])
  let first = try QuantizationGroups(shape: [2, 3], channelAxis: 0, granularity: .perChannel)
  #expect(first.elementGroups() == [0, 0, 0, 1, 1, 1])
  #expect(throws: QuantizationError.self) {
    try QuantizationGroups(shape: [2, 3], channelAxis: 2, granularity: .perChannel)
  }
}

@Test func stochasticRoundingIsUnbiasedAndFixedBySeed() throws {
  let w: [Float] = Array(repeating: 0.3, count: 4000) + [1.0]
  let a = try LinearQuantizer(bits: 4, granularity: .perTensor, rounding: .stochastic(seed: 9))
    .quantize(w, shape: [w.count])
  let b = try LinearQuantizer(bits: 4, granularity: .perTensor, rounding: .stochastic(seed: 9))
    .quantize(w, shape: [w.count])
  let c = try LinearQuantizer(bits: 4, granularity: .perTensor, rounding: .stochastic(seed: 10))
    .quantize(w, shape: [w.count])
  #expect(a.values == b.values)
  #expect(a.values != c.values)
  let mean = a.values.dropLast().reduce(0.0) { $0 + Double($1) } / 4000
  #expect(abs(mean - 0.3) < 0.005)  // nearest rounding would give 2/7 ≈ 0.2857
  let nearest = try LinearQuantizer(bits: 4, granularity: .perTensor).quantize(w, shape: [w.count])
  #expect(abs(Double(nearest.values[0]) - 0.3) > 0.01)
}

@Test func packedSizeCountsCodesAndScales() throws {
  let w = Synthetic.gaussian(count: 64 * 8, seed: 3)
  let q = try LinearQuantizer(bits: 4).quantize(w, shape: [64, 8])
  #expect(q.packedByteCount == 64 * 8 / 2 + 8 * 4)
  #expect(abs(q.compressionRatio - Double(64 * 8 * 4) / Double(64 * 8 / 2 + 32)) < 1e-12)
}
