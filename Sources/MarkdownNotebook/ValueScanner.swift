/// Parses one front matter or cell-option value from a byte span of the notebook.
///
/// Values: `true`/`false`; integers (`-3`); floats (`0.001`, `1e-3`, `.5`); strings, bare (the
/// rest of the line, blanks trimmed) or double-quoted with the escapes `\" \\ \/ \n \t \r`
/// and `\uXXXX`; lists of scalars (`[8, 6, 4]`, `["a", b]`). A bare word that starts like a
/// number but is not one (`1.2.3`, `1e`) is an error: quote it if a string was meant; unless
/// `numberLikeWordsAreText` is set, for values that are usually text (a cell option, a title),
/// where `3 bits is enough?` or `8-bit weights` is a bare string.
/// Inside a list, a bare word ends at a blank, so list strings with spaces are quoted.
struct ValueScanner {
  let source: SourceText
  /// The 1-based line the value is on (values never span lines).
  let line: Int
  /// When true, a bare word that starts like a number but is not one (or is an integer too
  /// large for 64 bits) is a string instead of an error.
  let numberLikeWordsAreText: Bool

  /// A value error: message and the byte span it points at.
  struct Failure: Error {
    var start: Int
    var end: Int
    var message: String
  }

  private let bytes: [UInt8]

  init(source: SourceText, line: Int, numberLikeWordsAreText: Bool = false) {
    self.source = source
    self.line = line
    self.numberLikeWordsAreText = numberLikeWordsAreText
    self.bytes = source.bytes
  }

  /// Parses the whole span `[start, end)`; `start` is the first non-blank byte and `end` is
  /// just past the last non-blank byte of the value.
  func value(from start: Int, to end: Int) throws(Failure) -> FrontMatterValue {
    guard start < end else {
      throw Failure(
        start: start, end: end, message: "missing value after ':'; write a value or remove the line"
      )
    }
    if bytes[start] == UInt8(ascii: "[") { return try list(from: start, to: end) }
    let (scalar, scalarEnd) = try scalar(from: start, to: end, inList: false)
    let next = source.skippingBlanks(from: scalarEnd, to: end)
    if next < end {
      throw Failure(
        start: next, end: end,
        message: "unexpected text after the closing quote; put the whole value inside the quotes")
    }
    return scalar
  }

  private func list(from start: Int, to end: Int) throws(Failure) -> FrontMatterValue {
    guard bytes[end - 1] == UInt8(ascii: "]") else {
      throw Failure(start: start, end: start + 1, message: "list is not closed; end it with ']'")
    }
    var items: [FrontMatterListElement] = []
    var index = source.skippingBlanks(from: start + 1, to: end - 1)
    if index == end - 1 { return .list([]) }
    while true {
      index = source.skippingBlanks(from: index, to: end - 1)
      if index < end - 1, bytes[index] == UInt8(ascii: "[") {
        throw Failure(
          start: index, end: index + 1,
          message: "lists cannot be nested; use a flat list of numbers, bools or strings")
      }
      let (item, itemEnd) = try scalar(from: index, to: end - 1, inList: true)
      items.append(
        FrontMatterListElement(
          value: item, range: source.range(from: index, to: itemEnd, onLine: line)))
      index = source.skippingBlanks(from: itemEnd, to: end - 1)
      if index == end - 1 { return .list(items) }
      guard bytes[index] == UInt8(ascii: ",") else {
        throw Failure(start: index, end: index + 1, message: "expected ',' or ']' in list")
      }
      index += 1
    }
  }

