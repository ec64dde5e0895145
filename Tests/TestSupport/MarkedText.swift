/// Test source with keycap markers (`1️⃣`, `2️⃣`, ... `9️⃣`) where something must be
/// reported: the markers are removed from `text`, and `offsets` gives the UTF-8 byte offset
/// in `text` where each one stood, so location tests never count columns by hand
/// (swift-format's `MarkedText` idea).
public struct MarkedText: Sendable {
  /// The source without its markers.
  public let text: String
  /// Marker offsets, by digit (`offsets[1]`) or by the marker itself (`offsets["1️⃣"]`).
  public let offsets: MarkerOffsets

  public init(_ marked: String) {
    var text = ""
    var byDigit: [Int: Int] = [:]
    for character in marked {
      if let digit = MarkerOffsets.digit(of: character) {
        byDigit[digit] = text.utf8.count
      } else {
        text.append(character)
      }
    }
    self.text = text
    offsets = MarkerOffsets(byDigit: byDigit)
  }
}

/// Where each marker of a `MarkedText` stood.
public struct MarkerOffsets: Sendable {
  let byDigit: [Int: Int]

  /// The digit of a keycap marker character (`1️⃣` is "1", U+FE0F, U+20E3), else nil.
  static func digit(of character: Character) -> Int? {
    let scalars = character.unicodeScalars
    guard scalars.count >= 2, scalars.last == "\u{20E3}", let first = scalars.first else {
      return nil
    }
    return Int(String(first))
  }

  /// The offset of the marker with digit `digit`.
  public subscript(_ digit: Int) -> Int? { byDigit[digit] }

  /// The offset of `marker` (a keycap such as `"1️⃣"`).
  public subscript(_ marker: String) -> Int? {
    guard marker.count == 1, let digit = Self.digit(of: marker.first!) else { return nil }
    return byDigit[digit]
  }
}
