import Kernels
import TensorEngine

extension IntegerModel {
  /// Reads a model written by `serialized()`, bit-exactly.
  ///
  /// - Throws: `QuantizationError` for a wrong magic or version, a checksum mismatch
  ///   (corruption), truncated bytes, or contents that do not form a consistent model; the
  ///   message says what was being read.
  public init(serialized bytes: [UInt8]) throws {
    let headerSize = IntegerModel.fileMagic.count + 4
    guard bytes.count >= headerSize + 8 else {
      throw QuantizationError(
        .invalidArgument,
        "integer model file: \(bytes.count) bytes is too short for a header and checksum")
    }
    guard Array(bytes[0..<4]) == IntegerModel.fileMagic else {
      throw QuantizationError(.invalidArgument, "integer model file: wrong magic (not a QBIM file)")
    }
    var r = ByteReader(integerModel: bytes, from: 4)
    let version = try r.u32("version")
    guard version == IntegerModel.fileVersion else {
      throw QuantizationError(
        .unsupported, "integer model file: version \(version); this engine reads version 1")
    }
    let body = bytes.count - 8
    var tail = ByteReader(integerModel: bytes, from: body)
    let stored = try tail.u64("checksum")
    guard stored == fnv1a64(bytes[0..<body]) else {
      throw QuantizationError(
        .invalidArgument,
        "integer model file: checksum mismatch; the file is corrupt or truncated")
    }
    r.end = body
    let inputShape = try (0..<3).map { _ in try r.extent("input shape") }
    let grid = try r.grid("input grid")
    let codes = try r.bytes(256, "input codes").map { Int8(bitPattern: $0) }
    let input = try IntegerInputEncoding(grid: grid, codes: codes)
    let count = try r.int("layer count")
    var layers: [IntegerLayer] = []
    for i in 0..<count {
      layers.append(try r.layer("layer \(i)"))
    }
    guard r.position == body else {
      throw QuantizationError(
        .invalidArgument,
        "integer model file: \(body - r.position) unexpected bytes after the layers"
      )
    }
    try self.init(inputShape: inputShape, input: input, layers: layers)
  }
}

/// The integer format's fields on top of the shared little-endian reader.
extension ByteReader {
  /// A reader whose errors are `QuantizationError`s prefixed "integer model file: ".
  init(integerModel bytes: [UInt8], from position: Int) {
    self.init(bytes, from: position) {
      QuantizationError(.invalidArgument, "integer model file: \($0)")
    }
  }

  func fail(_ what: String, _ problem: String) -> any Error { fail("\(what): \(problem)") }

  /// A size in 1...2^24 (anything larger is corruption, not a model).
  mutating func extent(_ what: String) throws -> Int {
    let v = try int(what)
    guard (1...(1 << 24)).contains(v) else { throw fail(what, "size \(v) is out of range") }
    return v
  }
  mutating func grid(_ what: String) throws -> LinearParameters {
    let scale = try f32(what)
    let zero = try i32(what)
    let low = try i32(what)
    let high = try i32(what)
    guard scale.isFinite, scale > 0, -128 <= low, low <= zero, zero <= high, high <= 127 else {
      throw fail(
        what, "scale \(scale), zero point \(zero), codes \(low)...\(high) are not an int8 grid")
    }
    return LinearParameters(scale: scale, zeroPoint: zero, codes: low...high)
  }

  mutating func layer(_ at: String) throws -> IntegerLayer {
    let tag = try u8("\(at) operation")
    let rank = try int("\(at) input rank")
    guard rank == 1 || rank == 3 else { throw fail(at, "input rank \(rank) is not 1 or 3") }
    let inputShape = try (0..<rank).map { _ in try extent("\(at) input shape") }
    let zero = try i32("\(at) input zero point")
    let operation: IntegerLayer.Operation
    switch tag {
    case 1:
      let v = try (0..<6).map { _ in try int("\(at) convolution") }
      operation = .conv2d(
        kernel: v[0], stride: v[1], padTop: v[2], padLeft: v[3], padBottom: v[4], padRight: v[5])
    case 2: operation = .dense
    case 3: operation = .maxPool(size: try int("\(at) pool size"), stride: try int("\(at) stride"))
    case 4: operation = .requantize(relu: try u8("\(at) relu") != 0)
    case 5: operation = .flatten
    default: throw fail(at, "unknown operation \(tag)")
    }
    var weights: PackedIntegerWeights? = nil
    var bias: [Int32] = []
    if tag == 1 || tag == 2 {
      (weights, bias) = try weightsAndBias(at)
    }
    let output = try outputStage(at)
    let outputShape = try outputShapeOf(operation, input: inputShape, weights: weights, at)
    return IntegerLayer(
      operation: operation, inputShape: inputShape, outputShape: outputShape,
      inputZeroPoint: zero, weights: weights, bias: bias, output: output)
  }

