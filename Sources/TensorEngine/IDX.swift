/// An IDX array of unsigned bytes (the MNIST file format): big-endian header
/// `00 00 08 <rank>`, `rank` big-endian UInt32 extents, then the bytes row-major.
public struct IDXArray: Sendable, Equatable {
  public var dimensions: [Int]
  public var bytes: [UInt8]
  /// The largest decompressed IDX file read (512 MiB: Fashion-MNIST's largest is 47 MB; a
  /// compressed file that expands past it is refused before memory runs out).
  public static let maximumBytes = 512 << 20

  /// Parses raw or gzip-compressed IDX data. Throws `malformedIDX` naming what is wrong
  /// (magic, rank, extents, length); the caller adds the file name.
  public init(parsing data: [UInt8]) throws {
    let raw = Gzip.isCompressed(data) ? try Gzip.inflate(data, limit: Self.maximumBytes) : data
    guard raw.count >= 4 else {
      throw EngineError.malformedIDX("only \(raw.count) bytes; an IDX header needs at least 4")
    }
    guard raw[0] == 0, raw[1] == 0 else {
      throw EngineError.malformedIDX(
        "wrong magic number \(hex(raw[0..<4])); expected 00 00 08 0r (is this an IDX file?)")
    }
    guard raw[2] == 0x08 else {
      throw EngineError.malformedIDX(
        "element type 0x\(String(raw[2], radix: 16)) is not supported; only unsigned bytes (0x08)")
    }
    let rank = Int(raw[3])
    guard rank >= 1 else { throw EngineError.malformedIDX("rank 0 in the magic number") }
    let header = 4 + 4 * rank
    guard raw.count >= header else {
      throw EngineError.malformedIDX(
        "truncated header: \(raw.count) bytes, need \(header) for rank \(rank)")
    }
    var dims: [Int] = []
    var total = 1
    for d in 0..<rank {
      let extent = raw[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | Int($1) }
      dims.append(extent)
      let (product, overflow) = total.multipliedReportingOverflow(by: extent)
      guard !overflow, product < 1 << 40 else {
        throw EngineError.malformedIDX("dimensions \(dims) are too large")
      }
      total = product
    }
    guard raw.count - header == total else {
      let what = raw.count - header < total ? "truncated" : "too long"
      throw EngineError.malformedIDX(
        "\(what): dimensions \(dims) need \(total) data bytes, found \(raw.count - header)")
    }
    dimensions = dims
    bytes = Array(raw[header...])
  }
}

private func hex(_ bytes: ArraySlice<UInt8>) -> String {
  bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
}

extension Split {
  /// A split from IDX images (magic 0x00000803, `[N, H, W]`, or `[N, H, W, C]`) and IDX labels
  /// (magic 0x00000801, `[N]`), each raw or gzip-compressed. Throws `malformedIDX` naming the
  /// part that is wrong (the caller adds the file name).
  public init(idxImages: [UInt8], idxLabels: [UInt8], classCount: Int = 10) throws {
    func parse(_ data: [UInt8], _ part: String) throws -> IDXArray {
      do { return try IDXArray(parsing: data) } catch let e as EngineError {
        throw EngineError.malformedIDX("\(part): \(e.description)")
      }
    }
    try self.init(
      images: parse(idxImages, "images"), labels: parse(idxLabels, "labels"),
      classCount: classCount)
  }

  /// A split from parsed IDX images (`[N, H, W]` or `[N, H, W, C]`) and labels (`[N]`, each
  /// below `classCount`). Throws `malformedIDX` naming the part that is wrong.
  public init(images: IDXArray, labels: IDXArray, classCount: Int = 10) throws {
    guard images.dimensions.count == 3 || images.dimensions.count == 4 else {
      throw EngineError.malformedIDX(
        "images: expected rank 3 (magic 0x00000803), got rank \(images.dimensions.count); "
          + "is this a label file?")
    }
    guard labels.dimensions.count == 1 else {
      throw EngineError.malformedIDX(
        "labels: expected rank 1 (magic 0x00000801), got rank \(labels.dimensions.count); "
          + "is this an image file?")
    }
    guard images.dimensions[0] == labels.dimensions[0] else {
      throw EngineError.malformedIDX(
        "\(images.dimensions[0]) images but \(labels.dimensions[0]) labels")
    }
    guard images.dimensions.dropFirst().allSatisfy({ $0 >= 1 }) else {
      throw EngineError.malformedIDX("images: empty image dimensions \(images.dimensions)")
    }
    if let bad = labels.bytes.firstIndex(where: { Int($0) >= classCount }) {
      throw EngineError.malformedIDX(
        "labels: label \(labels.bytes[bad]) at index \(bad) is outside 0..<\(classCount)")
    }
    let shape =
      images.dimensions.count == 3
      ? [images.dimensions[1], images.dimensions[2], 1] : Array(images.dimensions.dropFirst())
    try self.init(images: images.bytes, labels: labels.bytes, imageShape: shape)
  }
}
