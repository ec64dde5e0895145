// The quantization methods and the bit widths each accepts, defined once, below both the
// language and the engine: the registry and the checker (`StepLanguage`), the quantizers'
// preconditions (`Quantization`) and docs/STEPS.md's "Bit widths" section all read this table.
//
// | method | scheme | bits |
// |---|---|---|
// | linear | symmetric | 2...8 or 16 (levels −s, 0, s need a sign and a magnitude) |
// | linear | asymmetric | 1...8 or 16 |
// | log2 | any | 2...8 (a sign bit and exponent codes) |
// | kmeans | any | 1...8 (a codebook of at most 256 values) |
// | binary | any | 1 |
// | ternary | any | 2 |

/// A way of mapping weights onto a few levels; the raw value is the language's constant.
public enum WeightQuantizerKind: String, Sendable, Hashable, CaseIterable {
  case linear, log2, kmeans, binary, ternary
}

/// Whether a linear grid is centred on zero (`symmetric`, zero point 0) or spans [min, max].
public enum QuantizationScheme: String, Sendable, Hashable, CaseIterable {
  case symmetric
  case asymmetric
}

/// One row of the table: the widths `method` accepts with `scheme` (`nil`: any scheme).
public struct MethodBits: Sendable, Hashable {
  public var method: WeightQuantizerKind
  public var scheme: QuantizationScheme?
  /// Disjoint, ascending ranges of widths in bits.
  public var widths: [ClosedRange<Int>]
  /// Why these widths (docs/STEPS.md's last column).
  public var doc: String

  /// The rows of `method`, by an exhaustive switch: a new method is a compile error here.
  public static func rows(of method: WeightQuantizerKind) -> [MethodBits] {
    switch method {
    case .linear:
      return [
        MethodBits(
          method: .linear, scheme: .symmetric, widths: [2...8, 16...16],
          doc: "levels -s, 0, s need a sign and a magnitude bit"),
        MethodBits(
          method: .linear, scheme: .asymmetric, widths: [1...8, 16...16], doc: "2^bits levels"),
      ]
    case .log2:
      return [
        MethodBits(
          method: .log2, scheme: nil, widths: [2...8],
          doc: "a sign bit, the other bits an exponent code")
      ]
    case .kmeans:
      return [
        MethodBits(
          method: .kmeans, scheme: nil, widths: [1...8], doc: "a codebook of at most 256 values")
      ]
    case .binary:
      return [MethodBits(method: .binary, scheme: nil, widths: [1...1], doc: "sign × mean |w|")]
    case .ternary:
      return [MethodBits(method: .ternary, scheme: nil, widths: [2...2], doc: "-a, 0, a")]
    }
  }

  /// Every row, in method order (docs/STEPS.md lists them).
  public static let all: [MethodBits] = WeightQuantizerKind.allCases.flatMap(rows(of:))

  /// The row that applies to `method` with `scheme`.
  public static func row(method: WeightQuantizerKind, scheme: QuantizationScheme) -> MethodBits {
    let rows = rows(of: method)
    return rows.first { $0.scheme == scheme } ?? rows[0]
  }

  /// The widths `method` accepts with `scheme`, ascending (`[2, 3, ..., 8, 16]`).
  public static func bits(method: WeightQuantizerKind, scheme: QuantizationScheme) -> [Int] {
    row(method: method, scheme: scheme).widths.flatMap { Array($0) }
  }

  /// Whether the scheme changes what `method` accepts.
  public static func dependsOnScheme(_ method: WeightQuantizerKind) -> Bool {
    rows(of: method).count > 1
  }
}