  /// Parses a scalar starting at `start`; returns it and the offset just past its text.
  /// In a list, a bare scalar ends at ',' or ']' (blanks before it trimmed).
  private func scalar(from start: Int, to end: Int, inList: Bool) throws(Failure) -> (
    FrontMatterValue, Int
  ) {
    if start < end, bytes[start] == UInt8(ascii: "\"") {
      let (text, next) = try quoted(from: start, to: end)
      return (.string(text), next)
    }
    var stop = start
    while stop < end {
      let byte = bytes[stop]
      // In a list a bare word ends at a blank too: strings with spaces are quoted there.
      if inList,
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "[")
          || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
      {
        break
      }
      stop += 1
    }
    stop = source.trimmingBlanks(from: start, to: stop)
    guard stop > start else {
      throw Failure(start: start, end: start, message: "empty list element; remove the extra ','")
    }
    return (try bare(from: start, to: stop), stop)
  }

  /// Classifies an unquoted word: bool, integer, float, or string.
  private func bare(from start: Int, to end: Int) throws(Failure) -> FrontMatterValue {
    let utf8 = bytes[start..<end]
    guard Self.startsLikeNumber(utf8) else {
      let text = source.string(from: start, to: end)
      return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
    }
    let text = source.string(from: start, to: end)
    if Self.isInteger(utf8) {
      guard let value = Int(text) else {
        if numberLikeWordsAreText { return .string(text) }
        throw Failure(
          start: start, end: end, message: "integer \(text) is too large; it must fit in 64 bits")
      }
      return .int(value)
    }
    if Self.isFloat(utf8), let value = Double(text), value.isFinite {
      return .float(value)
    }
    if numberLikeWordsAreText { return .string(text) }
    throw Failure(
      start: start, end: end,
      message:
        "'\(text)' is not a valid number; write e.g. 3, 0.001 or 1e-3"
        + ", or quote it if you meant a string"
    )
  }

  private func quoted(from start: Int, to end: Int) throws(Failure) -> (String, Int) {
    var out: [UInt8] = []
    var index = start + 1
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { return (String(decoding: out, as: UTF8.self), index + 1) }
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        index += 1
        continue
      }
      guard index + 1 < end else { break }
      let escape = bytes[index + 1]
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "u"):
        let hexEnd = index + 6
        guard hexEnd <= end,
          let code = UInt32(source.string(from: index + 2, to: hexEnd), radix: 16),
          let scalar = Unicode.Scalar(code)
        else {
          throw Failure(
            start: index, end: min(index + 6, end),
            message: "bad \\u escape; write four hex digits, e.g. \\u00e9")
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        index = hexEnd
        continue
      default:
        throw Failure(
          start: index, end: index + 2,
          message:
            "unknown escape '\\\(Character(Unicode.Scalar(escape)))'"
            + "; use \\\" \\\\ \\n \\t \\r or \\uXXXX"
        )
      }
      index += 2
    }
    throw Failure(start: start, end: start + 1, message: "string is not closed; add a closing '\"'")
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// `index`, or the index after it when `text[index]` is a sign (`+` or `-`).
  private static func skippingSign(_ text: ArraySlice<UInt8>, at index: Int) -> Int {
    let isSign =
      index < text.endIndex
      && (text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+"))
    return isSign ? index + 1 : index
  }

  private static func startsLikeNumber(_ text: ArraySlice<UInt8>) -> Bool {
    var index = skippingSign(text, at: text.startIndex)
    if index < text.endIndex, text[index] == UInt8(ascii: ".") { index += 1 }
    return index < text.endIndex && isDigit(text[index])
  }

  private static func isInteger(_ text: ArraySlice<UInt8>) -> Bool {
    let digits = text[skippingSign(text, at: text.startIndex)...]
    return !digits.isEmpty && digits.allSatisfy(isDigit)
  }

  /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`
  private static func isFloat(_ text: ArraySlice<UInt8>) -> Bool {
    var index = skippingSign(text, at: text.startIndex)
    func digits() -> Int {
      let start = index
      while index < text.endIndex, isDigit(text[index]) { index += 1 }
      return index - start
    }
    var mantissa = digits()
    if index < text.endIndex, text[index] == UInt8(ascii: ".") {
      index += 1
      mantissa += digits()
    }
    guard mantissa > 0 else { return false }
    if index < text.endIndex, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
      index = skippingSign(text, at: index + 1)
      guard digits() > 0 else { return false }
    }
    return index == text.endIndex
  }
}
