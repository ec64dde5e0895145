import QuantizationMethods

/// Text renderings of the registry: `quantbook steps` (plain) and docs/STEPS.md (markdown).
extension StepRegistry {
  /// The markdown of docs/STEPS.md. Regenerate the file with
  /// `quantbook steps --markdown > docs/STEPS.md`; a test fails when they differ.
  public func markdown() -> String {
    var out = """
      # Steps

      <!-- Generated from the step registry (Sources/StepLanguage/StandardSteps*.swift).
           Do not edit: run `quantbook steps --markdown > docs/STEPS.md`. -->

      Every step of the language with its parameters. A parameter marked *positional* may be
      passed without its label, in order; the others are written `name: value`. The language
      itself is described in [LANGUAGE.md](LANGUAGE.md).


      """
    for category in StepCategory.allCases {
      let steps = self.steps.filter { $0.category == category }
      guard !steps.isEmpty else { continue }
      out += "## \(category.rawValue)\n\n"
      for step in steps {
        out += "### `\(step.name)`\n\n\(step.doc)\n\n```\n\(step.synopsis)\n```\n\n"
        guard !step.parameters.isEmpty else { continue }
        out += "| parameter | type | default | allowed | about |\n|---|---|---|---|---|\n"
        for p in step.parameters {
          let defaultText: String
          switch p.defaultValue {
          case .required: defaultText = "required"
          case .value(let v): defaultText = "`\(v)`"
          case .absent: defaultText = "none"
          }
          var allowed = p.range?.description ?? ""
          if p.isPath { allowed = "a relative path inside the output folder" }
          if case .enumeration(let e) = p.type {
            allowed = e.cases.map { "`\($0)`" }.joined(separator: " ")
          }
          let position = p.variadic ? "positional, one or more" : p.positional ? "positional" : ""
          let doc = [position, p.doc].filter { !$0.isEmpty }.joined(separator: "; ")
          out +=
            "| `\(p.name)` | \(p.type.description.replacingPipes) | \(defaultText) | \(allowed) "
            + "| \(doc.replacingPipes) |\n"
        }
        out += "\n"
      }
    }
    out += "## Bit widths\n\nThe `bits` a method allows (`quantize`, `qat` and their `layer_bits`; "
    out +=
      "`quantize_signal` quantizes with scheme asymmetric; `sensitivity` with symmetric "
      + "linear).\n\n"
    out += "| method | scheme | bits | why |\n|---|---|---|---|\n"
    for m in MethodBits.all {
      out +=
        "| `\(m.method.rawValue)` | \(m.scheme.map { "`\($0.rawValue)`" } ?? "any") | \(m.range) "
        + "| \(m.doc.replacingPipes) |\n"
    }
    out += "\n"
    out += "## Types and members\n\n| type | members |\n|---|---|\n"
    let types: [StepType] = [
      .dataset, .split, .model, .history, .metrics, .quantizedModel, .integerModel, .table, .signal,
    ]
    for type in types {
      let members = Members.of(type).sorted { $0.key < $1.key }.map { "`\($0.key)`: \($0.value)" }
      out += "| \(type) | \(members.joined(separator: ", ")) |\n"
    }
    out += "\n## Enumerations\n\n| enumeration | constants |\n|---|---|\n"
    for e in EnumType.all {
      out += "| \(e.name) | \(e.cases.map { "`\($0)`" }.joined(separator: " ")) |\n"
    }
    out +=
      "\n## Cell options\n\n`#| key: value` lines at the top of a cell; any other key is an "
      + "error.\n\n"
    out += "| option | value | default | about |\n|---|---|---|---|\n"
    for option in CellOptionKey.all {
      let value: String
      switch option.kind {
      case .text: value = "text"
      case .flag: value = "`true` / `false`"
      case .label: value = "letters, digits, `-`, `_`"
      }
      let defaultText = option.defaultValue.map { "`\($0)`" } ?? "none"
      out += "| `\(option.key)` | \(value) | \(defaultText) | \(option.doc.replacingPipes) |\n"
    }
    return out
  }

  /// A compact plain-text listing for the terminal: one synopsis and doc line per step.
  public func plainText() -> String {
    var out = ""
    for category in StepCategory.allCases {
      let steps = self.steps.filter { $0.category == category }
      guard !steps.isEmpty else { continue }
      out += "\(category.rawValue):\n"
      for step in steps { out += "  \(step.synopsis)\n      \(step.doc)\n" }
      out += "\n"
    }
    return out
  }
}

extension String {
  /// `|` escaped for a markdown table cell.
  var replacingPipes: String {
    var out = ""
    for ch in self { if ch == "|" { out += "\\|" } else { out.append(ch) } }
    return out
  }
}
