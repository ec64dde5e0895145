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

  static let all: [OptionDependency] = [
    OptionDependency(
      parameter: "threshold", requires: "method", values: [.constant(Constant.Method.ternary)]),
    OptionDependency(
      parameter: "group_size", requires: "granularity",
      values: [.constant(Constant.Granularity.perGroup)]),
    OptionDependency(
      parameter: "percentile", requires: "calibration",
      values: [.constant(Constant.Calibration.percentile)]),
    OptionDependency(
      parameter: "activation_bits", requires: "mode",
      values: [.constant(Constant.Mode.weightsAndActivations)]),
    OptionDependency(
      parameter: "calibration", requires: "mode",
      values: [.constant(Constant.Mode.weightsAndActivations)]),
    OptionDependency(
      parameter: "calibrate_on", requires: "mode",
      values: [.constant(Constant.Mode.weightsAndActivations)]
    ),
    OptionDependency(
      parameter: "step_every", requires: "schedule", values: [.constant(Constant.Schedule.step)]),
    OptionDependency(
      parameter: "gamma", requires: "schedule", values: [.constant(Constant.Schedule.step)]),
    // The other methods have their own grids: log2 and k-means one per tensor, binary and
    // ternary their own scale (`QuantizationSteps.configuration`); these would be ignored.
    OptionDependency(
      parameter: "granularity", requires: "method", values: [.constant(Constant.Method.linear)]),
    OptionDependency(
      parameter: "scheme", requires: "method", values: [.constant(Constant.Method.linear)]),
    OptionDependency(
      parameter: "rounding", requires: "method", values: [.constant(Constant.Method.linear)]),
    // qat's seed also shuffles the training batches, so it acts with any rounding there.
    OptionDependency(
      parameter: "seed", requires: "rounding", values: [.constant(Constant.Rounding.stochastic)],
      steps: ["quantize", "quantize_signal"]),
  ]
}

extension NotebookChecker {
  /// Warns about options written in a call that have no effect with the call's other options.
  mutating func checkOptionDependencies(_ call: TypedCall) {
    for dependency in OptionDependency.all
    where dependency.steps?.contains(call.name) ?? true {
      guard case .given(let written)? = call.argument(dependency.parameter)?.source,
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
