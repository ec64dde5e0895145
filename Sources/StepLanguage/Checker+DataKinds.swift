/// What a Dataset or Split expression holds, when the checker can follow it to the step that
/// made it: images (`fashion_mnist`, `mnist`, `synthetic`) or words (`words`).
enum DataKind: Sendable, Hashable {
  case images
  case words

  var noun: String {
    switch self {
    case .images: "images"
    case .words: "words"
    }
  }
}

extension NotebookChecker {
  /// The kind of data a Dataset or Split expression holds: through names, `.train` / `.test`
  /// and `subset`; nil when it cannot be followed (a loop variable over splits, an error).
  func dataKind(of e: TypedExpression) -> DataKind? {
    switch e.kind {
    case .variable(let name): return lookup(name)?.binding.dataKind
    case .member(let base, let member):
      return member == "train" || member == "test" ? dataKind(of: base) : nil
    case .call(let call):
      switch call.name {
      case "words": return .words
      case "fashion_mnist", "mnist", "synthetic": return .images
      case "subset":
        guard let split = call.given("split") else { return nil }
        return dataKind(of: split)
      default: return nil
      }
    case .literal, .list, .negate, .binary, .intToFloat, .invalid: return nil
    }
  }

  /// Reports a model fed data of the other kind (a CNN or MLP trained on words, an embedding
  /// model evaluated on images) at the split argument, before anything loads: every Split
  /// argument of the call (`on`, `validation`, `calibrate_on`, `check`) against every model.
  mutating func checkDataKinds(_ call: TypedCall) {
    var splits: [(TypedExpression, DataKind)] = []
    for argument in call.arguments where argument.parameter.type == .split {
      if case .given(let e) = argument.source, e.modelShape == nil, let kind = dataKind(of: e) {
        splits.append((e, kind))
      }
    }
    for model in call.modelArguments {
      guard let shape = model.modelShape else { continue }
      let reads: DataKind = shape.layers.first?.name == "embedding" ? .words : .images
      for (split, kind) in splits where kind != reads {
        let fix =
          reads == .words
          ? "a model that starts with an embedding reads words: use words(...) data, or "
            + "sequential(input: 28x28x1) with conv2d/dense layers for images"
          : "an image model cannot read words: use sequential(tokens: 16) [embedding(...), "
            + "gru(...), dense(10, ...)], or image data"
        diagnostics.append(
          .error(
            "'\(call.name)' gets \(kind.noun) from '\(split.text)', but the model reads "
              + "\(reads.noun); \(fix)",
            at: split.range,
            notes: [DiagnosticNote("the model", range: model.range)]))
      }
    }
  }

  /// Reports `words(train:, test:)` counts that ten languages cannot share evenly.
  mutating func checkWordCounts(_ call: TypedCall) {
    guard call.name == "words" else { return }
    for name in ["train", "test"] {
      guard let e = call.given(name) else { continue }
      for case .int(let count) in e.values ?? [] where count % 10 != 0 {
        diagnostics.append(
          .error(
            "words(\(name): \(count)): the words are shared evenly by 10 languages, so "
              + "\(name) must be a multiple of 10; use \(name): \(max(10, count / 10 * 10))",
            at: e.range))
        break
      }
    }
  }
}
