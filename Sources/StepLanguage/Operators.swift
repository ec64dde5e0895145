/// The binary operators of the language, loosest first: comparisons, then `+ -`, then `* /`.
///
/// Arithmetic takes Ints and Floats (Int ⊕ Int is an Int for `+ - *`; `/` is always a Float);
/// a comparison takes two numbers and gives a Bool. Comparisons do not chain (`a < b < c` is an
/// error): a `claim` states one comparison.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case less = "<"
  case greater = ">"
  case lessOrEqual = "<="
  case greaterOrEqual = ">="
  case equal = "=="
  case notEqual = "!="

  /// 1 for comparisons, 2 for `+ -`, 3 for `* /`; a higher level binds tighter.
  public var precedence: Int {
    switch self {
    case .less, .greater, .lessOrEqual, .greaterOrEqual, .equal, .notEqual: 1
    case .add, .subtract: 2
    case .multiply, .divide: 3
    }
  }

  public var isComparison: Bool { precedence == 1 }

  /// The comparison's truth for two numbers; nil for an arithmetic operator.
  public func compare(_ left: Double, _ right: Double) -> Bool? {
    switch self {
    case .less: left < right
    case .greater: left > right
    case .lessOrEqual: left <= right
    case .greaterOrEqual: left >= right
    case .equal: left == right
    case .notEqual: left != right
    case .add, .subtract, .multiply, .divide: nil
    }
  }

  /// The operator a token spells, if any.
  static func of(_ token: Token) -> BinaryOperator? {
    token.kind == .punctuation ? BinaryOperator(rawValue: token.text) : nil
  }
}
