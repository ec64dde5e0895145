import HTMLReport
import Kernels
import StepLanguage
import TensorEngine

/// Models, layers and optimisers: `sequential` and its layer steps, `summary`, `gd`, `sgd`,
/// `adam`.
enum ModelSteps {
  static let all: [String: StepBody] = [
    "sequential": { call throws(StepFailure) in
      let input: [Int]
      if let tokens = try call.optionalInt("tokens") {
        input = [tokens]
      } else if case .shape(let shape) = try call.value("input") {
        input = shape
      } else {
        throw StepFailure("internal error: sequential needs a shape", at: call.range)
      }
      let layers = call.layers ?? []
      let model = try call.engine {
        try Sequential(inputShape: input, layers: layers, seed: call.environment.seed)
      }
      return .model(ModelValue(model: model, history: nil, label: "model"))
    },
    "conv2d": { call throws(StepFailure) in
      .layer(
        .conv2d(
          filters: try call.int("filters"), kernel: try call.int("kernel"),
          stride: try call.int("stride"),
          padding: try call.constant("padding", as: Constant.Padding.self).engine,
          activation: try call.constant("activation", as: Constant.Activation.self).engine))
    },
    "dense": { call throws(StepFailure) in
      .layer(
        .dense(
          units: try call.int("units"),
          activation: try call.constant("activation", as: Constant.Activation.self).engine))
    },
    "maxpool": { call throws(StepFailure) in
      let size = try call.int("size")
      return .layer(.maxPool(size: size, stride: try call.optionalInt("stride") ?? size))
    },
    "avgpool": { call throws(StepFailure) in
      let size = try call.int("size")
      return .layer(.avgPool(size: size, stride: try call.optionalInt("stride") ?? size))
    },
    "flatten": { _ throws(StepFailure) in .layer(.flatten) },
    "dropout": { call throws(StepFailure) in .layer(.dropout(rate: Float(try call.float("rate"))))
    },
    // Keras' defaults: momentum 0.99, epsilon 0.001.
    "batchnorm": { _ throws(StepFailure) in .layer(.batchNorm(momentum: 0.99, epsilon: 1e-3)) },
    "relu": { _ throws(StepFailure) in .layer(.activation(.relu)) },
    "sigmoid": { _ throws(StepFailure) in .layer(.activation(.sigmoid)) },
    "tanh": { _ throws(StepFailure) in .layer(.activation(.tanh)) },
    "softmax": { _ throws(StepFailure) in .layer(.activation(.softmax)) },
    "embedding": { call throws(StepFailure) in
      .layer(.embedding(vocabulary: try call.int("vocabulary"), width: try call.int("width")))
    },
    "rnn": recurrent(.simple), "gru": recurrent(.gru), "lstm": recurrent(.lstm),
    "summary": { call throws(StepFailure) in
      guard let model = try call.value("model").modelKind?.floatModel else {
        throw StepFailure("internal error: summary needs a model", at: call.range)
      }
      return .table(ModelViews.summary(model))
    },
    "gd": { call throws(StepFailure) in
      .optimizer(.gradientDescent(learningRate: Float(try call.float("lr"))))
    },
    "sgd": { call throws(StepFailure) in
      let lr = Float(try call.float("lr"))
      let momentum = Float(try call.float("momentum"))
      return .optimizer(
        momentum == 0 ? .sgd(learningRate: lr) : .momentum(learningRate: lr, momentum: momentum))
    },
    "adam": { call throws(StepFailure) in
      .optimizer(
        .adam(
          learningRate: Float(try call.float("lr")), beta1: Float(try call.float("beta1")),
          beta2: Float(try call.float("beta2"))))
    },
  ]

  /// The layer step of a recurrent `cell` (`rnn`, `gru`, `lstm`): `units` wide.
  static func recurrent(_ cell: RecurrentCell) -> StepBody {
    { call throws(StepFailure) in .layer(.recurrent(cell: cell, units: try call.int("units"))) }
  }
}
