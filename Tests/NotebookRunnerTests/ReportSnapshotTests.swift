import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// The whole HTML and JSON of a small fixed notebook (prose, highlighting, a table, charts,
/// an image grid, an inline value, formulas) against snapshots beside this file. Re-record after an
/// intended change with `QUANTBOOK_RECORD_SNAPSHOTS=1 swift test --filter reportSnapshot`.
@Test func reportSnapshot() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let text = """
    ---
    title: Snapshot <of> a "report"
    seed: 11
    params:
      bits: 3
    ---

    # Discretising a sine

    With `= bits` bits a signal takes at most 8 values; its SQNR is `= q.sqnr` dB.
    The step is $s = \\frac{\\max - \\min}{2^b - 1}$, so $\\mathrm{SQNR} = \\val{q.sqnr}$ dB:

    $$\\mathrm{SQNR} \\approx 6.02 \\cdot b + 1.76 \\text{ dB}$$

    ```quant
    #| caption: A sine at a few bits
    s = signal(frequency: 2, samples: 64)
    q = quantize_signal(s, bits: bits)
    q
    ```

    ## Data

    ```quant
    data = synthetic(train: 40, test: 20)
    describe(data)
    samples(data.test, count: 4)
    ```

    """
  let path = scratch.notebook("snapshot.md", text)
  _ = try Runner(settings: scratch.settings(["SOURCE_DATE_EPOCH": "1700000000"])).run([path])
  let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Snapshots"
  for name in ["snapshot.html", "snapshot.json"] {
    let actual = try #require(scratch.read("out/" + name)).replacingOccurrences(
      of: scratch.path, with: "SCRATCH")
    let file = folder + "/" + name
    if ProcessInfo.processInfo.environment["QUANTBOOK_RECORD_SNAPSHOTS"] == "1" {
      let recorded = FileManager.default.createFile(atPath: file, contents: Data(actual.utf8))
      #expect(recorded, "could not record the snapshot \(file)")
      continue
    }
    let expected = try #require(
      FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) },
      "no snapshot \(file); record it with QUANTBOOK_RECORD_SNAPSHOTS=1")
    #expect(
      actual == expected, "\(name) differs from its snapshot; re-record if the change is intended")
  }
}
