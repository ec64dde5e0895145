import TensorEngine
import Testing

@testable import Quantization

@Test(arguments: [8, 4])
func savedModelsLoadBackBitExactly(bits: Int) throws {
  let model = try IntegerModel(converting: bits == 8 ? IntegerFixture.int8 : IntegerFixture.int4)
  let bytes = model.serialized()
  #expect(bytes.count == model.serializedByteCount)
  #expect(Array(bytes.prefix(4)) == Array("QBIM".utf8))
  let loaded = try IntegerModel(serialized: bytes)
  #expect(loaded.serialized() == bytes)
  #expect(loaded.output == model.output)
  let test = IntegerFixture.data.test.prefix(64)
  #expect(try loaded.run(on: test) == (try model.run(on: test)))
}

@Test func int4FilesAreSmallerThanInt8Files() throws {
  let int8 = try IntegerModel(converting: IntegerFixture.int8)
  let int4 = try IntegerModel(converting: IntegerFixture.int4)
  let weights = int8.layers.compactMap(\.weights).reduce(0) { $0 + $1.outputChannels * $1.depth }
  #expect(int8.serializedByteCount - int4.serializedByteCount >= weights / 2 - 4)
  #expect(int4.parameterByteCount < int8.parameterByteCount)
}

@Test func corruptOrTruncatedFilesAreErrors() throws {
  let bytes = try IntegerModel(converting: IntegerFixture.int8).serialized()
  func rejects(_ data: [UInt8], _ expected: String) {
    do {
      _ = try IntegerModel(serialized: data)
      Issue.record("accepted a bad file (\(expected))")
    } catch let error as QuantizationError {
      #expect(error.message.contains(expected), "\(error.message)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }
  rejects([], "too short")
  rejects(Array(bytes.prefix(bytes.count / 2)), "checksum")
  rejects(Array(bytes.dropLast()), "checksum")
  var flipped = bytes
  flipped[bytes.count / 2] ^= 0x10
  rejects(flipped, "checksum")
  var magic = bytes
  magic[0] = UInt8(ascii: "X")
  rejects(magic, "magic")
  var version = bytes
  version[4] = 9
  rejects(version, "version")
  // A consistent checksum over inconsistent contents: the first layer's input zero point
  // (after magic, version, 3 extents, grid, 256 codes, layer count, tag, rank, 3 extents).
  var forged = Array(bytes.dropLast(8))
  let zeroPointOffset = 4 + 4 + 12 + 16 + 256 + 4 + 1 + 4 + 12
  forged[zeroPointOffset] ^= 0x01
  var writer = ByteWriter()
  writer.bytes = forged
  writer.u64(fnv1a64(forged[...]))
  rejects(writer.bytes, "zero point")
  // Truncated contents with a valid checksum.
  var short = Array(bytes.dropLast(8).dropLast(3))
  let hash = fnv1a64(short[...])
  writer.bytes = short
  writer.u64(hash)
  short = writer.bytes
  rejects(short, "truncated")
}
