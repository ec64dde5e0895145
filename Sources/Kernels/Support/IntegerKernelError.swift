/// A bad argument to an integer kernel: what is wrong, and where.
///
/// The integer kernels check shapes, strides, zero points and value ranges once per call
/// (never in a hot loop) and throw this instead of crashing.
public struct IntegerKernelError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The kernel or function that rejected its input, e.g. `"int8GEMM"`.
  public var function: String
  /// What is wrong and what to do about it.
  public var message: String

  public init(_ function: String, _ message: String) {
    self.function = function
    self.message = message
  }

  public var description: String { "\(function): \(message)" }
}

/// Throws unless `condition` holds; the message is built only on failure.
@inline(__always)
func require(
  _ condition: Bool, _ function: String, _ message: @autoclosure () -> String
) throws(IntegerKernelError) {
  if !condition { throw IntegerKernelError(function, message()) }
}
