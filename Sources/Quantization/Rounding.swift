import TensorEngine

/// How a real value x / scale becomes an integer code.
///
/// - `nearestAwayFromZero`: round to nearest, ties away from zero (C `round`, TFLite's rule).
///   This is the default everywhere in the module.
/// - `stochastic(seed:)`: round up with probability frac(x), down otherwise, so that
///   E[round(x)] = x. The draws come from `SeededRandom(seed:)` in element order, so
///   a seed fixes the result.
public enum RoundingRule: Sendable, Hashable {
  case nearestAwayFromZero
  case stochastic(seed: UInt64)
}

/// Applies a `RoundingRule` element by element, carrying the generator state for the
/// stochastic rule.
struct Rounder {
  private let rule: RoundingRule
  private var random: SeededRandom

  init(_ rule: RoundingRule) {
    self.rule = rule
    if case .stochastic(let seed) = rule {
      random = SeededRandom(seed: seed)
    } else {
      random = SeededRandom(seed: 0)
    }
  }

  /// Rounds `x` to an integral Float by the rule.
  @inline(__always)
  mutating func round(_ x: Float) -> Float {
    switch rule {
    case .nearestAwayFromZero:
      return x.rounded(.toNearestOrAwayFromZero)
    case .stochastic:
      let low = x.rounded(.down)
      let fraction = Double(x - low)  // exact: x and low share an exponent range
      return random.nextUnit() < fraction ? low + 1 : low
    }
  }
}
