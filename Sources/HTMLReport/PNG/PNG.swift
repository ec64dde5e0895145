import CZlib

/// A minimal PNG encoder for 8-bit grayscale images: signature, `IHDR`, one `IDAT` (zlib
/// stream from `compress2`, every row prefixed by filter type 0), `IEND`; chunk CRCs by zlib's
/// `crc32` over the chunk type and data (PNG spec, ISO/IEC 15948 §5.3).
public enum PNG {
  /// Errors for images that cannot be encoded.
  public enum EncodeError: Error, Equatable, CustomStringConvertible {
    case badSize(width: Int, height: Int, pixels: Int)
    case compressionFailed(code: Int32)

    public var description: String {
      switch self {
      case .badSize(let w, let h, let p):
        "PNG: image is \(w)x\(h) but has \(p) pixels"
          + "; width and height must be >= 1 and pixels = width * height"
      case .compressionFailed(let code): "PNG: zlib compress2 failed with code \(code)"
      }
    }
  }

  /// The 8-byte PNG signature.
  public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// Encodes `pixels` (row-major, `width * height` bytes, 0 = black) as a grayscale PNG.
  public static func grayscale(width: Int, height: Int, pixels: [UInt8]) throws -> [UInt8] {
    guard width >= 1, height >= 1, width <= 1 << 24, height <= 1 << 24,
      pixels.count == width * height
    else { throw EncodeError.badSize(width: width, height: height, pixels: pixels.count) }
    var header: [UInt8] = []
    appendUInt32(&header, UInt32(width))
    appendUInt32(&header, UInt32(height))
    header += [8, 0, 0, 0, 0]  // bit depth 8, colour type 0 (gray), deflate, filter 0, no interlace

    var raw: [UInt8] = []
    raw.reserveCapacity((width + 1) * height)
    for row in 0..<height {
      raw.append(0)  // filter type: none
      raw += pixels[(row * width)..<((row + 1) * width)]
    }
    let compressed = try deflate(raw)

    var png = signature
    appendChunk(&png, type: "IHDR", data: header)
    appendChunk(&png, type: "IDAT", data: compressed)
    appendChunk(&png, type: "IEND", data: [])
    return png
  }

  /// zlib-compresses `bytes` at the best compression level.
  static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
    var capacity = compressBound(uLong(bytes.count))
    var out = [UInt8](repeating: 0, count: Int(capacity))
    let code = out.withUnsafeMutableBufferPointer { dest in
      bytes.withUnsafeBufferPointer { src in
        compress2(
          dest.baseAddress, &capacity, src.baseAddress, uLong(src.count), Z_BEST_COMPRESSION)
      }
    }
    guard code == Z_OK else { throw EncodeError.compressionFailed(code: code) }
    return Array(out.prefix(Int(capacity)))
  }

  /// CRC-32 (zlib's) of `bytes`.
  public static func crc(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
  }

  static func appendChunk(_ png: inout [UInt8], type: String, data: [UInt8]) {
    appendUInt32(&png, UInt32(data.count))
    let typed = Array(type.utf8) + data
    png += typed
    appendUInt32(&png, crc(typed))
  }

  static func appendUInt32(_ bytes: inout [UInt8], _ value: UInt32) {
    bytes += [
      UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
      UInt8(value & 0xFF),
    ]
  }
}

/// Standard base64 (RFC 4648 §4) with `=` padding, for `data:` URLs.
public enum Base64 {
  static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 2 < bytes.count {
      let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
      out += [
        alphabet[Int(n >> 18)], alphabet[Int((n >> 12) & 63)], alphabet[Int((n >> 6) & 63)],
        alphabet[Int(n & 63)],
      ]
      i += 3
    }
    let rest = bytes.count - i
    if rest == 1 {
      let n = UInt32(bytes[i]) << 16
      out += [
        alphabet[Int(n >> 18)], alphabet[Int((n >> 12) & 63)], UInt8(ascii: "="), UInt8(ascii: "="),
      ]
    } else if rest == 2 {
      let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
      out += [
        alphabet[Int(n >> 18)], alphabet[Int((n >> 12) & 63)], alphabet[Int((n >> 6) & 63)],
        UInt8(ascii: "="),
      ]
    }
    return String(decoding: out, as: UTF8.self)
  }
}
