import MarkdownNotebook

/// Notebook parameters: declared in the front matter (`params: epochs: 5`), typed by their
/// default, overridden on the command line (`--param epochs=1`).
public enum NotebookParameters {
  /// A front-matter parameter as the notebook parser found it: the raw YAML scalar text.
  public struct Declaration: Sendable, Hashable {
    public var name: String
    public var text: String
    public var range: SourceRange?
    /// Where the name is written.
    public var nameRange: SourceRange?

    public init(
      name: String, text: String, range: SourceRange? = nil, nameRange: SourceRange? = nil
    ) {
      self.name = name
      self.text = text
      self.range = range
      self.nameRange = nameRange
    }
  }

  /// A command-line override that could not be applied, with a message saying what to do.
  public struct OverrideError: Error, Sendable, Hashable, CustomStringConvertible {
    public var override: String
    public var message: String
    public var description: String { "--param \(override): \(message)" }
  }

  /// Reads a value written as step-language source: `5`, `0.5`, `true`, `"text"`, `28x28x1`,
  /// `relu`, `[8, 4]`, `-1`. Anything else is taken as a bare string.
  public static func parseValue(_ text: String) -> Value {
    let trimmed = text.trimmingSpaces
    let (expression, diagnostics) = Parser.parseExpression(trimmed, map: .standalone(trimmed))
    if diagnostics.isEmpty, let value = constant(expression) { return value }
    return .string(trimmed)
  }

  static func constant(_ e: Expression) -> Value? {
    switch e.kind {
    case .integer(let v): return .int(v)
    case .float(let v): return .float(v)
    case .bool(let v): return .bool(v)
    case .string(let v): return .string(v)
    case .shape(let v): return .shape(v)
    case .name(let n) where EnumType.allConstants.contains(n): return .enumeration(n)
    case .negate(let inner):
      switch constant(inner) {
      case .int(let v)? where v != Int.min: return .int(-v)
      case .float(let v)?: return .float(-v)
      default: return nil
      }
    case .list(let elements):
      let values = elements.compactMap(constant)
      guard values.count == elements.count, Value.list(values).type != .list(.error) else {
        return nil
      }
      return .list(values)
    default: return nil
    }
  }

  /// What follows "unknown parameter 'x'": `; did you mean 'y'?` when a declared name is
  /// close, else `; parameters are a, b`, or `; ` + `noneDeclared` when there are none.
  public static func unknownNameHint(
    _ name: String, declared names: [String],
    noneDeclared: String = "the notebook declares no parameters (front matter 'params:')"
  ) -> String {
    if let suggestion = Suggestions.closest(to: name, in: names) {
      return "; did you mean '\(suggestion)'?"
    }
    return names.isEmpty ? "; " + noneDeclared : "; parameters are \(Suggestions.list(names))"
  }

  /// The declared parameters with their types, the overrides (`name=value`) applied.
  /// All override errors are returned, not only the first.
  public static func resolve(_ declarations: [Declaration], overrides: [String])
    -> (parameters: [NotebookParameter], errors: [OverrideError])
  {
    var parameters = declarations.map { d -> NotebookParameter in
      let value = parseValue(d.text)
      return NotebookParameter(
        name: d.name, type: value.type.resolvedEnumeration, value: value, range: d.range,
        nameRange: d.nameRange)
    }
    var errors: [OverrideError] = []
    for override in overrides {
      guard let equals = override.firstIndex(of: "=") else {
        errors.append(OverrideError(override: override, message: "write --param name=value"))
        continue
      }
      let name = String(override[..<equals]).trimmingSpaces
      let text = String(override[override.index(after: equals)...])
      guard let index = parameters.firstIndex(where: { $0.name == name }) else {
        errors.append(
          OverrideError(
            override: override,
            message: "unknown parameter '\(name)'"
              + unknownNameHint(name, declared: parameters.map(\.name))))
        continue
      }
      let declared = parameters[index]
      var value = parseValue(text)
      if declared.type == .string, case .string = value {
      } else if declared.type == .string {
        value = .string(text.trimmingSpaces)
      }
      let digits = text.trimmingSpaces.drop { $0 == "-" }
      if declared.type == .int, case .string = value, !digits.isEmpty,
        digits.allSatisfy({ $0.isASCII && $0.isNumber })
      {
        errors.append(
          OverrideError(
            override: override,
            message: "'\(name)' is Int, but \(text.trimmingSpaces) does not fit in 64 bits"))
        continue
      }
      guard let converted = value.converted(to: declared.type) else {
        errors.append(
          OverrideError(
            override: override,
            message:
              "'\(name)' is \(declared.type) (from its default \(declared.value)), but '\(text)' "
              + "is \(value.type)"
          ))
        continue
      }
      parameters[index].value = converted
    }
    return (parameters, errors)
  }
}

extension StepType {
  /// A bare constant's type as a parameter type: the enumeration holding it.
  var resolvedEnumeration: StepType {
    if case .enumConstant(let name) = self,
      let e = EnumType.all.first(where: { $0.cases.contains(name) })
    {
      return .enumeration(e)
    }
    return self
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
    return String(s)
  }
}
