/// Binary quantization (BinaryConnect / XNOR-Net style): Q(w) = α_c · sign(w).
///
/// α_c = mean |w| over output channel c minimises Σ(w − α·sign w)² for fixed signs.
/// sign(0) is taken as +1, so every weight has one of the two levels ±α_c. Codes are ±1
/// (zero point 0); 1 bit per weight plus one float32 scale per channel.
public struct BinaryQuantizer: Sendable, Hashable {
  /// Output channel axis; negative counts from the end.
  public var channelAxis: Int

  public init(channelAxis: Int = -1) {
    self.channelAxis = channelAxis
  }

  /// One bit per code.
  public var bits: Int { 1 }

  public func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights {
    try checkWeights(weights, shape: shape, in: "binary quantization")
    let (groups, groupOf, means) = try channelMeanMagnitudes(weights, shape, channelAxis)
    return signQuantized(
      weights, method: .binary, bits: bits, groups: groups, groupOf: groupOf,
      codes: weights.map { $0 < 0 ? -1 : 1 }, scales: means)
  }
}

/// Ternary quantization (TWN, Li & Liu 2016): Q(w) ∈ {−a_c, 0, a_c} per output channel.
///
/// Threshold Δ_c = t · mean|w| over channel c (t = `thresholdFactor`, default 0.7); weights
/// with |w| ≤ Δ_c become 0, the rest a_c · sign(w) with a_c = mean of |w| over |w| > Δ_c
/// (0 when no weight exceeds Δ_c). Codes −1, 0, 1, stored in 2 bits, plus one float32
/// scale per channel.
public struct TernaryQuantizer: Sendable, Hashable {
  public var thresholdFactor: Float
  public var channelAxis: Int

  public init(thresholdFactor: Float = 0.7, channelAxis: Int = -1) {
    self.thresholdFactor = thresholdFactor
    self.channelAxis = channelAxis
  }

  /// Codes −1, 0, 1 in two bits.
  public var bits: Int { 2 }

  public func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights {
    try checkWeights(weights, shape: shape, in: "ternary quantization")
    guard thresholdFactor >= 0, thresholdFactor.isFinite else {
      throw QuantizationError(
        .invalidArgument,
        "ternary quantization: threshold factor must be ≥ 0, got \(thresholdFactor)")
    }
    let (groups, groupOf, means) = try channelMeanMagnitudes(weights, shape, channelAxis)
    let thresholds = means.map { $0 * thresholdFactor }
    var kept = [Double](repeating: 0, count: groups.groupCount)
    var keptCount = [Int](repeating: 0, count: groups.groupCount)
    var codes = [Int32](repeating: 0, count: weights.count)
    for (i, x) in weights.enumerated() where x.magnitude > thresholds[groupOf[i]] {
      kept[groupOf[i]] += Double(x.magnitude)
      keptCount[groupOf[i]] += 1
      codes[i] = x < 0 ? -1 : 1
    }
    let scales = kept.indices.map {
      keptCount[$0] > 0 ? Float(kept[$0] / Double(keptCount[$0])) : 0
    }
    return signQuantized(
      weights, method: .ternary(thresholdFactor: thresholdFactor), bits: bits, groups: groups,
      groupOf: groupOf, codes: codes, scales: scales)
  }
}

/// The per-output-channel groups of `weights`, each element's group, and each group's mean
/// |w| (summed in Double).
private func channelMeanMagnitudes(
  _ weights: [Float], _ shape: [Int], _ channelAxis: Int
) throws -> (QuantizationGroups, [Int], [Float]) {
  let groups = try QuantizationGroups(
    shape: shape, channelAxis: channelAxis, granularity: .perChannel)
  let groupOf = groups.elementGroups()
  var sums = [Double](repeating: 0, count: groups.groupCount)
  for (i, x) in weights.enumerated() { sums[groupOf[i]] += Double(x.magnitude) }
  return (groups, groupOf, sums.map { Float($0 / Double(groups.reductionLength)) })
}

/// Sign codes (−1, 0, 1; zero point 0) times each group's scale, `bits` per code plus one
/// float32 scale per group.
private func signQuantized(
  _ weights: [Float], method: QuantizationMethod, bits: Int, groups: QuantizationGroups,
  groupOf: [Int], codes: [Int32], scales: [Float]
) -> QuantizedWeights {
  QuantizedWeights(
    method: method, bits: bits, groups: groups,
    values: codes.indices.map { scales[groupOf[$0]] * Float(codes[$0]) }, codes: codes,
    scales: scales, zeroPoints: Array(repeating: 0, count: groups.groupCount), codebook: [],
    codeRange: -1...1,
    clippedFraction: clippedFraction(weights, groups: groups, ranges: scales.map { -$0...$0 }),
    packedByteCount: packedCodeBytes(count: weights.count, bits: bits) + 4 * groups.groupCount)
}
