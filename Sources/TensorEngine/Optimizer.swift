import Foundation
import Kernels

/// How parameters follow their gradients `g` (learning rate `lr` after the schedule).
public enum Optimizer: Sendable, Equatable {
  /// Full-batch gradient descent: gradients are summed over the whole training split
  /// (each sample weighted `1/N`) and `w -= lr g` is applied once per epoch.
  case gradientDescent(learningRate: Float)
  /// Mini-batch SGD: `w -= lr g` after every batch.
  case sgd(learningRate: Float)
  /// SGD with momentum (Keras form): `v = mu v - lr g; w += v`.
  case momentum(learningRate: Float, momentum: Float = 0.9)
  /// Adam (Kingma & Ba, Keras form): `m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
  /// lr_t = lr sqrt(1 - b2^t) / (1 - b1^t); w -= lr_t m / (sqrt(v) + eps)`.
  case adam(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7)

  /// The base learning rate.
  public var learningRate: Float {
    switch self {
    case .gradientDescent(let lr), .sgd(let lr), .momentum(let lr, _), .adam(let lr, _, _, _):
      return lr
    }
  }

  func validate() throws {
    guard learningRate > 0, learningRate.isFinite else {
      throw EngineError.invalidArgument("learning rate must be positive, got \(learningRate)")
    }
    if case .momentum(_, let mu) = self, !(mu >= 0 && mu < 1) {
      throw EngineError.invalidArgument("momentum must be in [0, 1), got \(mu)")
    }
    if case .adam(_, let b1, let b2, let eps) = self,
      !(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1 && eps > 0)
    {
      throw EngineError.invalidArgument("Adam needs beta1, beta2 in [0, 1) and epsilon > 0")
    }
  }
}

/// How the learning rate changes with the epoch `e` (0-based) of `E`.
public enum LearningRateSchedule: Sendable, Equatable {
  /// `lr`.
  case constant
  /// `lr * gamma^(e / every)` (integer division): multiplied by `gamma` every `every` epochs.
  case step(every: Int, gamma: Float)
  /// `minimum + (lr - minimum) (1 + cos(pi e / E)) / 2`.
  case cosine(minimum: Float = 0)

  /// The learning rate for epoch `epoch` (0-based) of `epochs`.
  public func rate(base: Float, epoch: Int, epochs: Int) -> Float {
    switch self {
    case .constant: return base
    case .step(let every, let gamma): return base * pow(gamma, Float(epoch / max(every, 1)))
    case .cosine(let minimum):
      let phase = Float.pi * Float(epoch) / Float(max(epochs, 1))
      return minimum + (base - minimum) * (1 + cos(phase)) / 2
    }
  }
}

/// Optimiser state (velocities, moments) for a fixed list of parameter buffers.
final class OptimizerState {
  let optimizer: Optimizer
  private var first: [FloatBuffer] = []
  private var second: [FloatBuffer] = []
  private(set) var steps = 0

  /// Threads for the elementwise updates (results do not depend on it).
  let threads: Int

  init(optimizer: Optimizer, sizes: [Int], threads: Int = 1) {
    self.optimizer = optimizer
    self.threads = threads
    switch optimizer {
    case .momentum: first = sizes.map { FloatBuffer(count: $0) }
    case .adam:
      first = sizes.map { FloatBuffer(count: $0) }
      second = sizes.map { FloatBuffer(count: $0) }
    default: break
    }
  }

  /// One update of every parameter from its gradient (masked by the STE mask when present).
  func step(
    _ parameters: [(value: FloatBuffer, gradient: FloatBuffer, mask: FloatBuffer?)],
    learningRate lr: Float
  ) {
    steps += 1
    for (p, entry) in parameters.enumerated() {
      let w = entry.value.pointer
      let g = entry.gradient.pointer
      let count = entry.value.count
      if let mask = entry.mask { multiplyInPlace(g, by: mask.pointer, count: count) }
      switch optimizer {
      case .gradientDescent, .sgd:
        sgdUpdate(w, gradient: g, count: count, learningRate: lr)
      case .momentum(_, let mu):
        momentumUpdate(
          w, gradient: g, velocity: first[p].pointer, count: count, learningRate: lr, momentum: mu)
      case .adam(_, let b1, let b2, let eps):
        let t = Float(steps)
        let lrT = lr * (1 - pow(b2, t)).squareRoot() / (1 - pow(b1, t))
        let (m, v) = (first[p].pointer, second[p].pointer)
        Parallel.slices(count, threads: threads, costPerItem: 4) { r in
          let o = r.lowerBound
          adamUpdate(
            w + o, gradient: g + o, firstMoment: m + o, secondMoment: v + o, count: r.count,
            correctedRate: lrT, beta1: b1, beta2: b2, epsilon: eps)
        }
      }
    }
  }
}
