import MarkdownNotebook

/// Shapes of the sequence layers, for models that read token indices (`sequential(tokens: T)`):
///
/// - embedding(E, vocabulary: V): `T -> T x E`, `V*E` parameters; the first layer, and only
///   of a tokens model (whose first layer must be an embedding).
/// - rnn / gru / lstm(H) on `T x E`: `-> H` (the last state), `G*H*(E + H) + G*H` parameters
///   with G = 1, 3, 4 gates, and another `3*H` for the GRU's recurrent bias.
extension NotebookChecker {
  /// The words' sequence length and class count (`words()` data).
  static let wordShape = [16]

  /// The model's input: `input:` as given, or `[T]` for `tokens: T` (true); nil after
  /// reporting that neither or both were given.
  mutating func modelInput(_ call: TypedCall) -> ([Int], Bool)? {
    let shape = call.argument("input").flatMap(constantValue)
    let tokens = call.argument("tokens").flatMap(constantValue)
    switch (shape, tokens) {
    case (.shape(let input)?, nil): return (input, false)
    case (nil, .int(let t)?): return ([t], true)
    case (nil, nil):
      func absent(_ name: String) -> Bool {
        guard let argument = call.argument(name) else { return true }
        if case .absent = argument.source { return true } else { return false }
      }
      if absent("input"), absent("tokens") {
        diagnostics.append(
          .error(
            "sequential needs input: (an image shape such as 28x28x1) or tokens: (a sequence "
              + "length such as 16)",
            at: call.nameRange))
      }
      return nil
    default:
      if shape != nil, tokens != nil {
        diagnostics.append(
          .error(
            "give sequential either input: or tokens:, not both", at: call.range))
      }
      return nil
    }
  }

  /// How a sequence layer fits where it stands.
  enum SequenceFit {
    /// Its output shape and parameter count.
    case fits([Int], Int)
    /// Why it does not fit.
    case misfit(String)
    /// An argument is invalid (already reported).
    case unknown
  }

  /// The output shape and parameter count of a sequence layer on `current`.
  func sequenceShape(_ call: TypedCall, index: Int, _ current: [Int], tokens: Bool)
    -> SequenceFit
  {
    let shown = Self.format(current)
    if call.name == "embedding" {
      guard tokens, index == 0 else {
        return .misfit(
          tokens
            ? "embedding must be the first layer (it reads the token indices)"
            : "embedding reads token indices: use sequential(tokens: 16) and put it first")
      }
      guard let width = size(call, "width"), let vocabulary = size(call, "vocabulary") else {
        return .unknown
      }
      return .fits([current[0], width], Checked.product([vocabulary, width]))
    }
    guard tokens, current.count == 2 else {
      return .misfit(
        tokens
          ? "\(call.name) reads a sequence (steps x features), but it gets \(shown); put it "
            + "right after the embedding"
          : "\(call.name) reads sequences of tokens, not \(shown) inputs: use sequential(tokens: "
            + "16) with embedding(...) first"
      )
    }
    guard let units = size(call, "units") else { return .unknown }
    let gates = call.name == "rnn" ? 1 : call.name == "gru" ? 3 : 4
    let width = Checked.product([gates, units])
    let biases = call.name == "gru" ? Checked.product([2, width]) : width
    return .fits(
      [units], Checked.sum([Checked.product([Checked.sum([current[1], units]), width]), biases]))
  }
}
