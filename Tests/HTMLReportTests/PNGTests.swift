import CZlib
import Testing

@testable import HTMLReport

/// Reads a PNG back: checks the signature and every chunk's CRC, inflates IDAT, and removes
/// the per-row filter bytes (which must all be 0, the only filter the encoder writes).
struct DecodedPNG {
  var width = 0, height = 0, bitDepth = 0, colorType = 0
  var chunkTypes: [String] = []
  var pixels: [UInt8] = []

  enum Failure: Error {
    case signature, truncated
    case crc(String)
    case inflate(Int32)
    case filter(UInt8)
  }

  init(_ bytes: [UInt8]) throws {
    guard Array(bytes.prefix(8)) == PNG.signature else { throw Failure.signature }
    var offset = 8
    var idat: [UInt8] = []
    func u32(_ at: Int) -> Int {
      Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }
    while offset < bytes.count {
      guard offset + 12 <= bytes.count else { throw Failure.truncated }
      let length = u32(offset)
      guard offset + 12 + length <= bytes.count else { throw Failure.truncated }
      let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
      let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
      guard PNG.crc(typeAndData) == UInt32(u32(offset + 8 + length)) else {
        throw Failure.crc(type)
      }
      let data = Array(typeAndData.dropFirst(4))
      chunkTypes.append(type)
      if type == "IHDR" {
        width = Int(data[0]) << 24 | Int(data[1]) << 16 | Int(data[2]) << 8 | Int(data[3])
        height = Int(data[4]) << 24 | Int(data[5]) << 16 | Int(data[6]) << 8 | Int(data[7])
        bitDepth = Int(data[8])
        colorType = Int(data[9])
      } else if type == "IDAT" {
        idat += data
      }
      offset += 12 + length
    }
    var rawLength = uLong((width + 1) * height)
    var raw = [UInt8](repeating: 0, count: Int(rawLength))
    let code = uncompress(&raw, &rawLength, idat, uLong(idat.count))
    guard code == Z_OK else { throw Failure.inflate(code) }
    for row in 0..<height {
      let start = row * (width + 1)
      guard raw[start] == 0 else { throw Failure.filter(raw[start]) }
      pixels += raw[(start + 1)..<(start + 1 + width)]
    }
  }
}

@Suite struct PNGTests {
  @Test(arguments: [(1, 1), (3, 2), (28, 28), (5, 17)])
  func roundTrip(width: Int, height: Int) throws {
    let pixels = (0..<(width * height)).map { UInt8(($0 * 37 + 11) % 256) }
    let png = try PNG.grayscale(width: width, height: height, pixels: pixels)
    let decoded = try DecodedPNG(png)
    #expect(decoded.chunkTypes == ["IHDR", "IDAT", "IEND"])
    #expect(decoded.width == width && decoded.height == height)
    #expect(decoded.bitDepth == 8 && decoded.colorType == 0)
    #expect(decoded.pixels == pixels)
  }

  @Test func badSizeIsAnError() {
    #expect(throws: PNG.EncodeError.badSize(width: 2, height: 2, pixels: 3)) {
      try PNG.grayscale(width: 2, height: 2, pixels: [1, 2, 3])
    }
    #expect(throws: PNG.EncodeError.self) { try PNG.grayscale(width: 0, height: 0, pixels: []) }
  }

  @Test func crcMatchesKnownValue() {
    // CRC-32 of "IEND" is the constant every PNG ends with.
    #expect(PNG.crc(Array("IEND".utf8)) == 0xAE42_6082)
  }

  @Test(arguments: [
    ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy"),
  ])
  func base64(input: String, expected: String) {
    #expect(Base64.encode(Array(input.utf8)) == expected)
  }

  @Test func normalizedImages() {
    let image = GrayImage.normalized(width: 3, height: 1, values: [-1, 0, 3])
    #expect(image.pixels == [0, 64, 255])
    let symmetric = GrayImage.normalized(width: 3, height: 1, values: [-2, 0, 1], symmetric: true)
    #expect(symmetric.pixels == [0, 128, 191])
    #expect(GrayImage.normalized(width: 2, height: 1, values: [4, 4]).pixels == [128, 128])
  }
}
