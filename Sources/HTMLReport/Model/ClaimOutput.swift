/// A checked sentence of the prose: whether it held in this run, with the figures on both
/// sides of its comparison, e.g. `q4.accuracy = 88.41%  >  net.accuracy = 88.39%`.
public struct ClaimOutput: Sendable, Equatable {
  public var sentence: String
  public var held: Bool
  /// `expression = value` for each side, and the operator between them.
  public var left: String
  public var op: String
  public var right: String
  /// More about the outcome: the tolerance and the difference of an `==` claim.
  public var detail: String?

  public init(
    sentence: String, held: Bool, left: String, op: String, right: String, detail: String? = nil
  ) {
    self.sentence = sentence
    self.held = held
    self.left = left
    self.op = op
    self.right = right
    self.detail = detail
  }

  /// The outcome in words (the page never says it by colour alone).
  public var verdict: String { held ? "claim holds" : "claim does not hold" }
}
