import Kernels

extension Activation {
  /// The same function as the pointwise kernels name it.
  var kernelFunction: ActivationFunction {
    switch self {
    case .linear: return .linear
    case .relu: return .relu
    case .sigmoid: return .sigmoid
    case .tanh: return .tanh
    case .softmax: return .softmax
    }
  }
}
