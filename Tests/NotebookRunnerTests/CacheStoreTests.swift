import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import NotebookRunner

private func temporaryFolder() -> String { Scratch(prefix: "quantbook-cache-test").path }

@Test func cacheRoundTripAndMiss() throws {
  let store = CacheStore(folder: temporaryFolder())
  defer { try? store.clear() }
  let key = SHA256.hex(Array("a step".utf8))
  #expect(store.load(key) == .miss)
  try store.store(key, payload: [1, 2, 3, 250])
  #expect(store.load(key) == .hit([1, 2, 3, 250]))
}

/// Every kind of damage is detected, reported, and the entry removed (next lookup misses).
@Test(arguments: ["flip", "truncate", "magic", "version", "empty"])
func cacheCorruptionIsDetected(damage: String) throws {
  let store = CacheStore(folder: temporaryFolder())
  defer { try? store.clear() }
  let key = SHA256.hex(Array(damage.utf8))
  try store.store(key, payload: Array(0..<200))
  let file = store.path(for: key)
  var bytes = [UInt8](FileManager.default.contents(atPath: file)!)
  switch damage {
  case "flip": bytes[bytes.count - 5] ^= 0x40
  case "truncate": bytes.removeLast(17)
  case "magic": bytes[0] = UInt8(ascii: "X")
  case "version": bytes[8] = 99
  default: bytes = []
  }
  #expect(FileManager.default.createFile(atPath: file, contents: Data(bytes)))
  guard case .corrupt = store.load(key) else {
    Issue.record("damage '\(damage)' was not detected")
    return
  }
  #expect(store.load(key) == .miss)
}

/// Two writers racing on the same keys never leave a corrupt entry behind.
@Test func cacheConcurrentWriters() async throws {
  let store = CacheStore(folder: temporaryFolder())
  defer { try? store.clear() }
  let keys = (0..<8).map { SHA256.hex([UInt8($0)]) }
  let payload = [UInt8](repeating: 7, count: 100_000)
  await withTaskGroup(of: Void.self) { group in
    for _ in 0..<4 {
      group.addTask {
        for key in keys { try? store.store(key, payload: payload) }
      }
    }
  }
  for key in keys { #expect(store.load(key) == .hit(payload)) }
}
