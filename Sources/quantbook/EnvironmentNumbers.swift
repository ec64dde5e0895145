import ArgumentParser
import Foundation

/// The numeric `QUANTBOOK_*` environment variables, checked once at the command line. A value
/// that is not a number in its range is a usage error (exit 2) that names the variable and
/// what it takes; it is never replaced by the default behind the user's back.
enum EnvironmentNumbers {
  /// One variable: its name, what it takes (for the message) and the test of a value.
  private struct Rule: Sendable {
    let name: String
    let takes: String
    let accepts: @Sendable (String) -> Bool
  }

  private static let rules = [
    Rule(name: "QUANTBOOK_THREADS", takes: "a whole number of threads, at least 1") {
      Int($0).map { $0 >= 1 } ?? false
    },
    Rule(name: "QUANTBOOK_CLAIM_STALE", takes: "seconds, more than 0") {
      Double($0).map { $0.isFinite && $0 > 0 } ?? false
    },
    Rule(name: "QUANTBOOK_WAIT_LIMIT", takes: "seconds, 0 or more") {
      Double($0).map { $0.isFinite && $0 >= 0 } ?? false
    },
    // Otherwise a typo would silently give a report that is not reproducible.
    Rule(name: "SOURCE_DATE_EPOCH", takes: "a whole number of seconds since 1970, 0 or more") {
      Int($0).map { $0 >= 0 } ?? false
    },
  ]

  /// Throws a `ValidationError` for the first variable set to a value its rule refuses
  /// (an empty value counts as unset).
  static func validate(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    throws
  {
    for rule in rules {
      guard let text = environment[rule.name], !text.isEmpty, !rule.accepts(text) else {
        continue
      }
      throw ValidationError(
        "\(rule.name)=\(text) is not valid: it takes \(rule.takes); "
          + "set it to such a value or unset it")
    }
  }
}
