import Quantization
import TensorEngine

extension FloatExport {
  /// The weight input of a conv (OIHW) or dense (`[in, out]`) node: int8 codes through
  /// DequantizeLinear when `record` holds affine codes per tensor or per output channel,
  /// else the float weights the engine uses (the weight transform applied, if any).
  static func weights(
    _ layer: Layer, _ record: LayerQuantizationRecord?, conv: Bool, index: Int,
    _ g: inout GraphBuilder, _ at: String
  ) throws -> String {
    guard let tensor = layer.weights else { throw ExportError("\(at): it has no weights") }
    let shape = tensor.shape
    let base = (conv ? "conv" : "dense") + "\(index)_weight"
    // HWIO -> OIHW for a conv; `[in, out]` stays.
    func ordered<T>(_ values: [T]) -> ([T], [Int]) {
      guard conv, shape.count == 4 else { return (values, shape) }
      let (kh, kw, ci, co) = (shape[0], shape[1], shape[2], shape[3])
      let out = GraphBuilder.oihw([co, ci, kh, kw]) { o, i, y, x in
        values[((y * kw + x) * ci + i) * co + o]
      }
      return (out, [co, ci, kh, kw])
    }
    if let q = record?.weights, let perChannel = affineLayout(q, outputAxis: shape.count - 1) {
      let (codes, dims) = ordered(q.codes.map { Int8($0) })
      let codesName = g.int8s(base + "_codes", codes, dims: dims)
      let grid = g.grid(
        base, scales: q.scales, zeroPoints: q.zeroPoints.map { Int8($0) },
        axis: perChannel ? (conv ? 0 : 1) : nil)
      return g.node(
        "DequantizeLinear", [codesName, grid.scale, grid.zero], output: base, grid.attributes)
    }
    let (data, dims) = ordered(computed(layer, tensor))
    return g.floats(base, data, dims: dims)
  }

  /// `tensor`'s values as the engine computes with them: through the layer's weight transform
  /// (QAT's fake quantization) when it has one.
  static func computed(_ layer: Layer, _ tensor: Tensor) -> [Float] {
    layer.weightTransform?.fakeQuantize(tensor.data, shape: tensor.shape) ?? tensor.data
  }

  /// When `q`'s values are `scale * (code - zeroPoint)` with int8 codes and zero points: true
  /// for one scale per output channel (`outputAxis`), false for one per tensor; nil otherwise
  /// (per group, codebooks).
  static func affineLayout(_ q: QuantizedWeights, outputAxis: Int) -> Bool? {
    guard !q.method.usesCodebook, !q.scales.isEmpty, q.scales.count == q.zeroPoints.count,
      q.codes.count == q.values.count,
      q.codes.allSatisfy({ (-128...127).contains($0) }),
      q.zeroPoints.allSatisfy({ (-128...127).contains($0) })
    else { return nil }
    if q.groups.groupCount == 1 { return false }
    guard q.groups.channelAxis == outputAxis, q.groups.groupsPerChannel == 1,
      q.groups.groupCount == q.groups.channelCount
    else { return nil }
    return true
  }

  /// Fake quantization of an activation on `grid`: Clip to the grid's real range when its codes
  /// are narrower than int8, then QuantizeLinear + DequantizeLinear (scale, int8 zero point).
  static func fakeQuantize(
    _ x: GraphBuilder.Activation, _ grid: LinearParameters, _ g: inout GraphBuilder,
    _ name: String, _ at: String
  ) throws -> GraphBuilder.Activation {
    guard grid.codes.lowerBound >= -128, grid.codes.upperBound <= 127,
      grid.codes.contains(grid.zeroPoint), grid.scale.isFinite, grid.scale > 0
    else {
      throw ExportError(
        "\(at): its activation codes \(grid.codes) do not fit int8; export supports at most 8 bits")
    }
    var input = x.name
    if grid.codes != -128...127 {
      let low = g.floatScalar(name + "_min", grid.value(grid.codes.lowerBound))
      let high = g.floatScalar(name + "_max", grid.value(grid.codes.upperBound))
      input = g.node("Clip", [input, low, high], output: name + "_clipped")
    }
    let scale = g.floatScalar(name + "_scale", grid.scale)
    let zero = g.int8Scalar(name + "_zero_point", Int8(grid.zeroPoint))
    let q = g.node("QuantizeLinear", [input, scale, zero], output: name + "_q")
    var y = x
    y.name = g.node("DequantizeLinear", [q, scale, zero], output: name + "_dq")
    return y
  }
}
