import TensorEngine

/// `sensitivitySweep` for a word model: quantizes one layer at a time (the embedding table,
/// the recurrent layer's W and U together, the dense head), each symmetric per output column
/// at `bits` with `LinearQuantizer` (the embedding per table column, the recurrent matrices
/// per gate and unit, each matrix on its own), every other layer float, and reports each
/// layer's weight SQNR and the accuracy on `split`.
///
/// - Returns: one entry per quantized layer, in layer order (embedding, recurrent, dense).
public func recurrentSensitivitySweep(
  _ model: Sequential, on split: Split, bits: Int, threads: Int = 1
) throws -> [LayerSensitivity] {
  let (at, plain, float) = try RecurrentModelLayers.parts(model)
  let quantizer = LinearQuantizer(bits: bits, scheme: .symmetric, granularity: .perChannel)
  let width = float.recurrent.cell.gateCount * float.recurrent.hidden
  let reference = try evaluate(plain, on: split, threads: threads)
  var results: [LayerSensitivity] = []
  for index in [at.embedding, at.recurrent, at.dense] {
    let layer = plain.layers[index]
    guard let weights = layer.weights else { continue }
    let values: [Float]
    if index == at.recurrent {
      let kernel = try quantizer.quantize(
        float.recurrent.kernel, shape: [float.recurrent.inputWidth, width])
      let recurrent = try quantizer.quantize(
        float.recurrent.recurrentKernel, shape: [float.recurrent.hidden, width])
      values = kernel.values + recurrent.values
    } else {
      values = try quantizer.quantize(weights.data, shape: weights.shape).values
    }
    var one = plain
    try one.setParameters(
      layer: index, weights: try Tensor(shape: weights.shape, data: values), bias: layer.bias)
    let e = try evaluate(one, on: split, threads: threads)
    var signal = 0.0
    var noise = 0.0
    for (w, q) in zip(weights.data, values) {
      signal += Double(w) * Double(w)
      noise += (Double(w) - Double(q)) * (Double(w) - Double(q))
    }
    results.append(
      LayerSensitivity(
        layerIndex: index, name: layer.kind.name, bits: bits,
        sqnrDecibels: decibels(signal, noise), accuracy: e.accuracy,
        accuracyDrop: reference.accuracy - e.accuracy,
        agreement: Evaluation.agreement(reference.predictions, e.predictions)))
  }
  return results
}
