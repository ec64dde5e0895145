import MarkdownNotebook

/// Options that only matter together with another option's value: `threshold` only acts
/// with `method: ternary`, `group_size` with `granularity: per_group`, and so on. Passing one
/// without the other is almost always a slip, so the checker warns.
struct OptionDependency {
  var parameter: String
  var requires: String
  /// Any of these values of `requires` makes `parameter` act.
  var values: [Value]
  /// The steps it applies to; nil: every step with both parameters.
  var steps: Set<String>? = nil

  /// `parameter` acts only when `requires` is `constant` (on `steps`; nil: every step).
  init(
    _ parameter: String, _ requires: String, _ constant: some LanguageEnumeration,
    steps: Set<String>? = nil
  ) {
    self.parameter = parameter
    self.requires = requires
    self.values = [.constant(constant)]
    self.steps = steps
  }

  static let all: [OptionDependency] = [
    OptionDependency("threshold", "method", Constant.Method.ternary),
    OptionDependency("group_size", "granularity", Constant.Granularity.perGroup),
    OptionDependency("percentile", "calibration", Constant.Calibration.percentile),
    OptionDependency("activation_bits", "mode", Constant.Mode.weightsAndActivations),
    OptionDependency("calibration", "mode", Constant.Mode.weightsAndActivations),
    OptionDependency("calibrate_on", "mode", Constant.Mode.weightsAndActivations),
    OptionDependency("step_every", "schedule", Constant.Schedule.step),
    OptionDependency("gamma", "schedule", Constant.Schedule.step),
    // The other methods have their own grids: log2 and k-means one per tensor, binary and
    // ternary their own scale (`QuantizationSteps.configuration`); these would be ignored.
    OptionDependency("granularity", "method", Constant.Method.linear),
    OptionDependency("scheme", "method", Constant.Method.linear),
    OptionDependency("rounding", "method", Constant.Method.linear),
    // qat's seed also shuffles the training batches, so it acts with any rounding there.
    OptionDependency(
      "seed", "rounding", Constant.Rounding.stochastic, steps: ["quantize", "quantize_signal"]),
  ]
}

extension NotebookChecker {
  /// Warns about options written in a call that have no effect with the call's other options.
  mutating func checkOptionDependencies(_ call: TypedCall) {
    for dependency in OptionDependency.all
    where dependency.steps?.contains(call.name) ?? true {
      guard let written = call.given(dependency.parameter),
        let controlling = call.argument(dependency.requires),
        let value = constantValue(controlling), !dependency.values.contains(value)
      else { continue }
      let wanted = dependency.values.map { "\(dependency.requires): \($0)" }.joined(
        separator: " or ")
      diagnostics.append(
        .warning(
          "'\(dependency.parameter)' has no effect unless \(wanted) (here \(dependency.requires) "
            + "is \(value))",
          at: written.range))
    }
  }
}