  private mutating func weightsAndBias(_ at: String) throws -> (PackedIntegerWeights, [Int32]) {
    let bits = try u8("\(at) weight bits")
    let n = try extent("\(at) output channels")
    let k = try extent("\(at) depth")
    guard bits == 8 || bits == 4 else { throw fail(at, "weight bits \(bits) are not 8 or 4") }
    let stored = try bytes(bits == 8 ? n * k : (n * k + 1) / 2, "\(at) weights")
    let codes = (0..<(n * k)).map { i -> Int8 in
      guard bits == 4 else { return Int8(bitPattern: stored[stored.startIndex + i]) }
      let byte = stored[stored.startIndex + i / 2]
      let nibble = i % 2 == 0 ? byte & 0x0F : byte >> 4
      return Int8(bitPattern: nibble << 4) >> 4
    }
    let bias = try (0..<n).map { _ in try i32("\(at) bias") }
    do {
      return (
        try PackedIntegerWeights(weights: codes, outputChannels: n, depth: k, bits: Int(bits)), bias
      )
    } catch {
      throw fail(at, "\(error)")
    }
  }

  private mutating func outputStage(_ at: String) throws -> IntegerLayerOutput? {
    switch try u8("\(at) output") {
    case 0:
      return nil
    case 1:
      let channels = try extent("\(at) channels")
      guard channels * 8 <= end - position else { throw fail(at, "truncated requantization stage") }
      let pairs = try (0..<channels).map { _ in
        (try i32("\(at) multiplier"), Int(try i32("\(at) shift")))
      }
      let zero = try i32("\(at) output zero point")
      let low = Int8(bitPattern: try u8("\(at) output min"))
      let high = Int8(bitPattern: try u8("\(at) output max"))
      let g = try grid("\(at) output grid")
      do {
        let stage = try RequantizationStage(
          multipliers: pairs.map(\.0), shifts: pairs.map(\.1), outputZeroPoint: zero,
          outputMin: low, outputMax: high)
        return .requantized(stage, grid: g)
      } catch {
        throw fail(at, "\(error)")
      }
    case 2:
      let channels = try extent("\(at) channels")
      return .accumulators(scales: try (0..<channels).map { _ in try f32("\(at) scale") })
    case let other:
      throw fail(at, "unknown output kind \(other)")
    }
  }
}

/// The per-sample output shape an operation gives on `input` (checked again by the model).
private func outputShapeOf(
  _ operation: IntegerLayer.Operation, input: [Int], weights: PackedIntegerWeights?, _ at: String
) throws -> [Int] {
  func window(_ kernel: Int, _ stride: Int, _ padH: Int, _ padW: Int) throws -> [Int] {
    guard input.count == 3, kernel >= 1, stride >= 1, input[0] + padH >= kernel,
      input[1] + padW >= kernel
    else {
      throw QuantizationError(
        .shapeMismatch, "integer model file: \(at): window does not fit \(input)")
    }
    return [(input[0] + padH - kernel) / stride + 1, (input[1] + padW - kernel) / stride + 1]
  }
  switch operation {
  case .conv2d(let kernel, let stride, let top, let left, let bottom, let right):
    return try window(kernel, stride, top + bottom, left + right) + [weights?.outputChannels ?? 0]
  case .maxPool(let size, let stride):
    return try window(size, stride, 0, 0) + [input.last ?? 0]
  case .dense:
    return [weights?.outputChannels ?? 0]
  case .requantize:
    return input
  case .flatten:
    return [input.reduce(1, *)]
  }
}
