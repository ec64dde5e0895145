/// The TeX subset: every command the parser knows, in one table. `docs/LANGUAGE.md`
/// ("Math") lists exactly `MathCommands.markdownList` (a test checks it), so the table is
/// the one source of what is documented.
public struct MathCommand: Sendable {
  public enum Kind: Sendable {
    /// A letter shown as `<mi>` (italic when it is one character): `\alpha` -> α.
    case identifier(String)
    /// An upright `<mi>`: upper-case Greek (`\Delta`), `\infty`, `\partial`.
    case uprightIdentifier(String)
    /// An operator or relation, `<mo>`: `\cdot` -> ⋅.
    case op(String)
    /// A delimiter `<mo>`, which may follow `\left` or `\right`: `\lfloor` -> ⌊.
    case delimiter(String)
    /// A big operator whose scripts are limits above and below: `\sum` -> ∑.
    case largeOperator(String)
    /// A function name, upright and followed by U+2061; `limits` puts a subscript under
    /// it in display math (`\max_i`).
    case function(String, limits: Bool)
    /// A mark over one argument: `\hat{x}`.
    case accent(String)
    /// Horizontal space of this many em.
    case space(Double)
    /// `\frac{a}{b}`, `\sqrt[n]{x}`, `\operatorname{name}`, `\mathrm{text}`, `\text{words}`,
    /// `\mathbb{Z}`, `\left`, `\right`, `\begin{env}`, `\end{env}`, `\val{expression}`.
    case fraction, squareRoot, operatorName, upright, text, blackboard
    case left, right, begin, end, value
  }

  /// How the documentation groups commands.
  public enum Group: String, Sendable, CaseIterable {
    case structure = "structure"
    case greek = "Greek letters"
    case operators = "operators and relations"
    case delimiters = "delimiters"
    case bigOperators = "sums and products"
    case functions = "functions"
    case accents = "accents"
    case fonts = "text and fonts"
    case spaces = "spaces"
  }

  /// The name without the backslash: `frac`, `,`.
  public let name: String
  public let kind: Kind
  public let group: Group
}

public enum MathCommands {
  /// Every command, in documentation order.
  public static let all: [MathCommand] =
    structure + greek + operators + delimiters + big
    + functions + accents + fonts + spaces

  /// Commands by name.
  public static let byName: [String: MathCommand] = Dictionary(
    all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

  /// Names of the environments `\begin{...}` accepts.
  public static let environments = MathTable.Kind.allCases.map(\.rawValue)

  private static func list(
    _ group: MathCommand.Group, _ kind: (String) -> MathCommand.Kind,
    _ pairs: KeyValuePairs<String, String>
  ) -> [MathCommand] {
    pairs.map { MathCommand(name: $0.key, kind: kind($0.value), group: group) }
  }

  private static let structure: [MathCommand] = [
    .init(name: "frac", kind: .fraction, group: .structure),
    .init(name: "sqrt", kind: .squareRoot, group: .structure),
    .init(name: "left", kind: .left, group: .structure),
    .init(name: "right", kind: .right, group: .structure),
    .init(name: "begin", kind: .begin, group: .structure),
    .init(name: "end", kind: .end, group: .structure),
    .init(name: "val", kind: .value, group: .structure),
  ]

  private static let greek: [MathCommand] =
    list(
      .greek, { .identifier($0) },
      [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ",
        "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
        "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
      ])
    + list(
      .greek, { .uprightIdentifier($0) },
      [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
      ])

  private static let operators: [MathCommand] =
    list(
      .operators, { .op($0) },
      [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "approx": "≈", "sim": "∼",
        "equiv": "≡", "propto": "∝", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
        "neq": "≠", "ll": "≪", "gg": "≫", "in": "∈", "notin": "∉", "subset": "⊂", "cup": "∪",
        "cap": "∩", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
        "Rightarrow": "⇒", "mapsto": "↦", "ldots": "…", "dots": "…", "cdots": "⋯",
        "mid": "∣", "forall": "∀", "exists": "∃", "circ": "∘", "ast": "∗",
      ])
    + list(.operators, { .uprightIdentifier($0) }, ["infty": "∞", "partial": "∂", "nabla": "∇"])

  private static let delimiters: [MathCommand] = list(
    .delimiters, { .delimiter($0) },
    [
      "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "langle": "⟨", "rangle": "⟩",
      "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "{": "{", "}": "}", "|": "‖",
    ])

  private static let big: [MathCommand] = list(
    .bigOperators, { .largeOperator($0) },
    [
      "sum": "∑", "prod": "∏", "int": "∫",
    ])

  private static let functions: [MathCommand] =
    list(
      .functions, { .function($0, limits: false) },
      [
        "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan",
        "tanh": "tanh",
      ])
    + list(
      .functions, { .function($0, limits: true) },
      [
        "max": "max", "min": "min", "lim": "lim", "arg": "arg",
      ])
    + [MathCommand(name: "operatorname", kind: .operatorName, group: .functions)]

  private static let accents: [MathCommand] = list(
    .accents, { .accent($0) },
    [
      "hat": "^", "bar": "¯", "tilde": "~", "vec": "→", "dot": "˙",
    ])

  private static let fonts: [MathCommand] =
    [
      .init(name: "mathrm", kind: .upright, group: .fonts),
      .init(name: "text", kind: .text, group: .fonts),
      .init(name: "mathbb", kind: .blackboard, group: .fonts),
    ]
    + list(.fonts, { .op($0) }, ["%": "%", "$": "$", "&": "&", "#": "#", "_": "_"])

  private static let spaces: [MathCommand] = list(
    .spaces, { .space(Double($0) ?? 0) },
    [
      ",": "0.1667", ":": "0.2222", ";": "0.2778", "!": "-0.1667", " ": "0.3333",
      "quad": "1", "qquad": "2",
    ])

  /// The documented subset as a Markdown list, one item per group:
  /// `- structure: \frac \sqrt ...` (each command in a code span).
  public static var markdownList: String {
    var lines: [String] = []
    for group in MathCommand.Group.allCases {
      let names = all.filter { $0.group == group }.map { "`\\\($0.name)`" }
      lines.append("- \(group.rawValue): \(names.joined(separator: " "))")
    }
    lines.append("- environments: " + environments.map { "`\($0)`" }.joined(separator: " "))
    return lines.joined(separator: "\n")
  }
}
