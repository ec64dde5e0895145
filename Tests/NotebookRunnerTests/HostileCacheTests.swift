import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// A step cache folder that cannot be a folder: refused before anything runs, and a claim
/// that cannot be created fails at once instead of waiting for a holder that does not exist.

private let sharded =
  "---\ntitle: T\n---\n\n```quant\n#| shard: true\nfor b in [1, 2] {\n  b\n}\n```\n"

@Test func aCacheFolderThatIsAFileIsAUsageErrorBeforeAnythingRuns() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("a.md", "---\ntitle: T\n---\n\n```quant\nx = 1\nx\n```\n")
  let file = try #require(scratch.write("cache-file", "not a folder\n"))
  var settings = scratch.settings()
  settings.cacheFolder = file
  let message =
    "it is a file, not a folder; give a folder for the step cache (it is created if missing)"
  #expect(throws: RunnerError.usage(flag: "--cache \(file)", message: message)) {
    _ = try Runner(settings: settings).run([path])
  }
  #expect(throws: RunnerError.usage(flag: "--cache \(file)", message: message)) {
    _ = try Runner(settings: settings).merge([path])
  }
  #expect(!scratch.exists("out"), "a refused run wrote its output folder")
  // merge into an output "folder" that is a file says so (not "entries are missing").
  var merging = scratch.settings()
  merging.outputFolder = file
  #expect(throws: RunnerError.unwritable(path: file, reason: "it is a file, not a folder")) {
    _ = try Runner(settings: merging).merge([path])
  }
  let shared = scratch.settings(["QUANTBOOK_CACHE": file])
  #expect(throws: RunnerError.self) { _ = try Runner(settings: shared).run([path]) }
  #expect(!scratch.exists("out"))
  // OUTPUT/.cache as a file: the output folder exists, the cache cannot go there.
  #expect(scratch.write("out/.cache", "x\n") != nil)
  #expect(throws: RunnerError.self) { _ = try Runner(settings: scratch.settings()).run([path]) }
  #expect(!scratch.exists("out/a.html"))
  // --no-cache never touches it.
  var uncached = scratch.settings()
  uncached.useCache = false
  #expect(try Runner(settings: uncached).run([path]).allSatisfy(\.succeeded))
}

@Test func aClaimThatCannotBeCreatedIsUnavailableNotHeld() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  // The store's folder is a file, so the claim's folder cannot be made under it.
  let file = try #require(scratch.write("store", "x\n"))
  let claim = CacheClaim(
    store: CacheStore(folder: file), key: String(repeating: "a", count: 64),
    staleSeconds: 60)
  switch claim.acquire(label: "x") {
  case .unavailable(let reason): #expect(!reason.isEmpty)
  case .acquired: Issue.record("a claim was made under a file")
  case .heldBy(let holder): Issue.record("an impossible claim counts as held by \(holder)")
  }
}

@Test func aShardedLoopOverAnUnusableCacheFailsAtOnceWithTheReason() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("a.md", sharded)
  let file = try #require(scratch.write("store", "x\n"))
  var settings = scratch.settings(["QUANTBOOK_WAIT_LIMIT": "5"])
  settings.shard = ShardSpec(index: 0, count: 1)
  settings.cacheFolder = file + "/inner"
  let outcomes = try Runner(settings: settings).run([path])
  #expect(outcomes.count == 1 && !outcomes[0].succeeded)
  let message = outcomes.flatMap(\.messages).joined(separator: "\n")
  #expect(message.contains("cannot be used"), "\(message)")
  #expect(!message.contains("gave up after waiting"), "\(message)")
}

@Test func aNotebookNamedIndexKeepsItsReportBesideTheIndexPage() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("index.md", "---\ntitle: I\n---\n\n```quant\nx = 41 + 1\nx\n```\n")
  #expect(NotebookDiscovery.reportNames(for: [path]) == ["index-2"])
  let outcomes = try Runner(settings: scratch.settings()).run([path])
  #expect(outcomes.map(\.reportPath) == [scratch.path + "/out/index-2.html"])
  let report = String(
    decoding: FileManager.default.contents(atPath: scratch.path + "/out/index-2.html") ?? Data(),
    as: UTF8.self)
  #expect(report.contains("42"), "the notebook's report was overwritten")
  let index = String(
    decoding: FileManager.default.contents(atPath: scratch.path + "/out/index.html") ?? Data(),
    as: UTF8.self)
  #expect(index.contains("index-2.html"), "the index does not link the report")
}

