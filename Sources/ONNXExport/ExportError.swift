/// Why a model cannot be exported: the layer and what to change.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
