import Kernels
import TensorEngine

/// How closely an integer model matches the fake-quant simulation it was converted from.
public struct IntegerSimulationComparison: Sendable, Equatable {
  /// Images compared.
  public var count: Int
  /// Fraction of images on which both predict the same class.
  public var agreement: Double
  /// Accuracy of the integer model and of the simulation on the split's labels.
  public var integerAccuracy: Double
  public var simulationAccuracy: Double
  /// The largest |integer logit - simulated logit| over all images and classes, in real
  /// units (the simulation's logits are its pre-softmax outputs).
  public var maxLogitDifference: Double
}

/// Runs `integer` and the fake-quant float model `quantized.model` on `split` and compares
/// their logits and predictions (arg-max, first index on ties, for both).
///
/// The simulation runs through the ordinary engine with its quantization hooks, its final
/// softmax removed so that its logits are comparable.
/// - Throws: when the models' input or output shapes differ from each other or the split's.
public func compareWithSimulation(
  _ integer: IntegerModel, _ quantized: QuantizedModel, on split: Split, batchSize: Int = 256,
  threads: Int = 1
) throws -> IntegerSimulationComparison {
  try compareWithSimulation(
    integer.run(on: split, batchSize: batchSize, threads: threads), of: integer, quantized,
    on: split, batchSize: batchSize, threads: threads)
}

/// `compareWithSimulation` for an integer model whose outputs on `split` are already known
/// (`result`, from `integer.run(on: split)`): only the simulation runs.
public func compareWithSimulation(
  _ result: IntegerInferenceResult, of integer: IntegerModel, _ quantized: QuantizedModel,
  on split: Split, batchSize: Int = 256, threads: Int = 1
) throws -> IntegerSimulationComparison {
  let simulation = try logitModel(quantized.model)
  let classes = integer.classCount
  guard simulation.outputShape.reduce(1, *) == classes, simulation.inputShape == integer.inputShape
  else {
    throw QuantizationError(
      .shapeMismatch,
      "comparison: the integer model maps \(integer.inputShape) to \(classes) logits, the "
        + "simulation \(simulation.inputShape) to \(simulation.outputShape)")
  }
  guard result.predictions.count == split.count, result.classCount == classes else {
    throw QuantizationError(
      .shapeMismatch,
      "comparison: the integer outputs cover \(result.predictions.count) images of "
        + "\(result.classCount) classes, the split has \(split.count) images")
  }
  let logits = try outputs(of: simulation, on: split, batchSize: batchSize, threads: threads)
  var agree = 0
  var simulationCorrect = 0
  var largest = 0.0
  for s in 0..<split.count {
    let row = s * classes
    let best = logits.withUnsafeBufferPointer {
      indexOfMaximum($0.baseAddress! + row, count: classes)
    }
    for c in 0..<classes {
      largest = max(largest, Double(abs(result.logits[row + c] - logits[row + c])))
    }
    if best == result.predictions[s] { agree += 1 }
    if best == Int(split.labels[s]) { simulationCorrect += 1 }
  }
  let n = Double(max(split.count, 1))
  return IntegerSimulationComparison(
    count: split.count, agreement: Double(agree) / n, integerAccuracy: result.accuracy,
    simulationAccuracy: Double(simulationCorrect) / n, maxLogitDifference: largest)
}

/// `model` without its final softmax (trailing dropouts dropped too), hooks kept: its output
/// is the logits the integer model computes.
func logitModel(_ model: Sequential) throws -> Sequential {
  var layers = model.layers
  while let last = layers.last, case .dropout = last.kind { layers.removeLast() }
  if let last = layers.last {
    switch last.kind {
    case .activation(.softmax):
      layers.removeLast()
    case .dense(let units, .softmax):
      layers[layers.count - 1].kind = .dense(units: units, activation: .linear)
    case .conv2d(let filters, let kernel, let stride, let padding, .softmax):
      layers[layers.count - 1].kind = .conv2d(
        filters: filters, kernel: kernel, stride: stride, padding: padding, activation: .linear)
    default:
      break
    }
  }
  return try Sequential(
    inputShape: model.inputShape, layers: layers, inputEncoding: model.inputEncoding)
}
