import QuantizationMethods

/// Uniform affine quantization of a weight tensor (see `QuantizationScheme` for the grids).
///
/// Parameters come from each group's min and max (min-max calibration of weights); pass
/// `clipRatio` < 1 to shrink every group's range by that factor (the excess is clipped).
public struct LinearQuantizer: Sendable, Hashable {
  public var bits: Int
  public var scheme: QuantizationScheme
  public var granularity: QuantizationGranularity
  /// Output channel axis; negative counts from the end (−1 = last, HWIO and in×out).
  public var channelAxis: Int
  public var rounding: RoundingRule
  /// Factor in (0, 1] applied to each group's [min, max] before choosing the scale.
  public var clipRatio: Float

  public init(
    bits: Int, scheme: QuantizationScheme = .symmetric,
    granularity: QuantizationGranularity = .perChannel, channelAxis: Int = -1,
    rounding: RoundingRule = .nearestAwayFromZero, clipRatio: Float = 1
  ) {
    self.bits = bits
    self.scheme = scheme
    self.granularity = granularity
    self.channelAxis = channelAxis
    self.rounding = rounding
    self.clipRatio = clipRatio
  }

  /// Quantizes `weights` (row-major, `shape`) group by group.
  public func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights {
    let place = "linear quantization"
    try checkWeights(weights, shape: shape, in: place)
    guard clipRatio > 0, clipRatio <= 1 else {
      throw QuantizationError(
        .invalidArgument, "\(place): clip ratio must be in (0, 1], got \(clipRatio)")
    }
    let groups = try QuantizationGroups(
      shape: shape, channelAxis: channelAxis, granularity: granularity)
    let groupOf = groups.elementGroups()
    var low = [Float](repeating: 0, count: groups.groupCount)
    var high = [Float](repeating: 0, count: groups.groupCount)
    for (i, x) in weights.enumerated() {
      let g = groupOf[i]
      low[g] = min(low[g], x)
      high[g] = max(high[g], x)
    }
    let parameters = try (0..<groups.groupCount).map {
      try LinearParameters(
        min: low[$0] * clipRatio, max: high[$0] * clipRatio, bits: bits, scheme: scheme)
    }
    return quantize(weights, groups: groups, groupOf: groupOf, parameters: parameters)
  }

  /// Quantizes with given per-group parameters (no range search): the building block for
  /// fixed-parameter fake quantization. `parameters.count` must equal `groups.groupCount`.
  public func quantize(
    _ weights: [Float], groups: QuantizationGroups, parameters: [LinearParameters]
  ) throws -> QuantizedWeights {
    try checkWeights(weights, shape: groups.shape, in: "linear quantization")
    guard parameters.count == groups.groupCount else {
      throw QuantizationError(
        .shapeMismatch,
        "linear quantization: \(parameters.count) parameter sets for \(groups.groupCount) groups")
    }
    return quantize(
      weights, groups: groups, groupOf: groups.elementGroups(), parameters: parameters)
  }

  private func quantize(
    _ weights: [Float], groups: QuantizationGroups, groupOf: [Int], parameters: [LinearParameters]
  ) -> QuantizedWeights {
    var rounder = Rounder(rounding)
    var codes = [Int32](repeating: 0, count: weights.count)
    var values = [Float](repeating: 0, count: weights.count)
    for (i, x) in weights.enumerated() {
      let p = parameters[groupOf[i]]
      let q = p.code(x, &rounder)
      codes[i] = q
      values[i] = p.value(q)
    }
    let zeroPoints = parameters.map(\.zeroPoint)
    let metadata = groups.groupCount * (scheme == .asymmetric ? 8 : 4)
    return QuantizedWeights(
      method: .linear(scheme, granularity), bits: bits, groups: groups, values: values,
      codes: codes, scales: parameters.map(\.scale), zeroPoints: zeroPoints, codebook: [],
      codeRange: scheme.codeRange(bits: bits),
      clippedFraction: clippedFraction(
        weights, groups: groups, ranges: parameters.map(\.roundingRange)),
      packedByteCount: packedCodeBytes(count: weights.count, bits: bits) + metadata)
  }
}
