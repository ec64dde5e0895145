import MarkdownNotebook

/// A notebook parameter as the checker sees it: declared in the front matter, typed by its
/// default, possibly overridden on the command line.
public struct NotebookParameter: Sendable, Hashable {
  public var name: String
  public var type: StepType
  public var value: Value
  /// Where its value is declared in the front matter (if known).
  public var range: SourceRange?
  /// Where its name is written in the front matter (if known).
  public var nameRange: SourceRange?

  /// A parameter named like a constant (`relu`, `symmetric`) would hide it in every cell,
  /// so it is an error at its name; such a parameter is not bound.
  var constantClash: Diagnostic? {
    guard EnumType.allConstants.contains(name) else { return nil }
    let owners = EnumType.all.filter { $0.cases.contains(name) }.map(\.name)
    let at = nameRange ?? range ?? SourceRange(at: SourceLocation(line: 1, column: 1, offset: 0))
    return .error(
      "parameter '\(name)' has the name of a constant of \(Suggestions.list(owners)); choose "
        + "another name",
      at: at)
  }
}

/// Type-checks a notebook cell by cell, in document order, with one global scope across
/// cells. Reports every error it finds; never stops at the first.
///
/// ```
/// var checker = NotebookChecker(parameters: params, upcoming: parsedCells)
/// for cell in parsedCells { let checked = checker.check(cell) ... }
/// let inline = checker.checkInline("net.history.final_accuracy", map: map)
/// let warnings = checker.finish()   // names never used
/// ```
public struct NotebookChecker: Sendable {
  struct Binding: Sendable {
    enum Kind: Sendable { case variable, loopVariable, parameter }
    var kind: Kind
    var type: StepType
    var values: [Value]?
    var range: SourceRange?
    var used = false
    /// For a name bound to a layer: the layer call (so it can stand in a layer block).
    var layer: TypedCall?
    var modelShape: ModelShape?
    /// For a name bound to a Dataset or Split: images or words, when known (`dataKind(of:)`).
    var dataKind: DataKind?
  }

  let registry: StepRegistry
  /// Scope 0 is the notebook's global scope; each loop body pushes one.
  var scopes: [[String: Binding]] = [[:]]
  /// Names assigned at the top level of any cell (for "used before it is defined").
  var laterDefinitions: [String: SourceRange] = [:]
  var diagnostics: [Diagnostic] = []
  /// Global names read by the statement being checked.
  var dependencies: Set<String> = []
  var models: [ModelShape] = []
  /// Global variables in binding order (for unused warnings).
  var globalOrder: [String] = []

  /// - Parameters:
  ///   - parameters: the notebook's parameters, bound in the global scope.
  ///   - upcoming: every cell of the notebook, so that a name used before the cell that
  ///     defines it is reported as such rather than as unknown.
  public init(
    registry: StepRegistry = .standard, parameters: [NotebookParameter] = [],
    upcoming: [ParsedCell] = []
  ) {
    self.registry = registry
    for p in parameters where p.constantClash == nil {
      scopes[0][p.name] = Binding(
        kind: .parameter, type: p.type, values: [p.value], range: p.range, used: true)
    }
    for cell in upcoming {
      for statement in cell.statements {
        if case .assignment(let name, let range, _) = statement.kind, laterDefinitions[name] == nil
        {
          laterDefinitions[name] = range
        }
      }
    }
  }

  /// Checks one parsed cell; its bindings stay visible to later cells.
  public mutating func check(_ cell: ParsedCell) -> CheckedCell {
    diagnostics = cell.diagnostics
    models = []
    let options = checkOptions(cell.options)
    var statements: [TypedStatement] = []
    for statement in cell.statements {
      if let typed = checkStatement(statement) { statements.append(typed) }
    }
    checkShardOption(options, given: cell.options, statements: statements)
    return CheckedCell(
      options: options, statements: statements, diagnostics: diagnostics.sortedByLocation(),
      tokens: cell.tokens,
      models: models)
  }

  /// Checks a prose inline expression (`` `= net.history.final_accuracy` ``) in the global
  /// scope as it stands. Inline expressions read values; they cannot call steps.
  public mutating func checkInline(_ text: String, map: SourceMap) -> CheckedInline {
    let (expression, syntax) = Parser.parseExpression(text, map: map)
    diagnostics = syntax
    dependencies = []
    if syntax.isEmpty, let call = firstCall(in: expression) {
      diagnostics.append(
        .error(
          "an inline expression cannot run a step; assign '\(call.name)(...)' to a name in a "
            + "cell and show that name",
          at: call.nameRange))
    }
    let typed =
      syntax.isEmpty
      ? checkExpression(expression)
      : TypedExpression(kind: .invalid, type: .error, range: expression.range)
    return CheckedInline(
      expression: typed, dependencies: dependencies.sorted(),
      diagnostics: diagnostics.sortedByLocation())
  }

  /// Warnings for global names that were bound but never used. Call after the last cell
  /// and inline expression.
  public mutating func finish() -> [Diagnostic] {
    var warnings: [Diagnostic] = []
    for name in globalOrder {
      if let b = scopes[0][name], b.kind == .variable, !b.used, let range = b.range {
        warnings.append(.warning("'\(name)' is never used", at: range))
      }
    }
    return warnings
  }

  func firstCall(in expression: Expression) -> Call? {
    switch expression.kind {
    case .call(let call): return call
    case .member(let base, _, _), .negate(let base): return firstCall(in: base)
    case .binary(_, let left, let right, _): return firstCall(in: left) ?? firstCall(in: right)
    case .list(let elements): return elements.lazy.compactMap { firstCall(in: $0) }.first
    default: return nil
    }
  }

  // MARK: Scopes

  func lookup(_ name: String) -> (scope: Int, binding: Binding)? {
    for index in scopes.indices.reversed() {
      if let binding = scopes[index][name] { return (index, binding) }
    }
    return nil
  }

  mutating func markUsed(_ name: String, scope: Int) {
    scopes[scope][name]?.used = true
    if scope == 0 { dependencies.insert(name) }
  }

  /// All names visible here (for suggestions).
  var visibleNames: [String] { scopes.flatMap(\.keys) }

  /// Binds `name` in the innermost scope, reporting rebinding and clashes.
  mutating func bind(_ name: String, at range: SourceRange, _ binding: Binding) {
    if EnumType.allConstants.contains(name) {
      let owners = EnumType.all.filter { $0.cases.contains(name) }.map(\.name)
      diagnostics.append(
        .error(
          "'\(name)' is a constant of \(Suggestions.list(owners)); choose another name", at: range))
      return
    }
    if let (scope, existing) = lookup(name) {
      if existing.kind == .parameter {
        diagnostics.append(
          .error(
            "'\(name)' is a notebook parameter and cannot be assigned; choose another name",
            at: range,
            notes: existing.range.map {
              [DiagnosticNote("declared in the front matter here", range: $0)]
            } ?? []))
        return
      }
      let note =
        existing.range.map { [DiagnosticNote("'\(name)' is first defined here", range: $0)] } ?? []
      if scope == scopes.count - 1 {
        diagnostics.append(
          .error(
            "'\(name)' is already defined; a name is bound once, so choose a new name (e.g. "
              + "'\(name)2')",
            at: range, notes: note))
        return
      }
      diagnostics.append(
        .warning("'\(name)' hides the '\(name)' defined outside this loop", at: range, notes: note))
    }
    scopes[scopes.count - 1][name] = binding
    if scopes.count == 1 { globalOrder.append(name) }
  }
}
