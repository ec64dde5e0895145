import Foundation
import Kernels
import Quantization
import TensorEngine

/// `infer-int`: the integer engine on real Fashion-MNIST. Trains the seed CNN for one epoch
/// (Adam 1e-3, batch 32), quantizes it post-training (int8 and int4 per-channel weights, 8-bit
/// activations calibrated min-max on 512 training images), converts both to `IntegerModel`s,
/// then measures at batch 256 on the 10,000 test images: images/s of float, int8, int4 and
/// int8-on-reference-kernels inference; agreement of each integer model with its fake-quant
/// simulation; fast-vs-reference identical outputs; and model bytes.
let integerInferSuite = BenchSuite(
  name: "infer-int",
  summary: "seed CNN int8/int4 integer inference images/s vs float, agreement with simulation"
) { options in
  let data = try BenchData.fashionMNIST(options)
  let threads = options.threads
  let test = data.test
  options.progress("infer-int: training the seed CNN for 1 epoch")
  let float = try train(
    try Sequential.seedCNN(seed: 1), on: data.train,
    options: TrainingOptions(epochs: 1, batchSize: 32, seed: 1, threads: threads)
  ).model
  func quantized(bits: Int) throws -> QuantizedModel {
    try quantize(
      float,
      config: QuantizationConfig(
        weights: .linear(LinearQuantizer(bits: bits)), activations: ActivationQuantization()),
      calibration: data.train, threads: threads)
  }
  let q8 = try quantized(bits: 8)
  let q4 = try quantized(bits: 4)
  let int8 = try IntegerModel(converting: q8)
  let int4 = try IntegerModel(converting: q4)

  var figures: [BenchFigure] = []
  func figure(_ name: String, _ value: Double, _ unit: String, _ note: String = "") {
    figures.append(BenchFigure(suite: "infer-int", name: name, value: value, unit: unit, note: note))
  }
  let timed = "\(test.count) images, batch 256, \(threads) thread(s), median of \(options.repeats)"
  options.progress("infer-int: float inference")
  let floatSeconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
    _ = try evaluate(float, on: test, batchSize: 256, threads: threads)
  }
  let floatRate = Double(test.count) / floatSeconds
  figure("float32 engine", floatRate, "images/s", timed)
  var rates: [Int: Double] = [:]
  for (bits, model) in [(8, int8), (4, int4)] {
    options.progress("infer-int: int\(bits) inference")
    let seconds = try Stopwatch.medianSeconds(repeats: options.repeats) {
      _ = try model.run(on: test, batchSize: 256, threads: threads)
    }
    rates[bits] = Double(test.count) / seconds
    figure("int\(bits) fast kernels", rates[bits]!, "images/s", timed)
  }
  figure("int8 / float32 speed", rates[8]! / floatRate, "x", "target >= 1.5")
  figure("int4 / int8 speed", rates[4]! / rates[8]!, "x", "target >= 0.85")

  options.progress("infer-int: int8 on the reference kernels (one run)")
  let fast = try int8.run(on: test, batchSize: 256, threads: threads)
  var reference: IntegerInferenceResult? = nil
  let referenceSeconds = try Stopwatch.seconds {
    reference = try int8.run(on: test, batchSize: 256, threads: threads, useReferenceKernels: true)
  }
  figure(
    "int8 reference kernels", Double(test.count) / referenceSeconds, "images/s",
    "\(test.count) images, one run")
  let identical = (0..<test.count).filter { s in
    let c = int8.classCount
    return fast.outputs[(s * c)..<((s + 1) * c)] == reference!.outputs[(s * c)..<((s + 1) * c)]
  }.count
  figure("int8 fast == reference", Double(identical), "images", "of \(test.count)")

  for (bits, model, q) in [(8, int8, q8), (4, int4, q4)] {
    options.progress("infer-int: int\(bits) against its simulation")
    let c = try compareWithSimulation(model, q, on: test, threads: threads)
    figure(
      "int\(bits) agreement with simulation", 100 * c.agreement, "%",
      String(format: "accuracy integer %.2f%%, simulation %.2f%%; max |logit diff| %.4f",
        100 * c.integerAccuracy, 100 * c.simulationAccuracy, c.maxLogitDifference))
  }
  let floatAccuracy = try evaluate(float, on: test, threads: threads).accuracy
  figure("float32 accuracy (1 epoch)", 100 * floatAccuracy, "%")
  figure("float32 model bytes", Double(float.serialized().count), "bytes", "Sequential.serialized()")
  figure("int8 model bytes", Double(int8.serializedByteCount), "bytes", integerRequantizationRoundingRule)
  figure("int4 model bytes", Double(int4.serializedByteCount), "bytes")
  return figures
}
