import Foundation
import Kernels

/// One word list after the rule: its distinct words as UTF-8 bytes in one arena, ordered by
/// SHA-256 digest (the speed path of `WordSet.build`: no `String` per line, no hash set).
struct ScannedList: Sendable {
  /// A word: the first 128 bits of its digest (big-endian) and its bytes in `arena`.
  struct Entry: Sendable {
    var high: UInt64
    var low: UInt64
    var offset: UInt32
    var length: UInt32
  }

  var arena: [UInt8] = []
  /// Distinct words, ascending by digest.
  var entries: [Entry] = []

  init(_ bytes: [UInt8]) {
    arena.reserveCapacity(bytes.count)
    var raw: [Entry] = []
    bytes.withUnsafeBytes { all in
      var start = 0
      while start < all.count {
        var end = start
        while end < all.count && all[end] != 0x0A { end += 1 }
        let offset = arena.count
        if WordScan.append(UnsafeRawBufferPointer(rebasing: all[start..<end]), to: &arena) {
          raw.append(
            Entry(high: 0, low: 0, offset: UInt32(offset), length: UInt32(arena.count - offset)))
        }
        start = end + 1
      }
    }
    arena.withUnsafeBytes { a in
      for i in raw.indices {
        let d = SHA256.shortDigest(
          UnsafeRawBufferPointer(
            rebasing: a[Int(raw[i].offset)..<Int(raw[i].offset + raw[i].length)]))
        raw[i].high = d.0
        raw[i].low = d.1
      }
    }
    raw.sort { less($0, $1) }
    entries.reserveCapacity(raw.count)
    for e in raw where entries.last.map({ !same($0, e) }) ?? true { entries.append(e) }
  }

  func bytes(_ e: Entry) -> ArraySlice<UInt8> { arena[Int(e.offset)..<Int(e.offset + e.length)] }

  func word(_ e: Entry) -> String { String(decoding: bytes(e), as: UTF8.self) }

  /// Digest order; on equal 128-bit prefixes (never seen, but possible) the full digests.
  private func less(_ a: Entry, _ b: Entry) -> Bool {
    if a.high != b.high { return a.high < b.high }
    if a.low != b.low { return a.low < b.low }
    return SHA256.hex(bytes(a)) < SHA256.hex(bytes(b))
  }

  private func same(_ a: Entry, _ b: Entry) -> Bool {
    a.high == b.high && a.low == b.low && bytes(a) == bytes(b)
  }

  /// Whether the list holds the word `bytes` whose digest starts with `high`, `low`.
  func contains(high: UInt64, low: UInt64, bytes word: ArraySlice<UInt8>) -> Bool {
    var lo = 0
    var hi = entries.count
    while lo < hi {
      let mid = (lo + hi) / 2
      let e = entries[mid]
      if e.high < high || (e.high == high && e.low < low) { lo = mid + 1 } else { hi = mid }
    }
    var i = lo
    while i < entries.count && entries[i].high == high && entries[i].low == low {
      if bytes(entries[i]) == word { return true }
      i += 1
    }
    return false
  }
}

/// `WordRule` on bytes, appending the word's UTF-8 to an arena.
enum WordScan {
  /// Per code point below U+0300: its lowercase letter as one scalar, `0` when the rule
  /// rejects it (not a letter once lowercased), `0xFFFF_FFFF` when only the general path can
  /// decide (a lowercase of several scalars, non-ASCII white space).
  static let table: [UInt32] = (0..<0x300).map { value in
    let scalar = Unicode.Scalar(UInt32(value))!
    if scalar.properties.isWhitespace && value >= 0x80 { return 0xFFFF_FFFF }
    let lower = String(scalar).lowercased().unicodeScalars
    guard lower.count == 1, let only = lower.first, only.value < 0x800 else { return 0xFFFF_FFFF }
    return WordRule.isLetter(only) ? only.value : 0
  }

  /// Appends the word of `line` to `arena` and returns true, or returns false (arena
  /// unchanged) when the rule drops the line. Scalars below U+0300 never compose, so such
  /// lines need no NFC; any other line goes through `WordRule.unicodeWord`.
  static func append(_ line: UnsafeRawBufferPointer, to arena: inout [UInt8]) -> Bool {
    var start = 0
    var end = line.count
    while start < end, isASCIISpace(line[start]) { start += 1 }
    while end > start, isASCIISpace(line[end - 1]) { end -= 1 }
    let mark = arena.count
    var scalars = 0
    var i = start
    while i < end {
      let b = line[i]
      var value: UInt32
      if b < 0x80 {
        value = UInt32(b)
        i += 1
      } else if b >= 0xC2 && b < 0xE0 && i + 1 < end && line[i + 1] & 0xC0 == 0x80 {
        value = UInt32(b & 0x1F) << 6 | UInt32(line[i + 1] & 0x3F)
        i += 2
      } else {
        value = 0x300  // three or four bytes, or malformed: the general path decides
      }
      let mapped = value < 0x300 ? table[Int(value)] : 0xFFFF_FFFF
      if mapped == 0xFFFF_FFFF {
        arena.removeSubrange(mark...)
        return general(UnsafeRawBufferPointer(rebasing: line[start..<end]), to: &arena)
      }
      scalars += 1
      if mapped == 0 || scalars > WordRule.maximumLength {
        arena.removeSubrange(mark...)
        return false
      }
      if mapped < 0x80 {
        arena.append(UInt8(mapped))
      } else {
        arena.append(UInt8(0xC0 | mapped >> 6))
        arena.append(UInt8(0x80 | mapped & 0x3F))
      }
    }
    if scalars < WordRule.minimumLength {
      arena.removeSubrange(mark...)
      return false
    }
    return true
  }

  private static func general(_ line: UnsafeRawBufferPointer, to arena: inout [UInt8]) -> Bool {
    guard let word = WordRule.unicodeWord(String(decoding: line, as: UTF8.self)) else {
      return false
    }
    arena.append(contentsOf: word.utf8)
    return true
  }

  private static func isASCIISpace(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)
  }
}

/// A shared counter handing out indices `0, 1, ...` to threads (a lock around an integer).
final class NextIndex: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()

  func take(below count: Int) -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard value < count else { return nil }
    value += 1
    return value - 1
  }
}
