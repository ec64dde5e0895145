import TensorEngine
import Testing

@testable import Quantization

@Test(arguments: Array(1...16))
func packThenUnpackReturnsTheCodes(bits: Int) throws {
  var random = SeededRandom(seed: UInt64(bits))
  for signed in [true, false] {
    let range = try BitPacking.codeRange(bits: bits, signed: signed)
    let width = UInt64(Int64(range.upperBound) - Int64(range.lowerBound) + 1)
    for count in [0, 1, 7, 8, 9, 63, 100] {
      let codes = (0..<count).map { _ in range.lowerBound + Int32(random.next() % width) }
      let bytes = try BitPacking.pack(codes, bits: bits, signed: signed)
      #expect(bytes.count == (count * bits + 7) / 8)
      #expect(try BitPacking.unpack(bytes, count: count, bits: bits, signed: signed) == codes)
    }
  }
}

@Test func int4PairsUseLowNibbleFirstAndMatchTheGeneralPacker() throws {
  let codes: [Int8] = [1, -1, 7, -8, 3]
  let bytes = try BitPacking.packInt4(codes)
  #expect(bytes == [0xF1, 0x87, 0x03])
  #expect(try BitPacking.unpackInt4(bytes, count: 5) == codes)
  #expect(try BitPacking.pack(codes.map(Int32.init), bits: 4, signed: true) == bytes)
  #expect(throws: QuantizationError.self) { try BitPacking.packInt4([8]) }
  #expect(throws: QuantizationError.self) { try BitPacking.pack([4], bits: 3, signed: true) }
  #expect(throws: QuantizationError.self) {
    try BitPacking.unpack([0], count: 3, bits: 4, signed: true)
  }
}

@Test func quantizedWeightsPackToTheirCodeBytes() throws {
  let w = Synthetic.gaussian(count: 33, seed: 5)
  let q = try LinearQuantizer(bits: 3, granularity: .perTensor).quantize(w, shape: [33])
  let bytes = try q.packedCodes()
  #expect(bytes.count == packedCodeBytes(count: 33, bits: 3))
  #expect(try BitPacking.unpack(bytes, count: 33, bits: 3, signed: true) == q.codes)
  let k = try KMeansQuantizer(bits: 2).quantize(w, shape: [33])
  #expect(try BitPacking.unpack(k.packedCodes(), count: 33, bits: 2, signed: false) == k.codes)
  let b = try BinaryQuantizer().quantize(w, shape: [33])
  #expect(try b.packedCodes().count == 5)
}
