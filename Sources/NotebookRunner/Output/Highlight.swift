import HTMLReport
import StepLanguage

/// Splits a cell's code into highlighted spans from the step language's own tokens.
enum Highlight {
  /// Every byte of `code` lands in exactly one span, in order; bytes between tokens (spaces,
  /// line breaks) are plain.
  static func spans(code: String, tokens: [StepLanguage.Token]) -> [CodeSpan] {
    let bytes = Array(code.utf8)
    var spans: [CodeSpan] = []
    var position = 0
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    for token in tokens.sorted(by: { $0.local.lowerBound < $1.local.lowerBound }) {
      let range = token.local.clamped(to: position..<bytes.count)
      guard !range.isEmpty, range.lowerBound >= position else { continue }
      if range.lowerBound > position {
        spans.append(CodeSpan(text(position..<range.lowerBound), .plain))
      }
      spans.append(CodeSpan(text(range), kind(token.kind)))
      position = range.upperBound
    }
    if position < bytes.count { spans.append(CodeSpan(text(position..<bytes.count), .plain)) }
    return spans
  }

  private static func kind(_ kind: StepLanguage.TokenKind) -> HTMLReport.TokenKind {
    switch kind {
    case .keyword: return .keyword
    case .identifier: return .identifier
    case .stepName: return .step
    case .integer, .float: return .number
    case .string: return .string
    case .shape: return .shape
    case .enumConstant: return .enum
    case .punctuation: return .operator
    case .comment: return .comment
    case .cellOption: return .option
    case .newline, .endOfFile, .invalid: return .plain
    }
  }
}
