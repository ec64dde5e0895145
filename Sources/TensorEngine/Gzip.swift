import CZlib

/// Inflation of gzip (or zlib) streams with zlib, entirely in memory.
public enum Gzip {
  /// Whether `bytes` start with the gzip magic `1f 8b`.
  public static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
  }

  /// The decompressed content of a gzip stream (`inflateInit2` with `16 + MAX_WBITS`).
  /// Concatenated gzip members are all inflated. Throws `malformedGzip` on corrupt or
  /// truncated input, and when the output would pass `limit` bytes (a "gzip bomb": a small
  /// file that expands until memory runs out).
  public static func inflate(_ bytes: [UInt8], limit: Int = .max) throws -> [UInt8] {
    var stream = z_stream()
    guard
      inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        == Z_OK
    else { throw EngineError.malformedGzip("zlib could not start inflating") }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count * 4)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var input = bytes
    let inputCount = input.count
    return try input.withUnsafeMutableBufferPointer { inBuf -> [UInt8] in
      stream.next_in = inBuf.baseAddress
      stream.avail_in = uInt(inputCount)
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
          stream.next_out = out.baseAddress
          stream.avail_out = uInt(out.count)
          return CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        let produced = chunk.count - Int(stream.avail_out)
        guard produced <= limit - output.count else {
          throw EngineError.malformedGzip(
            "it decompresses to more than \(limit) bytes, more than any data file read here")
        }
        output.append(contentsOf: chunk[0..<produced])
        switch status {
        case Z_STREAM_END:
          // Another member may follow (gzip allows concatenation).
          if stream.avail_in > 0 {
            guard inflateReset(&stream) == Z_OK else {
              throw EngineError.malformedGzip("could not restart after a gzip member")
            }
            continue
          }
          return output
        case Z_OK, Z_BUF_ERROR:
          // Input used up: no progress (Z_OK) or more input needed (Z_BUF_ERROR).
          if stream.avail_in == 0 && (produced == 0 || status == Z_BUF_ERROR) {
            throw EngineError.malformedGzip(
              "the compressed stream is truncated (ended after \(output.count) decompressed bytes)")
          }
        default:
          let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
          throw EngineError.malformedGzip("corrupt compressed data: \(message)")
        }
      }
    }
  }
}

/// CRC-32 (the zlib/PNG polynomial) of `bytes`.
public func crc32Checksum(_ bytes: [UInt8]) -> UInt32 {
  bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
}
