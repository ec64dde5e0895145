/// A bounded-memory histogram of observed activation values, accumulated over batches.
///
/// Bins: `binCount` equal bins over [−R, R), R = `halfRange`. R starts at the first
/// nonzero batch's max |x|; when a later value exceeds R, R doubles and neighbouring bin
/// pairs merge (exactly: every old bin lies inside one new bin), so memory stays at
/// `binCount` counters whatever the number of batches. The exact minimum and maximum are
/// kept beside the bins. Values equal to R fall in the last bin.
public struct ActivationHistogram: Sendable, Hashable {
  /// Number of bins over [−R, R); a multiple of 4.
  public let binCount: Int
  /// R: the bins cover [−R, R). 0 until a nonzero value is seen.
  public private(set) var halfRange: Float = 0
  /// Count per bin; bin i covers [−R + i·w, −R + (i+1)·w) with w = `binWidth`.
  public private(set) var counts: [Int]
  /// Number of values observed.
  public private(set) var count = 0
  /// Smallest and largest value observed (0 before any observation).
  public private(set) var minimum: Float = 0
  public private(set) var maximum: Float = 0
  /// Number of observed values exactly 0 (ReLU outputs hold many; they are exactly
  /// representable, so range searches leave them out).
  public private(set) var zeroCount = 0
  /// Zeros seen before R was known; they join the bin at 0 once it exists.
  private var pendingZeros = 0

  /// - Parameter binCount: a multiple of 4, at least 8 (default 2048).
  public init(binCount: Int = 2048) throws {
    guard binCount >= 8, binCount % 4 == 0 else {
      throw QuantizationError(
        .invalidArgument,
        "activation histogram: bin count must be a multiple of 4 and ≥ 8, got \(binCount)")
    }
    self.binCount = binCount
    counts = Array(repeating: 0, count: binCount)
  }

  /// Width of one bin, 2R / binCount.
  public var binWidth: Float { 2 * halfRange / Float(binCount) }

  /// Adds a batch of observations.
  ///
  /// - Throws: on NaN or infinity (the message points at training diverging).
  public mutating func observe<C: Collection>(_ values: C) throws where C.Element == Float {
    guard !values.isEmpty else { return }
    var batchMin = Float.infinity
    var batchMax = -Float.infinity
    for x in values {
      guard x.isFinite else {
        throw QuantizationError(
          .invalidArgument,
          "activation histogram: observed \(x); the model produces non-finite activations")
      }
      batchMin = Swift.min(batchMin, x)
      batchMax = Swift.max(batchMax, x)
      if x == 0 { zeroCount += 1 }
    }
    minimum = count == 0 ? batchMin : Swift.min(minimum, batchMin)
    maximum = count == 0 ? batchMax : Swift.max(maximum, batchMax)
    count += values.count
    let magnitude = Swift.max(-batchMin, batchMax)
    if halfRange == 0 {
      guard magnitude > 0 else {
        pendingZeros += values.count
        return
      }
      halfRange = magnitude
      counts[binCount / 2] += pendingZeros
      pendingZeros = 0
    }
    while magnitude > halfRange { doubleRange() }
    let scale = Float(binCount) / (2 * halfRange)
    for x in values {
      let index = Int((x + halfRange) * scale)
      counts[Swift.min(Swift.max(index, 0), binCount - 1)] += 1
    }
  }

  /// Doubles R: old bin j covers exactly half of new bin binCount/4 + j/2.
  private mutating func doubleRange() {
    var merged = [Int](repeating: 0, count: binCount)
    for (j, c) in counts.enumerated() { merged[binCount / 4 + j / 2] += c }
    counts = merged
    halfRange *= 2
  }

  /// Counts of |x| in `binCount / 2` bins over [0, R), bin k covering [k·w, (k+1)·w).
  /// (A negative value exactly on a bin edge is counted one bin low.)
  public func magnitudeCounts() -> [Int] {
    let half = binCount / 2
    var folded = (0..<half).map { counts[half + $0] + counts[half - 1 - $0] }
    if halfRange == 0, pendingZeros > 0 { folded[0] += pendingZeros }
    return folded
  }
}
