import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// A run waiting for an entry that a live process of another host holds gives up after
/// `QUANTBOOK_WAIT_LIMIT` seconds with one located error naming the entry and the holder.
@Test func waitingForAHeldEntryStopsAtTheLimit() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let path = scratch.notebook("w.md", smallNotebook)
  let first = try Runner(settings: scratch.settings()).run([path])
  #expect(first.allSatisfy { $0.succeeded })
  // The journal says which key `net = train(…)` was stored under.
  let journal = scratch.path + "/out/.cache/journal"
  let logs = try FileManager.default.contentsOfDirectory(atPath: journal)
  let lines = try logs.flatMap { name in
    try String(contentsOfFile: journal + "/" + name, encoding: .utf8).split(separator: "\n")
  }
  let entry = try #require(lines.first { $0.contains(" net = train(") }, "\(lines)")
  let key = String(entry.prefix { $0 != " " })
  let store = CacheStore(folder: scratch.path + "/out/.cache")
  #expect(unlink(store.path(for: key)) == 0)
  // Another host's process claims it and keeps its heartbeat fresh (the file is new).
  let claim = CacheClaim(store: store, key: key, staleSeconds: 60)
  let relative = String(claim.path.dropFirst(scratch.path.count + 1))
  let now = Int(Date().timeIntervalSince1970)
  #expect(scratch.write(relative, "4242 elsewhere \(now) net = train(…)\n") != nil)
  let outcomes = try Runner(settings: scratch.settings(["QUANTBOOK_WAIT_LIMIT": "1"])).run([path])
  let outcome = try #require(outcomes.first)
  #expect(!outcome.succeeded)
  let message = outcome.messages.joined(separator: "\n")
  #expect(message.contains("w.md:20:1: error: gave up after waiting"), "\(message)")
  #expect(message.contains("`net = train("), "\(message)")
  #expect(message.contains("held by pid 4242 on elsewhere"), "\(message)")
  #expect(message.contains("QUANTBOOK_WAIT_LIMIT=1 seconds"), "\(message)")
  #expect(outcome.messages.count == 1, "\(outcome.messages)")
}

/// `QUANTBOOK_WAIT_LIMIT` sets the limit; the default is six hours; bad text keeps it.
@Test func waitLimitFromTheEnvironment() {
  #expect(CacheSharing(environment: [:], notify: { _ in }).waitLimit == 6 * 3600)
  #expect(
    CacheSharing(environment: ["QUANTBOOK_WAIT_LIMIT": "90"], notify: { _ in }).waitLimit == 90)
  #expect(
    CacheSharing(environment: ["QUANTBOOK_WAIT_LIMIT": "soon"], notify: { _ in }).waitLimit
      == 6 * 3600)
}
