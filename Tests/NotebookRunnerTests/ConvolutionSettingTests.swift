import Foundation
import MarkdownNotebook
import TestSupport
import Testing

@testable import NotebookRunner

/// `convolution:` front matter and `--convolution` (`RunSettings.convolution`): recorded in
/// NAME.json and the report's run settings, part of every cache key when not direct.
@Suite struct ConvolutionSettingTests {
  static let winogradNotebook = smallNotebook.replacingOccurrences(
    of: "seed: 5\n", with: "seed: 5\nconvolution: winograd\n")

  @Test func frontMatterIsRecordedAndTheFlagOverridesIt() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    #expect(Self.winogradNotebook != smallNotebook)
    let path = scratch.notebook("c.md", Self.winogradNotebook)
    var settings = scratch.settings()
    settings.useCache = false
    #expect(try Runner(settings: settings).run([path]).allSatisfy(\.succeeded))
    #expect(try #require(scratch.read("out/c.json")).contains("\"convolution\": \"winograd\""))
    let html = try #require(scratch.read("out/c.html"))
    #expect(html.contains("<dt>Convolution</dt>") && html.contains("<dd>winograd</dd>"))
    settings.convolution = .direct
    #expect(try Runner(settings: settings).run([path]).allSatisfy(\.succeeded))
    #expect(try #require(scratch.read("out/c.json")).contains("\"convolution\": \"direct\""))
    let plain = scratch.notebook("d.md", smallNotebook)
    settings.convolution = nil
    #expect(try Runner(settings: settings).run([plain]).allSatisfy(\.succeeded))
    #expect(try #require(scratch.read("out/d.json")).contains("\"convolution\": \"direct\""))
  }

  /// A result cached with direct convolution is not reused under Winograd (and the reverse);
  /// each setting finds its own entries again.
  @Test func theSettingIsPartOfTheCacheKey() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("k.md", smallNotebook)
    var settings = scratch.settings()
    _ = try scratch.cacheRun(path, settings)
    settings.convolution = .winograd
    let second = try scratch.cacheRun(path, settings)
    let base = try #require(status(second, "base ="), "\(second)")
    #expect(!base.cached)
    #expect(base.reason?.contains("convolution=winograd") == true, "\(second)")
    let third = try scratch.cacheRun(path, settings)
    #expect(status(third, "base =")?.cached == true, "\(third)")
    settings.convolution = nil
    let fourth = try scratch.cacheRun(path, settings)
    #expect(status(fourth, "base =")?.cached == true, "\(fourth)")
  }

  @Test func namesAreTheEngineAlgorithms() {
    #expect(RunSettings.convolutionNames == ["direct", "winograd"])
    #expect(RunSettings.convolutionNames == FrontMatter.convolutions)
    #expect(RunSettings.convolution(named: "winograd") == .winograd)
    #expect(RunSettings.convolution(named: "fast") == nil)
  }
}

/// `quantbook run --convolution NAME` with the real binary: an unknown name is a usage error
/// (exit 2) naming the flag, with no output; a known one is recorded in NAME.json.
@Test func convolutionFlagOfTheBinary() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let dir = scratch.path
  _ = scratch.notebook("f.md", smallNotebook)
  let log = dir + "/run.log"
  let bad = try ShardProcessTests.start(
    ["run", "f.md", "-o", "out", "--convolution", "fast"], in: dir, log: log)
  bad.waitUntilExit()
  let text = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
  #expect(bad.terminationStatus == 2, "\(text)")
  #expect(text.contains("--convolution must be direct or winograd, not 'fast'"), "\(text)")
  #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "a usage error wrote output")
  let good = try ShardProcessTests.start(
    ["run", "f.md", "-o", "out", "--no-cache", "--convolution", "winograd"], in: dir, log: log)
  _ = ShardProcessTests.finish(good, log)
  #expect(try #require(scratch.read("out/f.json")).contains("\"convolution\": \"winograd\""))
}
