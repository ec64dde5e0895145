import Quantization
import StepLanguage
import TensorEngine

// The language's constants (`Constant.*`, decoded once by `StepCall.constant`) mapped onto the
// engine's types. Each mapping is an exhaustive switch: a new constant in the language, or a new
// case in the engine's enum where the mapping runs both ways, fails to compile here.

extension Constant.Activation {
  /// The engine's activation (`none` is the identity, `.linear`).
  var engine: TensorEngine.Activation {
    switch self {
    case .none: return .linear
    case .relu: return .relu
    case .sigmoid: return .sigmoid
    case .tanh: return .tanh
    case .softmax: return .softmax
    }
  }
}

extension Constant.Padding {
  var engine: TensorEngine.Padding {
    switch self {
    case .valid: return .valid
    case .same: return .same
    }
  }
}

extension Constant.Rounding {
  /// The engine's rounding rule; stochastic rounding draws from `seed`.
  func engine(seed: UInt64) -> RoundingRule {
    switch self {
    case .nearest: return .nearestAwayFromZero
    case .stochastic: return .stochastic(seed: seed)
    }
  }
}

extension Constant.Loss {
  var engine: TensorEngine.Loss {
    switch self {
    case .crossEntropy: return .crossEntropy
    case .mse: return .meanSquaredError
    }
  }
}

extension StepCall {
  /// The `calibration` constant and the engine's method it names (`percentile` is read for
  /// the percentile method alone).
  func calibration() throws(StepFailure) -> (Constant.Calibration, CalibrationMethod) {
    let constant = try constant("calibration", as: Constant.Calibration.self)
    switch constant {
    case .minmax: return (constant, .minMax)
    case .percentile: return (constant, .percentile(try float("percentile")))
    case .mse: return (constant, .mse)
    case .entropy: return (constant, .entropy)
    }
  }
}
