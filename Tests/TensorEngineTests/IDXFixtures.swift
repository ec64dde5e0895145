import CZlib

@testable import TensorEngine

// Fixtures of the IDX and gzip tests: files built in memory (the engine only reads them).

extension IDXArray {
  /// Builds an IDX file image (uncompressed) of `bytes` with `dimensions`.
  static func encode(dimensions: [Int], bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for d in dimensions {
      out += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: d >> $0) }
    }
    return out + bytes
  }
}

extension Gzip {
  /// A gzip stream holding `bytes` (level 6).
  static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    guard
      deflateInit2_(
        &stream, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
        Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { throw EngineError.malformedGzip("zlib could not start deflating") }
    defer { deflateEnd(&stream) }
    var input = bytes
    let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
    var output = [UInt8](repeating: 0, count: bound)
    let count = bytes.count
    let status = input.withUnsafeMutableBufferPointer { inBuf in
      output.withUnsafeMutableBufferPointer { outBuf -> Int32 in
        stream.next_in = inBuf.baseAddress
        stream.avail_in = uInt(count)
        stream.next_out = outBuf.baseAddress
        stream.avail_out = uInt(bound)
        return deflate(&stream, Z_FINISH)
      }
    }
    guard status == Z_STREAM_END else {
      throw EngineError.malformedGzip("deflate failed (\(status))")
    }
    return Array(output[0..<Int(stream.total_out)])
  }
}
