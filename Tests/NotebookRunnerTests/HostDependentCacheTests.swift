import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// A notebook that shows the integer kernels that ran, in prose and in a cell.
private let kernelsNotebook =
  smallNotebook + """

    Kernels: `= int8.kernels`.

    ```quant
    int8 = convert(quantize(net, bits: 8, mode: weights_and_activations))
    int8.kernels
    ```

    """

/// The same cache folder read by a host with another kernel path: `int8.kernels` (inline and
/// in a cell) must show the reading host's path, never the one stored by the first host.
@Test func kernelPathIsPartOfTheCacheKey() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("k.md", kernelsNotebook)
  var other = testHost
  other.integerKernels = "int8/int4: another host's kernels"
  _ = try scratch.cacheRun(path, scratch.settings(host: testHost))
  let first = try #require(scratch.read("out/k.html"))
  #expect(first.contains("injected test kernels"))
  let second = try scratch.cacheRun(path, scratch.settings(host: other))
  let html = try #require(scratch.read("out/k.html"))
  #expect(html.contains("another host&#39;s kernels") || html.contains("another host's kernels"))
  #expect(!html.contains("injected test kernels"), "a cached kernel path from another host")
  let shown = try #require(status(second, "int8.kernels"))
  #expect(shown.reason == "kernel path changed", "\(second)")
  // The statements that do not read the kernel path stay cached.
  #expect(status(second, "net =")?.cached == true, "\(second)")
  // Back on the first host: its entries are still there.
  let third = try scratch.cacheRun(path, scratch.settings(host: testHost))
  #expect(status(third, "int8.kernels")?.cached == true, "\(third)")
  #expect(try #require(scratch.read("out/k.html")).contains("injected test kernels"))
}
