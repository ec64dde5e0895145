import Testing

@testable import Quantization

@Test func logLevelsArePowersOfTwoAroundZero() throws {
  let q = LogQuantizer(bits: 3)
  #expect(try q.levels(maxMagnitude: 1.1) == [-1, -0.5, -0.25, 0, 0.25, 0.5, 1])
  #expect(try LogQuantizer(bits: 2).levels(maxMagnitude: 3) == [-4, 0, 4])
  let r = try q.quantize([0, 0.3, -0.9, 0.1, 0.01, 0.74], shape: [6])
  #expect(r.values == [0, 0.25, -1, 0.0, 0, 0.5])
  #expect(r.codebook.count == 7)
  #expect(throws: QuantizationError.self) { try LogQuantizer(bits: 1).quantize([1], shape: [1]) }
}

@Test(arguments: propertySeeds)
func logQuantizationPicksTheNearestLevel(seed: UInt64) throws {
  let w = Synthetic.gaussian(count: 200, seed: seed)
  let r = try LogQuantizer(bits: 4).quantize(w, shape: [200])
  for (x, v) in zip(w, r.values) {
    let best = r.codebook.map { abs($0 - x) }.min()!
    #expect(abs(v - x) == best)
  }
}

@Test(arguments: propertySeeds)
func kMeansCodebookIsSmallAndBeatsLinearOnBimodalWeights(seed: UInt64) throws {
  let w = Synthetic.bimodal(count: 600, seed: seed)
  for bits in [1, 2, 3, 4] {
    let asymmetric = try LinearQuantizer(bits: bits, scheme: .asymmetric, granularity: .perTensor)
      .quantize(w, shape: [600])
    let linearMSE = meanSquaredError(w, asymmetric.values)
    for initialization in [KMeansQuantizer.Initialization.linear, .kMeansPlusPlus(seed: seed)] {
      let k = try KMeansQuantizer(bits: bits, initialization: initialization).quantize(
        w, shape: [600])
      #expect(Set(k.values).count <= 1 << bits)
      #expect(k.codebook.count <= 1 << bits)
      #expect(
        meanSquaredError(w, k.values) <= linearMSE * (1 + 1e-9), "bits \(bits) \(initialization)")
      if bits >= 2 {
        let symmetric = try LinearQuantizer(bits: bits, granularity: .perTensor).quantize(
          w, shape: [600])
        #expect(meanSquaredError(w, k.values) <= meanSquaredError(w, symmetric.values))
      }
    }
  }
}

@Test func kMeansIsDeterministicPerSeedAndFindsObviousClusters() throws {
  let w: [Float] = [1, 1.1, 0.9, 5, 5.2, 4.8, -3, -3.1, -2.9]
  let a = try KMeansQuantizer(bits: 2, initialization: .kMeansPlusPlus(seed: 4)).quantize(
    w, shape: [9])
  let b = try KMeansQuantizer(bits: 2, initialization: .kMeansPlusPlus(seed: 4)).quantize(
    w, shape: [9])
  #expect(a.values == b.values)
  let lin = try KMeansQuantizer(bits: 2).quantize(w, shape: [9])
  #expect(lin.codebook.count <= 4)
  #expect(
    lin.codebook.contains { abs($0 - 5) < 1e-5 } && lin.codebook.contains { abs($0 + 3) < 1e-5 })
}

@Test(arguments: propertySeeds)
func binaryAndTernaryMatchTheirClosedForms(seed: UInt64) throws {
  let w = Synthetic.channelSkewed(inputs: 30, channels: 3, seed: seed)
  let b = try BinaryQuantizer().quantize(w, shape: [30, 3])
  let t = try TernaryQuantizer().quantize(w, shape: [30, 3])
  for c in 0..<3 {
    let column = (0..<30).map { w[$0 * 3 + c] }
    let meanAbs = column.reduce(Float(0)) { $0 + abs($1) } / 30
    #expect(abs(b.scales[c] - meanAbs) <= 1e-5 * meanAbs)
    let delta = 0.7 * meanAbs
    let above = column.filter { abs($0) > delta }
    let a = above.reduce(Float(0)) { $0 + abs($1) } / Float(above.count)
    #expect(abs(t.scales[c] - a) <= 1e-5 * a)
    for k in 0..<30 {
      let x = w[k * 3 + c]
      #expect(b.values[k * 3 + c] == (x < 0 ? -b.scales[c] : b.scales[c]))
      let expected: Float = abs(x) > delta ? (x < 0 ? -t.scales[c] : t.scales[c]) : 0
      // Skip weights within float rounding of the threshold, where either side is right.
      if abs(abs(x) - delta) > 1e-5 { #expect(t.values[k * 3 + c] == expected) }
    }
  }
  #expect(b.packedByteCount == (90 + 7) / 8 + 12)
  #expect(t.packedByteCount == (180 + 7) / 8 + 12)
}