@Test func aClaimThatIsAFolderGoesStaleLikeAnyOtherInsteadOfBeingWaitedForForever() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let claim = CacheClaim(
    store: CacheStore(folder: scratch.path), key: String(repeating: "b", count: 64),
    staleSeconds: 60)
  try FileManager.default.createDirectory(atPath: claim.path, withIntermediateDirectories: true)
  // Fresh, it counts as held (by a damaged claim, with its age) ...
  switch claim.acquire(label: "x") {
  case .heldBy(let holder): #expect(holder.label == "(unreadable claim)")
  case .acquired, .unavailable: Issue.record("a fresh damaged claim was not respected")
  }
  // ... and once older than the stale limit it is taken over.
  var times = [timeval](repeating: timeval(tv_sec: time(nil) - 600, tv_usec: 0), count: 2)
  #expect(utimes(claim.path, &times) == 0)
  switch claim.acquire(label: "x") {
  case .acquired: claim.release()
  case .heldBy(let holder): Issue.record("a stale damaged claim is still waited for: \(holder)")
  case .unavailable(let reason): Issue.record("unavailable: \(reason)")
  }
  #expect(!FileManager.default.fileExists(atPath: claim.path))
}

@Test func pathsThatAreNoNotebooksSayWhatTheyAre() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let report = try #require(scratch.write("old.html", "<html></html>\n"))
  #expect(throws: RunnerError.notANotebook(path: report)) {
    _ = try Runner(settings: scratch.settings()).run([report])
  }
  #expect(RunnerError.notANotebook(path: report).isUsageError)
  // In a folder: a symlink loop and a folder named like a notebook are named as such.
  let folder = scratch.path + "/notebooks"
  try FileManager.default.createDirectory(
    atPath: folder + "/dir.md", withIntermediateDirectories: true)
  #expect(symlink("b.md", folder + "/a.md") == 0 && symlink("a.md", folder + "/b.md") == 0)
  #expect(NotebookDiscovery.whyUnreadable(folder + "/a.md") == "it is a symlink loop")
  #expect(
    NotebookDiscovery.whyUnreadable(folder + "/dir.md") == "it is a folder, not a notebook file")
  #expect(throws: RunnerError.unreadable(path: folder + "/a.md", reason: "it is a symlink loop")) {
    _ = try Runner(settings: scratch.settings()).check([folder])
  }
  #expect(!scratch.exists("out"))
}

@Test func anEntryThatCannotBeReadIsReportedAndRemovedNotAMiss() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let store = CacheStore(folder: scratch.path + "/cache")
  let key = String(repeating: "c", count: 64)
  try FileManager.default.createDirectory(
    atPath: store.path(for: key), withIntermediateDirectories: true)
  #expect(store.load(key) == .corrupt("a folder stands in its place"))
  #expect(!FileManager.default.fileExists(atPath: store.path(for: key)))
  #expect(store.load(key) == .miss)
  try store.store(key, payload: [1, 2, 3])
  #expect(store.load(key) == .hit([1, 2, 3]))
}

@Test func aDamagedDataFileNamesItsOwnPackage() {
  let words = RunnerError.dataCorrupt(path: "/d/french", reason: "french: only 0 words")
  #expect(words.description.contains("apt-get install --reinstall wfrench"))
  let english = RunnerError.dataCorrupt(path: "/d/american-english", reason: "r")
  #expect(english.description.contains("--reinstall wamerican"))
  let images = RunnerError.dataCorrupt(path: "/d/train-images-idx3-ubyte.gz", reason: "r")
  #expect(images.description.contains("--reinstall dataset-fashion-mnist"))
}

@Test func aCacheThatCannotBeWrittenIsSaidOnce() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let blocked = try #require(scratch.write("cache", "a file where the cache folder goes\n"))
  let notes = NoteLog()
  let cache = StepCache(
    store: CacheStore(folder: blocked), enabled: true, notebookPath: "a.md", seed: 1,
    version: "test", parameters: [], locator: DataLocator(explicitFolder: nil, environment: [:]))
  cache.sharing = CacheSharing(environment: [:]) { notes.append($0) }
  cache.saveInline("1", key: String(repeating: "d", count: 64))
  cache.saveInline("2", key: String(repeating: "e", count: 64))
  cache.finish()
  #expect(notes.all.count == 1, "\(notes.all)")
  #expect(notes.all.first?.contains("the step cache could not be written") == true)
  #expect(notes.all.first?.contains("cannot write the report") == false, "\(notes.all)")
}

/// Notes gathered from a run's events (thread-safe).
final class NoteLog: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [String] = []
  func append(_ message: String) {
    lock.lock()
    messages.append(message)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return messages
  }
}
