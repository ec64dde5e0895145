import Foundation
import Testing
@testable import NotebookRunner

/// Captions and labels reach the report as written, even when they start with a digit.
@Test func captionsStartingWithADigitAreShownAsWritten() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text = """
    # Captions

    ```quant
    #| caption: 8-bit weights against float
    #| label: 3bits
    data = synthetic(train: 10, test: 5)
    ```

    ```quant
    #| caption: 0.50
    #| echo: false
    x = 3
    ```

    """
  let outcome = try #require(try Runner(settings: scratch.settings()).run([scratch.notebook("c.md", text)]).first)
  #expect(outcome.succeeded, "\(outcome.messages)")
  let html = try #require(scratch.read("out/c.html"))
  #expect(html.contains("8-bit weights against float"))
  #expect(html.contains("0.50"))
  let json = try #require(scratch.read("out/c.json"))
  let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  let cells = try #require(object["cells"] as? [[String: Any]])
  #expect(cells.map { $0["caption"] as? String } == ["8-bit weights against float", "0.50"])
  #expect(cells.first?["label"] as? String == "3bits")
}
