import HTMLEscaping

/// Writes a formula as MathML Core, the subset Chromium, Firefox and Safari render natively:
/// no script, no web font. Every text is escaped (`& < >`, by HTMLEscaping's `escapeText`),
/// so the output is safe to put in a page as is.
///
/// Shape of the output: `<math display="block">` (display) or `<math>` (inline), holding
/// `<semantics>`, the formula in one `<mrow>`, and
/// `<annotation encoding="application/x-tex">` with the TeX source (browsers show only the
/// first child; copy-paste tools and readers find the source).
public enum MathMLRenderer {
  /// The MathML of `formula`; `value` gives the run's text for each `\val{...}` (nil shows
  /// the expression itself).
  public static func render(_ formula: MathFormula, value: (MathValue) -> String? = { _ in nil })
    -> String
  {
    var out = formula.display ? "<math display=\"block\">" : "<math>"
    out += "<semantics><mrow>"
    out += withoutActuallyEscaping(value) { value in
      var writer = Writer(value: value)
      writer.children(of: formula.root)
      return writer.out
    }
    out += "</mrow><annotation encoding=\"application/x-tex\">"
    out += escapeText(formula.tex) + "</annotation></semantics></math>"
    return out
  }

  private struct Writer {
    let value: (MathValue) -> String?
    var out = ""

    /// A row's children inline (the caller provides the `<mrow>`), any other node as is.
    mutating func children(of node: MathNode) {
      if case .row(let nodes) = node {
        sequence(nodes)
      } else {
        write(node)
      }
    }

    /// Nodes in a row. As TeX does around an operator name, a thin space (1/6 em) goes
    /// before a function that follows anything but an operator, and after one that is
    /// followed by anything but an operator: `10 \log x` -> 10 log x, `\log(x)` -> log(x).
    mutating func sequence(_ nodes: [MathNode]) {
      for (i, node) in nodes.enumerated() {
        // A sign after an operator or an opening bracket is unary, as in TeX: `\{-a, +b\}`.
        if i > 0, case .op(let sign, nil) = node, Self.signs.contains(sign),
          Self.leavesSignUnary(nodes[i - 1])
        {
          out += "<mo form=\"prefix\">\(escapeText(sign))</mo>"
          continue
        }
        let isFunction = Self.isFunction(node)
        if isFunction, i > 0, !Self.isOperator(nodes[i - 1]) { write(.space(em: 0.1667)) }
        write(node)
        if isFunction, i + 1 < nodes.count, !Self.isOperator(nodes[i + 1]) {
          write(.space(em: 0.1667))
        }
      }
    }

    /// One node as exactly one element (a row of several becomes an `<mrow>`), except a
    /// function, which is its name and U+2061 FUNCTION APPLICATION.
    mutating func write(_ node: MathNode) {
      switch node {
      case .identifier(let name, let upright):
        let variant = upright && name.count == 1 ? " mathvariant=\"normal\"" : ""
        out += "<mi\(variant)>\(escapeText(name))</mi>"
      case .number(let digits): out += "<mn>\(escapeText(digits))</mn>"
      case .op(let text, let stretchy):
        var attributes = stretchy.map { " stretchy=\"\($0)\"" } ?? ""
        // TeX sets `|`, `‖` and `/` as ordinary symbols: no space around them.
        if stretchy == false, text == "|" || text == "‖" || text == "/" {
          attributes += " lspace=\"0em\" rspace=\"0em\""
        }
        out += "<mo\(attributes)>\(escapeText(text))</mo>"
      case .text(let text):
        // Spaces at the edges of <mtext> would collapse; U+00A0 keeps them.
        out += "<mtext>\(escapeText(String(text.map { $0 == " " ? "\u{A0}" : $0 })))</mtext>"
      case .space(let em):
        out += "<mspace width=\"\(Self.number(max(em, 0)))em\"></mspace>"
      case .row(let nodes):
        if nodes.count == 1, !Self.isBareFunction(nodes[0]) {
          write(nodes[0])
        } else {
          tag("mrow") { $0.sequence(nodes) }
        }
      case .fraction(let numerator, let denominator):
        element("mfrac", [numerator, denominator])
      case .root(let radicand, let index):
        if let index {
          element("mroot", [radicand, index])
        } else {
          tag("msqrt") { $0.children(of: radicand) }
        }
      case .scripts(let base, let sub, let sup, let limits):
        scripts(base, sub, sup, limits: limits)
      case .accent(let base, let mark):
        out += "<mover accent=\"true\">"
        write(.row([base]))
        out += "<mo>\(escapeText(mark))</mo></mover>"
      case .function(let name):
        write(.identifier(name, upright: true))
        out += "<mo>\u{2061}</mo>"
      case .fenced(let open, let body, let close):
        out += "<mrow>"
        if let open {
          out += "<mo fence=\"true\" form=\"prefix\" stretchy=\"true\">\(escapeText(open))</mo>"
        }
        children(of: body)
        if let close {
          out += "<mo fence=\"true\" form=\"postfix\" stretchy=\"true\">\(escapeText(close))</mo>"
        }
        out += "</mrow>"
      case .table(let table): self.table(table)
      case .value(let slot):
        let text = value(slot) ?? slot.expression
        let numeric = text.first.map { $0.isNumber || $0 == "-" || $0 == "−" } ?? false
        write(numeric ? .number(text) : .text(text))
      }
    }

