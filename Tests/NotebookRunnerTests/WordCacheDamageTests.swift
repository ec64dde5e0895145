import Foundation
import TestSupport
import Testing

@testable import NotebookRunner

/// The built word set kept in the cache folder: a damaged copy (one byte of a label flipped)
/// is found out by its checksum and rebuilt from the lists, never read as another word set.
@Test func aDamagedWordSetInTheCacheIsRebuiltNotRead() throws {
  let scratch = Scratch()
  defer { scratch.cleanup() }
  let lists = writeSyntheticWordLists(scratch)
  let cache = scratch.path + "/cache"
  func load() throws -> LoadedDataset {
    let provider = DataProvider(
      locator: DataLocator(explicitFolder: lists, environment: [:]), cacheFolder: cache)
    return try provider.wordSet()
  }
  let first = try load()
  let entries = ((FileManager.default.enumerator(atPath: cache)?.allObjects as? [String]) ?? [])
    .filter { $0.hasSuffix(".qbc") }
  try #require(entries.count == 1, "the word set was not cached as one entry: \(entries)")
  let entry = cache + "/" + entries[0]
  var bytes = [UInt8](try #require(FileManager.default.contents(atPath: entry)))
  // The alphabet is last (u32 per letter); just before it are the test labels.
  let alphabet = 4 + 4 * (first.words?.alphabet.count ?? 0)
  bytes[bytes.count - alphabet - 1] ^= 0x03
  #expect(FileManager.default.createFile(atPath: entry, contents: Data(bytes)))
  let second = try load()
  #expect(second.dataset.test.labels == first.dataset.test.labels)
  #expect(second.words?.testWords == first.words?.testWords)
  let repaired = [UInt8](FileManager.default.contents(atPath: entry) ?? Data())
  #expect(repaired != bytes, "the damaged entry was kept")
}
