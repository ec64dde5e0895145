import Foundation
import TestSupport
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
  let outcome = try #require(
    try Runner(settings: scratch.settings()).run([scratch.notebook("c.md", text)]).first)
  #expect(outcome.succeeded, "\(outcome.messages)")
  let html = try #require(scratch.read("out/c.html"))
  #expect(html.contains("8-bit weights against float"))
  #expect(html.contains("0.50"))
  let json = try #require(scratch.read("out/c.json"))
  let object = try #require(
    try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
  let cells = try #require(object["cells"] as? [[String: Any]])
  #expect(cells.map { $0["caption"] as? String } == ["8-bit weights against float", "0.50"])
  #expect(cells.first?["label"] as? String == "3bits")
}

/// Records run events from the runner's callback.
private final class EventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var events: [RunEvent] = []

  func append(_ event: RunEvent) { lock.withLock { events.append(event) } }

  var stepsStarted: Int {
    lock.withLock {
      events.filter { if case .stepStarted = $0 { true } else { false } }.count
    }
  }
}

/// A misspelled option in the last cell stops the run before the first cell trains, and is
/// printed like every other diagnostic: file:line:col, the source line, a caret.
@Test func badCellOptionStopsTheRunBeforeAnyCellRuns() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text = """
    # Options

    ```quant
    data = synthetic(train: 10, test: 5)
    ```

    ```quant
    #| cach: false
    #| echo: flase
    x = 3
    ```

    ```quant
    #| echo: false
    #| echo: true
    y = 4
    ```

    """
  let path = scratch.notebook("o.md", text)
  let log = EventLog()
  let runner = Runner(settings: scratch.settings(), events: { log.append($0) })
  let outcome = try #require(try runner.run([path]).first)
  #expect(!outcome.succeeded)
  #expect(outcome.reportPath == nil)
  #expect(!scratch.exists("out/o.html") && !scratch.exists("out/o.json"))
  #expect(log.stepsStarted == 0, "no step runs when an option is wrong")
  let all = outcome.messages.joined(separator: "\n")
  #expect(
    all.contains("o.md:8:4: error: unknown cell option 'cach'; did you mean 'cache'?"), "\(all)")
  #expect(all.contains("#| cach: false\n      |    ^~~~"), "\(all)")
  #expect(
    all.contains("o.md:9:10: error: cell option 'echo' must be true or false, not 'flase'"),
    "\(all)")
  #expect(all.contains("o.md:15:4: error: cell option 'echo' is already set on line 14"), "\(all)")

  let checked = try #require(try runner.check([path]).first)
  #expect(!checked.succeeded)
  #expect(checked.messages == outcome.messages)
}
