import TensorEngine

@testable import Quantization

/// Seeded synthetic weights for property tests.
enum Synthetic {
  /// Gaussian values with standard deviation `sigma`.
  static func gaussian(count: Int, seed: UInt64, sigma: Float = 1) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in Float(random.nextGaussian()) * sigma }
  }

  /// Uniform values in [low, high).
  static func uniform(count: Int, seed: UInt64, low: Float = -1, high: Float = 1) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in low + (high - low) * Float(random.nextUnit()) }
  }

  /// Gaussian weights of HWIO-like shape whose output channels (last axis) have very
  /// different spreads, as trained conv layers do.
  static func channelSkewed(inputs: Int, channels: Int, seed: UInt64) -> [Float] {
    var random = SeededRandom(seed: seed)
    let sigmas = (0..<channels).map { _ in Float(0.05 + 2 * random.nextUnit()) }
    var values = [Float](repeating: 0, count: inputs * channels)
    for k in 0..<inputs {
      for c in 0..<channels {
        values[k * channels + c] = Float(random.nextGaussian()) * sigmas[c]
      }
    }
    return values
  }

  /// Two well separated Gaussian modes at ±center.
  static func bimodal(count: Int, seed: UInt64, center: Float = 1, sigma: Float = 0.1) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { i in
      (i % 2 == 0 ? center : -center) + Float(random.nextGaussian()) * sigma
    }
  }
}

/// Mean squared difference of two equally long arrays.
func meanSquaredError(_ a: [Float], _ b: [Float]) -> Double {
  zip(a, b).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(a.count)
}

/// Seeds used by the property tests: many cases, each cheap.
let propertySeeds: [UInt64] = Array(1...24)

extension ActivationQuantizer {
  /// Q(x) as a new array, through the engine's hook (`fakeQuantize` in place).
  func forward(_ x: [Float]) -> [Float] {
    var y = x
    y.withUnsafeMutableBufferPointer { fakeQuantize($0) }
    return y
  }
}
