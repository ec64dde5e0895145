import HTMLReport

/// One claim of a finished notebook, for the run summary and `--strict-claims`.
public struct ClaimOutcome: Sendable, Equatable {
  public var sentence: String
  public var held: Bool
  public var line: Int
  public var column: Int
  /// Both figures: `q4.accuracy = 88.41% > net.accuracy = 88.39%`.
  public var figures: String
}

/// Gathers the claims a run showed, whether they ran now or were replayed from the cache (a
/// replayed display keeps its JSON, so a cached claim is counted like a fresh one).
enum ClaimSummary {
  /// Each claim's JSON object (`ClaimValue.json`), in the order the cells showed them.
  static func claims(_ record: RunRecord) -> [JSON] {
    record.cellRuns.compactMap { $0 }.flatMap(\.displays).compactMap { display -> JSON? in
      switch display {
      case .value(.claim(let claim), _): return claim.json(timings: !record.reproducible)
      case .restored(let restored):
        let json = restored.json(timings: !record.reproducible)
        if case .string("claim")? = member(json, "kind") { return json }
        return nil
      case .value, .sweep, .scalarSweep, .signalSweep: return nil
      }
    }
  }

  /// The claims as outcomes (a claim whose JSON cannot be read is reported as not held).
  static func outcomes(_ record: RunRecord) -> [ClaimOutcome] {
    claims(record).map { json in
      func text(_ key: String) -> String {
        if case .string(let s)? = member(json, key) { return s }
        return "?"
      }
      func int(_ key: String) -> Int {
        if case .int(let n)? = member(json, key) { return n }
        return 0
      }
      func side(_ key: String) -> String {
        guard let object = member(json, key),
          case .string(let expression)? = member(object, "expression"),
          case .string(let value)? = member(object, "text")
        else { return "?" }
        return "\(expression) = \(value)"
      }
      var figures = "\(side("left")) \(text("operator")) \(side("right"))"
      if case .number(let within)? = member(json, "within") {
        figures += " (within \(Format.number(within)))"
      }
      let held: Bool = if case .bool(let b)? = member(json, "held") { b } else { false }
      return ClaimOutcome(
        sentence: text("sentence"), held: held, line: int("line"), column: int("column"),
        figures: figures)
    }
  }

  static func member(_ json: JSON, _ key: String) -> JSON? {
    guard case .object(let members) = json else { return nil }
    return members.first { $0.0 == key }?.1
  }
}
