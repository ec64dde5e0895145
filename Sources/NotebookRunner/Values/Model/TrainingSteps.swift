import StepLanguage
import TensorEngine

/// Training and measuring: `train`, `evaluate`.
enum TrainingSteps {
  static let all: [String: StepBody] = [
    "train": { call throws(StepFailure) in
      let model = try call.model("model")
      let split = try call.split("on")
      let validation = try call.optionalSplit("validation")
      let options = try trainingOptions(call)
      var result = try runTraining(call, steps: "train") { clock, progress in
        try train(
          model.model, on: split.split, validation: validation?.split, options: options,
          clock: clock, progress: progress)
      }
      result.history.sampleNoun = split.noun
      return .model(
        ModelValue(
          model: result.model, history: result.history, label: "trained \(model.label)",
          trainedOn: split))
    },
    "evaluate": { call throws(StepFailure) in
      .metrics(
        try QuantizedValues.evaluate(try call.value("model"), on: try call.split("on"), call: call))
    },
  ]

  /// The training options of a `train` or `qat` call.
  static func trainingOptions(_ call: StepCall) throws(StepFailure) -> TrainingOptions {
    let schedule: LearningRateSchedule
    switch try call.constant("schedule", as: Constant.Schedule.self) {
    case .constant: schedule = .constant
    case .step:
      schedule = .step(every: try call.int("step_every"), gamma: Float(try call.float("gamma")))
    case .cosine: schedule = .cosine()
    }
    return TrainingOptions(
      epochs: try call.int("epochs"), batchSize: try call.int("batch"),
      optimizer: try defaultedOptimizer(call),
      schedule: schedule, loss: try call.constant("loss", as: Constant.Loss.self).engine,
      seed: call.seed, threads: call.environment.threads)
  }

  /// The `optimizer` argument; without one, `adam()` with the defaults of the registry's
  /// `adam` signature (lr 0.001, beta1 0.9, beta2 0.999), so the two never disagree.
  static func defaultedOptimizer(_ call: StepCall) throws(StepFailure) -> Optimizer {
    if call.arguments["optimizer"] != nil { return try call.optimizer("optimizer") }
    func adamDefault(_ name: String) throws(StepFailure) -> Float {
      let p = StepRegistry.standard["adam"]?.parameter(name)
      guard case .value(.float(let v))? = p?.defaultValue else {
        throw StepFailure("internal error: adam has no default '\(name)'", at: call.range)
      }
      return Float(v)
    }
    return .adam(
      learningRate: try adamDefault("lr"), beta1: try adamDefault("beta1"),
      beta2: try adamDefault("beta2"))
  }

  /// Runs a training loop with the runner's clock, forwarding progress as events.
  static func runTraining<T>(
    _ call: StepCall, steps: String,
    _ body: (_ clock: @escaping () -> Double, _ progress: (TrainingProgress) -> Void) throws -> T
  ) throws(StepFailure) -> T {
    let environment = call.environment
    let epochs = (try? call.int("epochs")) ?? 1
    let noun = (try? call.split("on"))?.noun ?? "images"
    return try call.engine {
      try body(environment.clock) { p in
        environment.events(
          .training(
            TrainingStatus(
              step: steps, epoch: p.epoch, epochs: epochs, batch: p.batch,
              batches: p.batchesPerEpoch,
              loss: p.runningLoss, imagesPerSecond: p.imagesPerSecond, noun: noun)))
      }
    }
  }
}
