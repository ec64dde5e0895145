import Foundation

/// A JSON document, written deterministically: object keys keep their insertion order,
/// numbers use the shortest round-trip form, non-finite numbers become `null`.
public indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case int(Int)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.rendered() == rhs.rendered() }

  /// The document as text; `indent` spaces per level (0 for one line).
  public func rendered(indent: Int = 2) -> String {
    var out = ""
    write(into: &out, level: 0, indent: indent)
    return out
  }

  private func write(into out: inout String, level: Int, indent: Int) {
    let newline = indent > 0 ? "\n" : ""
    let pad = { (depth: Int) in String(repeating: " ", count: depth * indent) }
    switch self {
    case .null: out += "null"
    case .bool(let v): out += v ? "true" : "false"
    case .int(let v): out += String(v)
    case .number(let v): out += v.isFinite ? JSON.format(v) : "null"
    case .string(let v): out += JSON.quote(v)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "[" + newline
      for (i, item) in items.enumerated() {
        out += pad(level + 1)
        item.write(into: &out, level: level + 1, indent: indent)
        out += (i < items.count - 1 ? "," : "") + newline
      }
      out += pad(level) + "]"
    case .object(let members):
      if members.isEmpty { out += "{}"; return }
      out += "{" + newline
      for (i, (key, value)) in members.enumerated() {
        out += pad(level + 1) + JSON.quote(key) + (indent > 0 ? ": " : ":")
        value.write(into: &out, level: level + 1, indent: indent)
        out += (i < members.count - 1 ? "," : "") + newline
      }
      out += pad(level) + "}"
    }
  }

  static func format(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return "\(v)"
  }

  public static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
