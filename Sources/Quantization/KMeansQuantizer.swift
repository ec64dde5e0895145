import QuantizationMethods
import TensorEngine

/// Weight sharing with a k-means codebook (Han et al., "Deep Compression"): the tensor's
/// values are replaced by at most 2^bits shared centroids.
///
/// Algorithm (1-D Lloyd, exact): sort the weights once and keep prefix sums; each
/// iteration cuts the sorted array at the midpoints between neighbouring centroids and
/// moves every centroid to the mean of its run. Clusters that become empty are dropped, so
/// the codebook stays sorted and distinct. Stops when no run boundary moves, or after
/// `maxIterations`. Neither step can raise the squared error, so the result is never worse
/// than its starting codebook.
///
/// Initialisation:
/// - `linear`: the 2^bits levels of asymmetric min-max linear quantization at the same
///   bits, so the result's MSE is at most that of `LinearQuantizer(bits:, scheme:
///   .asymmetric, granularity: .perTensor)`.
/// - `kMeansPlusPlus(seed:)`: D² sampling (Arthur & Vassilvitskii 2007) with a seeded
///   generator.
///
/// Packed size: ceil(count · bits / 8) bytes of indices plus 4 bytes per codebook entry.
public struct KMeansQuantizer: Sendable, Hashable {
  public enum Initialization: Sendable, Hashable {
    case linear
    case kMeansPlusPlus(seed: UInt64)
  }

  public var bits: Int
  public var initialization: Initialization
  public var maxIterations: Int

  /// - Parameter bits: 1...8 (a codebook of up to 256 values).
  public init(bits: Int, initialization: Initialization = .linear, maxIterations: Int = 100) {
    self.bits = bits
    self.initialization = initialization
    self.maxIterations = maxIterations
  }

  public func quantize(_ weights: [Float], shape: [Int]) throws -> QuantizedWeights {
    let place = "k-means quantization"
    try QuantizationError.checkBits(
      bits, allowed: MethodBits.bits(method: .kmeans, scheme: .asymmetric), in: place)
    try checkWeights(weights, shape: shape, in: place)
    guard maxIterations >= 0 else {
      throw QuantizationError(
        .invalidArgument, "\(place): max iterations must be ≥ 0, got \(maxIterations)")
    }
    let sorted = weights.sorted()
    var prefix = [Double](repeating: 0, count: sorted.count + 1)
    for (i, x) in sorted.enumerated() { prefix[i + 1] = prefix[i] + Double(x) }
    var centroids = try initialCentroids(sorted)
    var previousStarts: [Int] = []
    for _ in 0..<maxIterations {
      let starts = runStarts(sorted, centroids)
      if starts == previousStarts { break }
      var next: [Float] = []
      var kept: [Int] = []
      for j in centroids.indices {
        let end = j + 1 < starts.count ? starts[j + 1] : sorted.count
        guard end > starts[j] else { continue }
        next.append(Float((prefix[end] - prefix[starts[j]]) / Double(end - starts[j])))
        kept.append(starts[j])
      }
      centroids = next
      previousStarts = kept
    }
    let book = Codebook(sortedLevels: centroids)
    return try book.quantize(
      weights, shape: shape, method: .kMeans, bits: bits, extraBytes: 4 * centroids.count)
  }

  /// Index of the first sorted value of each centroid's run: values ≤ the midpoint between
  /// centroids j and j + 1 go to j (the rule `Codebook.index(of:)` uses).
  private func runStarts(_ sorted: [Float], _ centroids: [Float]) -> [Int] {
    var starts = [0]
    for (a, b) in zip(centroids, centroids.dropFirst()) {
      let boundary = (a + b) / 2
      var low = starts.last!
      var high = sorted.count
      while low < high {
        let mid = (low + high) / 2
        if sorted[mid] <= boundary { low = mid + 1 } else { high = mid }
      }
      starts.append(low)
    }
    return starts
  }

  private func initialCentroids(_ sorted: [Float]) throws -> [Float] {
    switch initialization {
    case .linear:
      let p = try LinearParameters(
        min: sorted.first!, max: sorted.last!, bits: bits, scheme: .asymmetric)
      return p.levels
    case .kMeansPlusPlus(let seed):
      var random = SeededRandom(seed: seed)
      let k = 1 << bits
      var centers = [sorted[Int(random.next() % UInt64(sorted.count))]]
      var distance = sorted.map { Double($0 - centers[0]) * Double($0 - centers[0]) }
      while centers.count < k {
        let total = distance.reduce(0, +)
        guard total > 0 else { break }  // every value already sits on a center
        var target = random.nextUnit() * total
        var chosen = sorted.count - 1
        for (i, d) in distance.enumerated() {
          target -= d
          if target < 0 {
            chosen = i
            break
          }
        }
        let center = sorted[chosen]
        centers.append(center)
        for i in distance.indices {
          distance[i] = min(distance[i], Double(sorted[i] - center) * Double(sorted[i] - center))
        }
      }
      return Array(Set(centers)).sorted()
    }
  }
}
