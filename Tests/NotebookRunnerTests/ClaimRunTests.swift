import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// A notebook whose claims hold and do not: the exit status with and without
/// `--strict-claims`, the report's marking in words, NAME.json's `claims`, and the same
/// outcome when every statement comes from the cache.
@Suite struct ClaimRunTests {
  static let notebook = """
    ---
    title: Claims
    seed: 3
    ---

    # Claims

    ```quant
    data = synthetic(train: 120, test: 40)
    cnn = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
    net = train(cnn, on: data.train, epochs: 1, batch: 20, optimizer: sgd(lr: 0.05))
    m = evaluate(net, on: data.test)
    ```

    There are more training images than test images.

    ```quant
    claim(data.train.count > data.test.count, "more training images than test images")
    claim(data.train.count / data.test.count == 3, "three times as many", within: 0.01)
    ```

    A false sentence:

    ```quant
    claim(m.accuracy - m.accuracy > 0.5, "the model beats itself by fifty points")
    ```

    """

  @Test func falseClaimIsShownAndFailsOnlyAStrictRun() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("claims.md", Self.notebook)
    let outcomes = try Runner(settings: scratch.settings()).run([path])
    let outcome = try #require(outcomes.first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    #expect(outcome.claims.map(\.held) == [true, true, false])
    #expect(outcome.claims[2].line == 25)
    #expect(outcome.claims[2].figures.hasPrefix("m.accuracy - m.accuracy = 0.00% > 0.5 = 0.5"))
    #expect(ExitStatus.of(.success(outcomes)) == ExitStatus.success)
    #expect(ExitStatus.of(.success(outcomes), strictClaims: true) == ExitStatus.failure)

    let html = try #require(scratch.read("out/claims.html"))
    #expect(html.components(separatedBy: "✓ claim holds").count - 1 == 2)
    #expect(html.components(separatedBy: "✗ claim does not hold").count - 1 == 1)
    #expect(html.contains("class=\"claim claim-failed\""))
    #expect(html.contains("the model beats itself by fifty points"))
    #expect(html.contains("data.train.count / data.test.count = 3  ≈  3 = 3"))
    // A plain number compared with an accuracy is also shown in percent.
    #expect(html.contains("m.accuracy - m.accuracy = 0.00%  &gt;  0.5 = 0.5000 (50.00%)"))

    let claims = try Self.claims(scratch)
    #expect(claims.count == 3)
    #expect(claims.map { $0["held"] as? Bool } == [true, true, false])
    let left = try #require(claims[0]["left"] as? [String: Any])
    #expect(left["expression"] as? String == "data.train.count")
    #expect(left["value"] as? Int == 120)
    #expect(claims[1]["within"] as? Double == 0.01)
    #expect(claims[2]["operator"] as? String == ">")
  }

  @Test func cachedClaimsAreCountedLikeFreshOnes() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("claims.md", Self.notebook)
    let first = try Runner(settings: scratch.settings()).run([path])
    let second = try Runner(settings: scratch.settings()).run([path])
    #expect(second.first?.claims == first.first?.claims)
    #expect(ExitStatus.of(.success(second), strictClaims: true) == ExitStatus.failure)
    let json = try #require(scratch.read("out/claims.json"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let statuses = try #require(object["cache"] as? [[String: Any]])
    let claimLines = statuses.filter { ($0["line"] as? Int).map { $0 >= 17 } == true }
    #expect(claimLines.count == 3)
    #expect(claimLines.allSatisfy { $0["cached"] as? Bool == true })
    #expect(try Self.claims(scratch).map { $0["held"] as? Bool } == [true, true, false])
  }

  static func claims(_ scratch: Scratch) throws -> [[String: Any]] {
    let json = try #require(scratch.read("out/claims.json"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    return try #require(object["claims"] as? [[String: Any]])
  }
}
