/// Nearest-level lookup in an ascending codebook, shared by the non-linear quantizers.
struct Codebook {
  /// Ascending, distinct levels.
  let levels: [Float]
  /// Midpoints between neighbouring levels: value x maps to the number of midpoints < x.
  private let boundaries: [Float]

  init(sortedLevels levels: [Float]) {
    self.levels = levels
    boundaries = zip(levels, levels.dropFirst()).map { ($0 + $1) / 2 }
  }

  /// The index of the level nearest to `x` (ties go to the lower level).
  @inline(__always)
  func index(of x: Float) -> Int {
    var low = 0
    var high = boundaries.count
    while low < high {
      let mid = (low + high) / 2
      if boundaries[mid] < x { low = mid + 1 } else { high = mid }
    }
    return low
  }

  /// Quantizes `weights` to this codebook, as a per-tensor `QuantizedWeights`.
  func quantize(
    _ weights: [Float], shape: [Int], method: QuantizationMethod, bits: Int, extraBytes: Int
  ) throws -> QuantizedWeights {
    let groups = try QuantizationGroups(shape: shape, granularity: .perTensor)
    var codes = [Int32](repeating: 0, count: weights.count)
    var values = [Float](repeating: 0, count: weights.count)
    for (i, x) in weights.enumerated() {
      let k = index(of: x)
      codes[i] = Int32(k)
      values[i] = levels[k]
    }
    let range = levels.first!...levels.last!
    return QuantizedWeights(
      method: method, bits: bits, groups: groups, values: values, codes: codes, scales: [],
      zeroPoints: [], codebook: levels, codeRange: 0...Int32(levels.count - 1),
      clippedFraction: clippedFraction(weights, groups: groups, ranges: [range]),
      packedByteCount: packedCodeBytes(count: weights.count, bits: bits) + extraBytes)
  }
}
