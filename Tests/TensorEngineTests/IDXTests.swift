import Testing

@testable import TensorEngine

@Suite struct IDXTests {
  let pixels: [UInt8] = (0..<(3 * 4 * 5)).map { UInt8($0 * 3 % 256) }
  var imageFile: [UInt8] { IDXArray.encode(dimensions: [3, 4, 5], bytes: pixels) }
  let labelFile = IDXArray.encode(dimensions: [3], bytes: [2, 0, 9])

  @Test func parsesRawFiles() throws {
    let split = try Split(idxImages: imageFile, idxLabels: labelFile)
    #expect(split.imageShape == [4, 5, 1])
    #expect(split.count == 3)
    #expect(split.images == pixels)
    #expect(split.labels == [2, 0, 9])
    #expect(imageFile[0..<4] == [0, 0, 8, 3])  // magic 0x00000803
    #expect(labelFile[0..<4] == [0, 0, 8, 1])  // magic 0x00000801
  }

  @Test func parsesGzipFiles() throws {
    let split = try Split(
      idxImages: try Gzip.compress(imageFile), idxLabels: try Gzip.compress(labelFile))
    #expect(split.images == pixels)
    #expect(split.labels == [2, 0, 9])
  }

  func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return "no error"
    } catch { return "\(error)" }
  }

  @Test func truncatedDataNamesWhatIsMissing() {
    let m = message { _ = try Split(idxImages: Array(imageFile.dropLast(7)), idxLabels: labelFile) }
    #expect(m.contains("images") && m.contains("truncated") && m.contains("need 60"))
    let header = message { _ = try IDXArray(parsing: Array(imageFile.prefix(9))) }
    #expect(header.contains("truncated header"))
  }

  @Test func wrongMagicAndSwappedFilesAreErrors() {
    var bad = imageFile
    bad[0] = 0x50
    #expect(message { _ = try Split(idxImages: bad, idxLabels: labelFile) }.contains("wrong magic"))
    #expect(
      message { _ = try Split(idxImages: labelFile, idxLabels: imageFile) }.contains(
        "is this a label file"))
    bad = imageFile
    bad[2] = 0x0D
    #expect(message { _ = try IDXArray(parsing: bad) }.contains("not supported"))
  }

  @Test func countMismatchAndLabelRangeAreErrors() {
    let twoLabels = IDXArray.encode(dimensions: [2], bytes: [1, 2])
    #expect(
      message { _ = try Split(idxImages: imageFile, idxLabels: twoLabels) }.contains(
        "3 images but 2 labels"))
    let outOfRange = IDXArray.encode(dimensions: [3], bytes: [1, 12, 2])
    #expect(
      message { _ = try Split(idxImages: imageFile, idxLabels: outOfRange) }.contains(
        "label 12 at index 1"))
  }

  @Test func truncatedOrCorruptGzipIsAnError() throws {
    let packed = try Gzip.compress(imageFile)
    #expect(
      message { _ = try IDXArray(parsing: Array(packed.prefix(packed.count / 2))) }.contains(
        "truncated"))
    var corrupt = packed
    for i in 12..<min(20, corrupt.count) { corrupt[i] ^= 0xA5 }
    #expect(message { _ = try IDXArray(parsing: corrupt) }.contains("gzip"))
  }

  /// A small gzip file that expands past the limit (a "gzip bomb") stops at the limit with a
  /// message, instead of filling memory; within the limit it inflates whole.
  @Test func aGzipBombStopsAtTheLimit() throws {
    let zeros = [UInt8](repeating: 0, count: 1 << 20)
    let packed = try Gzip.compress(zeros)
    #expect(packed.count < 1 << 14)
    #expect(try Gzip.inflate(packed, limit: 1 << 20) == zeros)
    #expect(message { _ = try Gzip.inflate(packed, limit: (1 << 20) - 1) }.contains("more than"))
    #expect(IDXArray.maximumBytes >= 47_040_016)
  }
}