    /// `<name>`, what `body` writes, `</name>`.
    private mutating func tag(_ name: String, _ body: (inout Writer) -> Void) {
      out += "<\(name)>"
      body(&self)
      out += "</\(name)>"
    }

    /// `<name>` holding each child as one element.
    private mutating func element(_ name: String, _ children: [MathNode]) {
      tag(name) { writer in
        for child in children { writer.write(.row([child])) }
      }
    }

    /// msub/msup/msubsup, or munder/mover/munderover for limits. A function base keeps its
    /// U+2061 after the scripted name.
    private mutating func scripts(
      _ base: MathNode, _ sub: MathNode?, _ sup: MathNode?, limits: Bool
    ) {
      var core = base
      var isFunction = false
      if case .function(let name) = base {
        core = .identifier(name, upright: true)
        isFunction = true
      }
      let name =
        switch (sub != nil, sup != nil) {
        case (true, true): limits ? "munderover" : "msubsup"
        case (true, false): limits ? "munder" : "msub"
        case (false, _): limits ? "mover" : "msup"
        }
      element(name, [core] + [sub, sup].compactMap { $0 })
      if isFunction { out += "<mo>\u{2061}</mo>" }
    }

    private mutating func table(_ table: MathTable) {
      let fences: (String, String)? =
        switch table.kind {
        case .cases: ("{", "")
        case .matrix: nil
        case .pmatrix: ("(", ")")
        case .bmatrix: ("[", "]")
        }
      out += "<mrow>"
      if let fences { out += "<mo form=\"prefix\" stretchy=\"true\">\(escapeText(fences.0))</mo>" }
      out += "<mtable class=\"\(table.kind.rawValue)\">"
      for row in table.rows {
        tag("mtr") { writer in
          for cell in row { writer.tag("mtd") { $0.children(of: cell) } }
        }
      }
      out += "</mtable>"
      if let fences, !fences.1.isEmpty {
        out += "<mo form=\"postfix\" stretchy=\"true\">\(escapeText(fences.1))</mo>"
      }
      out += "</mrow>"
    }

    static let signs: Set<String> = ["−", "+", "±", "∓"]
    static let closers: Set<String> = [")", "]", "}", "|", "‖", "⌋", "⌉", "⟩", "′", "!", "%"]

    /// True after an operator, relation, punctuation or opening bracket (not a closing one).
    static func leavesSignUnary(_ node: MathNode) -> Bool {
      if case .op(let text, _) = node { return !closers.contains(text) }
      return false
    }

    /// A function name, alone or with scripts (`\log_2`).
    static func isFunction(_ node: MathNode) -> Bool {
      switch node {
      case .function: true
      case .scripts(let base, _, _, _): isFunction(base)
      default: false
      }
    }

    /// A function without scripts, which writes two elements (name and U+2061).
    static func isBareFunction(_ node: MathNode) -> Bool {
      if case .function = node { return true }
      return false
    }

    /// An operator, relation, delimiter or space: no extra space next to a function.
    static func isOperator(_ node: MathNode) -> Bool {
      switch node {
      case .op, .space: true
      case .scripts(let base, _, _, _): isOperator(base)
      default: false
      }
    }

    /// `0.1667` -> "0.1667", `1` -> "1".
    static func number(_ value: Double) -> String {
      value == value.rounded() ? String(Int(value)) : String(value)
    }
  }
}
