import Kernels

/// The binary model format, little-endian throughout:
///
/// ```
/// "QBMD"  magic, 4 bytes
/// u32     format version (1)
/// u32     input rank, then u32 per extent
/// f32     input encoding scale; u32 input bits (0 = none)
/// u32     layer count, then per layer: u8 kind tag, its hyper-parameters, and for layers with
///         parameters: weights, bias (and for batch norm running mean, running variance),
///         each as u32 count + count f32
/// u32     CRC-32 of every byte before it
/// ```
/// Fake-quantization hooks are behaviour, not data, and are not saved.
extension Sequential {
  /// The model's magic number, "QBMD".
  public static let fileMagic: [UInt8] = Array("QBMD".utf8)
  /// The format version this engine writes and reads.
  public static let fileVersion: UInt32 = 1

  /// The model as bytes; `Sequential(serialized:)` reads them back bit-exactly.
  public func serialized() -> [UInt8] {
    var w = ByteWriter()
    w.bytes += Sequential.fileMagic
    w.u32(Sequential.fileVersion)
    w.u32(UInt32(inputShape.count))
    for extent in inputShape { w.u32(UInt32(extent)) }
    w.f32(inputEncoding.scale)
    w.u32(UInt32(inputEncoding.bits ?? 0))
    w.u32(UInt32(layers.count))
    for layer in layers {
      switch layer.kind {
      case .conv2d(let filters, let kernel, let stride, let padding, let activation):
        w.u8(1)
        for value in [filters, kernel, stride] { w.u32(UInt32(value)) }
        w.u8(padding == .valid ? 0 : 1)
        w.u8(activationCode(activation))
      case .dense(let units, let activation):
        w.u8(2)
        w.u32(UInt32(units))
        w.u8(activationCode(activation))
      case .maxPool(let size, let stride), .avgPool(let size, let stride):
        if case .maxPool = layer.kind { w.u8(3) } else { w.u8(4) }
        w.u32(UInt32(size))
        w.u32(UInt32(stride))
      case .flatten: w.u8(5)
      case .dropout(let rate):
        w.u8(6)
        w.f32(rate)
      case .batchNorm(let momentum, let epsilon):
        w.u8(7)
        w.f32(momentum)
        w.f32(epsilon)
      case .activation(let a):
        w.u8(8)
        w.u8(activationCode(a))
      case .embedding(let vocabulary, let width):
        w.u8(9)
        w.u32(UInt32(vocabulary))
        w.u32(UInt32(width))
      case .recurrent(let cell, let units):
        w.u8(10)
        w.u8(UInt8(RecurrentCell.allCases.firstIndex(of: cell)!))
        w.u32(UInt32(units))
      }
      for t in [layer.weights, layer.bias, layer.runningMean, layer.runningVariance] {
        if let t { w.floats(t.data) }
      }
    }
    w.u32(crc32Checksum(w.bytes))
    return w.bytes
  }

