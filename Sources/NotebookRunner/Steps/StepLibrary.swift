/// The code behind a step: evaluated arguments in, a value out.
typealias StepBody = @Sendable (StepCall) throws(StepFailure) -> RuntimeValue

/// Binds every step name of `StepRegistry.standard` to the engine.
///
/// A test checks that every registered step has an implementation here and vice versa.
enum StepLibrary {
  static let implementations: [String: StepBody] = {
    var all: [String: StepBody] = [:]
    for group in [
      DataSteps.all, ModelSteps.all, TrainingSteps.all, SignalSteps.all, QuantizationSteps.all,
      IntegerSteps.all, FileSteps.all, ExportSteps.all, ClaimSteps.all,
      GateSteps.all,
    ] {
      all.merge(group) { first, _ in first }
    }
    return all
  }()
}
