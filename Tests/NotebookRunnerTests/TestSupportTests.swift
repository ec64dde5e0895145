import TensorEngine
import TestSupport
import Testing

/// The shared test helpers do what the tests rely on.
@Suite struct TestSupportTests {
  /// The tests' generator is the engine's: the same 64-bit sequence from the same seed.
  @Test(arguments: [0, 1, 7, UInt64.max])
  func splitMixMatchesTheEngine(seed: UInt64) {
    var tests = SplitMix64(state: seed)
    var engine = SeededRandom(seed: seed)
    for _ in 0..<100 { #expect(tests.next() == engine.next()) }
  }

  @Test func markersAreRemovedAndLocatedInBytes() {
    let marked = MarkedText("é1️⃣x = 2️⃣1\n#️⃣")
    #expect(marked.text == "éx = 1\n#️⃣")
    #expect(marked.offsets[1] == 2 && marked.offsets["1️⃣"] == 2)
    #expect(marked.offsets[2] == 6 && marked.offsets["2️⃣"] == 6)
    #expect(marked.offsets[3] == nil && marked.offsets["x"] == nil)
  }

  @Test func scratchFolderWritesReadsAndCleansUp() {
    let scratch = Scratch(prefix: "quantbook-support-test")
    #expect(scratch.exists(""))
    #expect(scratch.write("a/b/c.txt", "hello é") == scratch.path + "/a/b/c.txt")
    #expect(scratch.read("a/b/c.txt") == "hello é")
    #expect(scratch.read("a/b") == nil, "a folder is not a file")
    #expect(scratch.read("missing") == nil && !scratch.exists("missing"))
    scratch.cleanup()
    #expect(!scratch.exists(""))
  }
}