  /// Reads a model written by `serialized()`. Throws `malformedModel` for a wrong magic, an
  /// unknown version, truncation, a checksum mismatch or inconsistent contents.
  public init(serialized bytes: [UInt8]) throws {
    guard bytes.count >= 4, Array(bytes[0..<4]) == Sequential.fileMagic else {
      throw EngineError.malformedModel("wrong magic number: this is not a Quantbook model file")
    }
    var r = ByteReader(bytes, from: 4, failure: EngineError.malformedModel)
    let version = try r.u32("format version")
    guard version == Sequential.fileVersion else {
      throw EngineError.malformedModel(
        "format version \(version) is not supported"
          + " (this engine reads version \(Sequential.fileVersion))"
      )
    }
    guard bytes.count >= 12 else {
      throw EngineError.malformedModel("truncated: \(bytes.count) bytes")
    }
    var trailer = ByteReader(bytes, from: bytes.count - 4, failure: EngineError.malformedModel)
    let stored = try trailer.u32("checksum")
    let body = Array(bytes[0..<(bytes.count - 4)])
    guard crc32Checksum(body) == stored else {
      throw EngineError.malformedModel(
        "checksum mismatch: the file is truncated or corrupt (save the model again)")
    }
    r = ByteReader(body, from: 8, failure: EngineError.malformedModel)
    let rank = try r.count("input rank", limit: 8)
    let input = try (0..<rank).map { _ in try r.count("input extent", limit: 1 << 20) }
    let scale = try r.f32("input scale")
    let bits = try r.count("input bits", limit: 8)
    let layerCount = try r.count("layer count", limit: 10_000)
    var layers: [Layer] = []
    for i in 0..<layerCount {
      let kind: LayerKind
      let tag = try r.u8("layer \(i) kind")
      switch tag {
      case 1:
        kind = .conv2d(
          filters: try r.count("filters"), kernel: try r.count("kernel"),
          stride: try r.count("stride"), padding: try r.u8("padding") == 0 ? .valid : .same,
          activation: try activation(r.u8("activation")))
      case 2:
        kind = .dense(units: try r.count("units"), activation: try activation(r.u8("activation")))
      case 3: kind = .maxPool(size: try r.count("size"), stride: try r.count("stride"))
      case 4: kind = .avgPool(size: try r.count("size"), stride: try r.count("stride"))
      case 5: kind = .flatten
      case 6: kind = .dropout(rate: try r.f32("rate"))
      case 7: kind = .batchNorm(momentum: try r.f32("momentum"), epsilon: try r.f32("epsilon"))
      case 8: kind = .activation(try activation(r.u8("activation")))
      case 9: kind = .embedding(vocabulary: try r.count("vocabulary"), width: try r.count("width"))
      case 10:
        let code = Int(try r.u8("cell"))
        guard code < RecurrentCell.allCases.count else {
          throw EngineError.malformedModel("layer \(i) has unknown recurrent cell \(code)")
        }
        kind = .recurrent(cell: RecurrentCell.allCases[code], units: try r.count("units"))
      default: throw EngineError.malformedModel("layer \(i) has unknown kind tag \(tag)")
      }
      var layer = Layer(kind: kind)
      if kind.hasParameters {
        // The layer's input shape is the output shape of the layers read so far.
        let shapes = try? Sequential.inferShapes(input: input, kinds: layers.map(\.kind) + [kind])
        guard let shapes,
          let (ws, bs) = Shapes.parameters(of: kind, input: i == 0 ? input : shapes[i - 1])
        else {
          throw EngineError.malformedModel("layer \(i) parameters do not fit its input")
        }
        layer.weights = try Tensor(
          shape: ws, data: r.floats("layer \(i) weights", expected: ws.reduce(1, *)))
        if let bs {
          layer.bias = try Tensor(
            shape: bs, data: r.floats("layer \(i) bias", expected: bs.reduce(1, *)))
        }
        if case .batchNorm = kind, let bs {
          layer.runningMean = try Tensor(
            shape: bs, data: r.floats("layer \(i) running mean", expected: bs[0]))
          layer.runningVariance = try Tensor(
            shape: bs, data: r.floats("layer \(i) running variance", expected: bs[0]))
        }
      }
      layers.append(layer)
    }
    guard r.position == body.count else {
      throw EngineError.malformedModel(
        "\(body.count - r.position) unexpected bytes after the last layer")
    }
    try Self.checkValues(scale: scale, layers: layers)
    do {
      try self.init(
        inputShape: input, layers: layers,
        inputEncoding: InputEncoding(scale: scale, bits: bits == 0 ? nil : bits))
    } catch let e as EngineError {
      throw EngineError.malformedModel("inconsistent layers: \(e.description)")
    }
  }
}

extension Sequential {
  /// A file whose checksum holds can still carry values no model has (written by a damaged
  /// writer or by hand): a NaN or infinite weight, bias or statistic, a negative variance, an
  /// input scale or a hyper-parameter out of range. Such a model would evaluate to NaN
  /// logits and a meaningless accuracy, so it is refused when read, naming the value.
  static func checkValues(scale: Float, layers: [Layer]) throws {
    guard scale.isFinite, scale > 0 else {
      throw EngineError.malformedModel("the input scale is \(scale); it must be finite and > 0")
    }
    for (i, layer) in layers.enumerated() {
      let tensors: [(String, Tensor?)] = [
        ("weights", layer.weights), ("bias", layer.bias), ("running mean", layer.runningMean),
        ("running variance", layer.runningVariance),
      ]
      for case let (name, tensor?) in tensors {
        if let j = tensor.data.firstIndex(where: { !$0.isFinite }) {
          throw EngineError.malformedModel(
            "layer \(i) \(name) value \(j) is \(tensor.data[j]); a model holds finite numbers only")
        }
      }
      if let variance = layer.runningVariance, let j = variance.data.firstIndex(where: { $0 < 0 }) {
        throw EngineError.malformedModel("layer \(i) running variance value \(j) is negative")
      }
      if case .dropout(let rate) = layer.kind, !(rate >= 0 && rate < 1) {
        throw EngineError.malformedModel("layer \(i) dropout rate is \(rate); it must be in [0, 1)")
      }
      if case .batchNorm(let momentum, let epsilon) = layer.kind,
        !(momentum >= 0 && momentum <= 1 && epsilon > 0 && epsilon.isFinite)
      {
        throw EngineError.malformedModel(
          "layer \(i) batch norm has momentum \(momentum) and epsilon \(epsilon); they must be in "
            + "[0, 1] and > 0")
      }
    }
  }
}

private let activationOrder: [Activation] = [.linear, .relu, .sigmoid, .tanh, .softmax]
private func activationCode(_ a: Activation) -> UInt8 { UInt8(activationOrder.firstIndex(of: a)!) }
private func activation(_ code: UInt8) throws -> Activation {
  guard Int(code) < activationOrder.count else {
    throw EngineError.malformedModel("unknown activation code \(code)")
  }
  return activationOrder[Int(code)]
}
