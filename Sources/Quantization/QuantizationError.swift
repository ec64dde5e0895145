import QuantizationMethods

/// The one error type of the Quantization module.
///
/// Every error names where it happened and what to do about it, so a notebook user sees
/// one clear sentence instead of a crash.
public struct QuantizationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong, for callers that branch on it.
  public enum Kind: Sendable, Equatable {
    /// An argument is outside its allowed range (bits, group size, percentile, ...).
    case invalidArgument
    /// The combination is valid in general but not supported by this method.
    case unsupported
    /// The input holds no values (empty tensor, no observations).
    case emptyInput
    /// A shape does not match the data (element count, axis, lengths).
    case shapeMismatch
  }

  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}

extension QuantizationError {
  /// Checks a bit width against an allowed set and names the caller in the message.
  static func checkBits(_ bits: Int, allowed: [Int], in place: String) throws {
    guard allowed.contains(bits) else {
      let list = allowed.map(String.init).joined(separator: ", ")
      throw QuantizationError(
        .invalidArgument, "\(place): bits must be one of \(list), got \(bits)")
    }
  }
}

/// Bit widths accepted by the linear quantizer: 1...8 and 16 (asymmetric; symmetric refuses
/// 1 bit with its own message), from the one table, `MethodBits`.
public let supportedLinearBits: [Int] = MethodBits.bits(method: .linear, scheme: .asymmetric)
