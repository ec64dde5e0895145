import TensorEngine

/// Whether a layer's output gets an activation quantizer: layers that compute new values
/// (conv, dense, batch norm, activations, average pooling). Max pooling, flatten and dropout
/// only move or drop values already on the previous grid. Softmax outputs are left in float:
/// they feed the arg-max, where rounding would create ties.
func quantizesOutput(_ kind: LayerKind) -> Bool {
  if kind.activation == .softmax { return false }
  switch kind {
  case .conv2d, .dense, .batchNorm, .activation, .avgPool: return true
  case .maxPool, .flatten, .dropout: return false
  // Token lookups and recurrent states: their own quantization (per gate) is not here yet.
  case .embedding, .recurrent: return false
  }
}

/// Histograms of every selected layer's output over the first `samples` images of `split`,
/// run through `model` in inference mode (batches of 64 images, so memory stays bounded).
///
/// - Returns: one histogram per layer of `model`; nil for layers not selected.
func observeActivations(
  _ model: Sequential, on split: Split, samples: Int, binCount: Int, threads: Int = 1,
  select: (Int) -> Bool
) throws -> [ActivationHistogram?] {
  let count = Swift.min(samples, split.count)
  guard count > 0 else {
    throw QuantizationError(.emptyInput, "activation calibration: the calibration split is empty")
  }
  var histograms: [ActivationHistogram?] = try model.layers.indices.map {
    select($0) ? try ActivationHistogram(binCount: binCount) : nil
  }
  let batch = 64
  for start in stride(from: 0, to: count, by: batch) {
    let inputs = model.encodeInputs(split, range: start..<Swift.min(start + batch, count))
    let outputs = try model.layerOutputs(inputs, threads: threads)
    for i in histograms.indices where histograms[i] != nil {
      try histograms[i]!.observe(outputs[i].data)
    }
  }
  return histograms
}

/// Calibrates and attaches activation quantizers to `model`'s selected layers.
///
/// Ranges come from the float model (every layer observed at once, before any activation is
/// quantized), as TFLite's post-training calibration does.
/// - Returns: the calibration result of each layer (nil where no quantizer was attached).
func attachActivationQuantizers(
  to model: inout Sequential, settings: ActivationQuantization, calibration: Split,
  samples: Int, threads: Int = 1
) throws -> [CalibrationResult?] {
  let histograms = try observeActivations(
    model, on: calibration, samples: samples, binCount: settings.binCount, threads: threads,
    select: { quantizesOutput(model.layers[$0].kind) })
  return try histograms.enumerated().map { i, histogram in
    guard let histogram else { return nil }
    let range = try histogram.calibrate(settings.calibration, bits: settings.bits)
    let quantizer = try ActivationQuantizer(
      range: range.range, bits: settings.bits, scheme: settings.scheme)
    try model.setTransforms(layer: i, weights: model.layers[i].weightTransform, output: quantizer)
    return range
  }
}
