import Kernels
import TensorEngine

extension IntegerModel {
  /// The integer form of a post-training quantized model: the same weight codes and scales
  /// (`LayerQuantizationRecord.weights`) and the same activation grids (the fake quantizers
  /// `quantized` attached from its calibrated `activationRanges`), so that it computes the
  /// fake-quant simulation `Q_out(act(W_q x_q + b))` layer by layer, with integer rounding.
  ///
  /// Requirements, each a thrown `QuantizationError` naming the layer when unmet:
  /// - every conv/dense layer's weights are linear symmetric per output channel with 2...8
  ///   bits (2...4 bits are packed as int4, 5...8 as int8); no layer kept in float;
  /// - activations were quantized (not weights only) with at most 8 bits, so every conv,
  ///   dense and activation layer has its grid;
  /// - layers are conv2d, dense, max-pool, flatten, dropout (dropped: identity at inference)
  ///   and standalone relu/linear activations; activations relu or linear, and softmax only at
  ///   the end (dropped: the argmax is the same). Batch norm must be folded (the default).
  ///
  /// A final dense (or conv) ending in softmax has no activation grid in the simulation (it
  /// leaves softmax's input in float), so it writes int32 accumulators, dequantized exactly.
  public init(converting quantized: QuantizedModel) throws {
    let model = quantized.model
    let records = Dictionary(
      quantized.layers.map { ($0.layerIndex, $0) }, uniquingKeysWith: { first, _ in first })
    let input = try IntegerInputEncoding(model.inputEncoding)
    var grid = input.grid
    var layers: [IntegerLayer] = []
    for (i, layer) in model.layers.enumerated() {
      let number = writtenLayerNumber(i, records: quantized.layers)
      let at = "cannot convert layer \(number) (\(layer.kind.name)) to integers"
      let inShape = model.inputShape(ofLayer: i)
      let outShape = model.layerShapes[i]
      let trailingOnlyDropout = model.layers[(i + 1)...].allSatisfy {
        if case .dropout = $0.kind { return true } else { return false }
      }
      func outputGrid() throws -> LinearParameters {
        guard let quantizer = layer.outputTransform as? ActivationQuantizer else {
          throw QuantizationError(
            .unsupported,
            "\(at): it has no activation range (the model was quantized weights only); "
              + "quantize with activations and a calibration split")
        }
        let p = quantizer.parameters
        guard p.codes.lowerBound >= -128, p.codes.upperBound <= 127 else {
          throw QuantizationError(
            .unsupported,
            "\(at): its activations use \(quantizer.bits) bits; the integer engine runs at most 8")
        }
        return p
      }
      /// Appends this layer as `operation` on the current input grid.
      func append(
        _ operation: IntegerLayer.Operation, _ converted: ConvertedWeights? = nil,
        output: IntegerLayerOutput? = nil
      ) {
        layers.append(
          IntegerLayer(
            operation: operation, inputShape: inShape, outputShape: outShape,
            inputZeroPoint: grid.zeroPoint, weights: converted?.weights,
            bias: converted?.bias ?? [], output: output))
      }
      switch layer.kind {
      case .conv2d(_, _, _, _, let activation), .dense(_, let activation):
        var operation = IntegerLayer.Operation.dense
        if case .conv2d(_, let kernel, let stride, let padding, _) = layer.kind {
          let (t, l, b, r) = padding.amounts(
            height: inShape[0], width: inShape[1], kernel: kernel, stride: stride)
          operation = .conv2d(
            kernel: kernel, stride: stride, padTop: t, padLeft: l, padBottom: b, padRight: r)
        }
        guard let record = records[i] else {
          throw QuantizationError(
            .unsupported,
            "\(at): its weights are kept in float; remove it from the float layers")
        }
        let converted = try convertWeights(
          record, bias: layer.bias?.data ?? [], inputScale: grid.scale, at)
        switch activation {
        case .relu, .linear:
          let g = try outputGrid()
          let multipliers = converted.accumulatorScales.map { $0 / Double(g.scale) }
          let s = try stage(multipliers, grid: g, relu: activation == .relu, at)
          append(operation, converted, output: .requantized(s, grid: g))
          grid = g
        case .softmax where trailingOnlyDropout:
          append(
            operation, converted,
            output: .accumulators(scales: converted.accumulatorScales.map { Float($0) }))
        default:
          throw unsupportedActivation(activation, at)
        }
      case .maxPool(let size, let stride):
        append(.maxPool(size: size, stride: stride))
      case .flatten:
        append(.flatten)
      case .dropout:
        continue
      case .activation(let activation):
        switch activation {
        case .relu, .linear:
          let g = try outputGrid()
          let real = Double(grid.scale) / Double(g.scale)
          let channels = inShape.last ?? 1
          let s = try stage(
            [Double](repeating: real, count: channels), grid: g, relu: activation == .relu, at)
          append(.requantize(relu: activation == .relu), output: .requantized(s, grid: g))
          grid = g
        case .softmax where trailingOnlyDropout:
          continue
        default:
          throw unsupportedActivation(activation, at)
        }
      case .avgPool, .batchNorm:
        throw QuantizationError(
          .unsupported,
          "\(at): the integer engine runs conv2d, dense, max_pool, flatten, dropout and relu; "
            + (layer.kind.name == "batch_norm"
              ? "a batch norm is folded only right after a conv2d or dense without activation "
                + "(fold_batchnorm: true, the default): move it there"
              : "replace average pooling by max pooling"))
      case .embedding, .recurrent:
        throw QuantizationError(
          .unsupported,
          "\(at): the integer engine does not run embeddings and recurrent layers yet")
      }
    }
    try self.init(inputShape: model.inputShape, input: input, layers: layers)
  }
}

/// The 1-based number of layer `index` of a quantized model in the model as written (as
/// `summary` numbers it): every batch norm folded into a layer before `index` shifts it by one.
func writtenLayerNumber(_ index: Int, records: [LayerQuantizationRecord]) -> Int {
  index + 1 + records.filter { $0.layerIndex < index && $0.foldedBatchNorm }.count
}

/// The integer parts of one conv/dense layer: packed codes, int32 bias, per-channel scales.
struct ConvertedWeights {
  var weights: PackedIntegerWeights
  var bias: [Int32]
  /// `s_in * s_w[c]` per channel, in Double.
  var accumulatorScales: [Double]
}

/// Checks the record's method, transposes its HWIO (or in x out) codes to `n x k` and packs
/// them, and rounds the bias onto the accumulator grid.
private func convertWeights(
  _ record: LayerQuantizationRecord, bias: [Float], inputScale: Float, _ at: String
) throws -> ConvertedWeights {
  let q = record.weights
  guard case .linear(.symmetric, .perChannel) = q.method, (2...8).contains(q.bits),
    q.groups.channelAxis == q.shape.count - 1
  else {
    throw QuantizationError(
      .unsupported,
      "\(at): its weights are \(q.bits)-bit \(q.method); the integer engine needs linear "
        + "symmetric per-channel weights of 2 to 8 bits on the output-channel axis")
  }
  let n = q.groups.channelCount
  let k = q.groups.reductionLength
  guard q.codes.count == n * k, q.scales.count == n, bias.count == n else {
    throw QuantizationError(
      .shapeMismatch,
      "\(at): \(q.codes.count) codes, \(q.scales.count) scales and \(bias.count) biases for \(n) "
        + "channels of depth \(k)"
    )
  }
  // Codes are row-major [k, n] (HWIO flattened: depth (ky, kx, c_in) then channel).
  var rows = [Int8](repeating: 0, count: n * k)
  for d in 0..<k {
    for c in 0..<n { rows[c * k + d] = Int8(clamping: q.codes[d * n + c]) }
  }
  let weights: PackedIntegerWeights
  do {
    weights = try PackedIntegerWeights(
      weights: rows, outputChannels: n, depth: k, bits: q.bits <= 4 ? 4 : 8)
  } catch {
    throw QuantizationError(.invalidArgument, "\(at): \(error)")
  }
  let scales = q.scales.map { Double(inputScale) * Double($0) }
  let intBias = zip(bias, scales).map { b, s -> Int32 in
    let r = (Double(b) / s).rounded(.toNearestOrAwayFromZero)
    return Int32(max(min(r, Double(Int32.max)), Double(Int32.min)))
  }
  return ConvertedWeights(
    weights: weights, bias: intBias, accumulatorScales: scales)
}

/// TensorFlow's "same" padding `(top, left, bottom, right)`: `out = ceil(in / stride)`, the
/// odd extra row/column at the bottom/right; all zero for "valid".

/// The requantization stage onto `grid`: real multipliers per channel, the grid's zero point,
/// clamped to its code range and, with a fused ReLU, from the zero point (real 0) up.
private func stage(
  _ realMultipliers: [Double], grid: LinearParameters, relu: Bool, _ at: String
) throws -> RequantizationStage {
  let low = relu ? max(grid.codes.lowerBound, grid.zeroPoint) : grid.codes.lowerBound
  do {
    return try RequantizationStage(
      realMultipliers: realMultipliers, outputZeroPoint: grid.zeroPoint,
      outputMin: Int8(clamping: low), outputMax: Int8(clamping: grid.codes.upperBound))
  } catch {
    throw QuantizationError(.invalidArgument, "\(at): \(error)")
  }
}

private func unsupportedActivation(_ activation: Activation, _ at: String) -> QuantizationError {
  QuantizationError(
    .unsupported,
    activation == .softmax
      ? "\(at): softmax is only supported at the end of the model"
      : "\(at): activation \(activation.rawValue) has no integer form here; use relu or linear")
}
