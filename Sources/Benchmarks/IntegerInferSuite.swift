import Foundation
import Kernels
import Quantization
import TensorEngine

/// `infer`: the integer engine on real Fashion-MNIST. Trains the seed CNN for one epoch
/// (Adam 1e-3, batch 32), quantizes it post-training (int8 and int4 per-channel weights, 8-bit
/// activations calibrated min-max on 512 training images), converts both to `IntegerModel`s,
/// then measures at batch 256 on the 10,000 test images: images/s of float, int8, int4 and
/// int8-on-reference-kernels inference, and int8 at batch 1; agreement of each integer model
/// with its fake-quant simulation; fast-vs-reference identical outputs on every kernel path
/// the CPU has; and model bytes.
let integerInferSuite = BenchSuite(
  name: "infer",
  summary: "seed CNN int8/int4 integer inference images/s vs float, agreement with simulation"
) { options in
  let data = try BenchData.fashionMNIST(options)
  let threads = options.threads
  let test = data.test
  options.progress("infer: training the seed CNN for 1 epoch")
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
    figures.append(
      BenchFigure(suite: "infer", name: name, value: value, unit: unit, note: note))
  }
  // The machine is shared: the three engines are timed in interleaved rounds (float, int8,
  // int4, float, ...) so that a burst of load from elsewhere hits them alike; medians of
  // wall time, and the process CPU time per run, which load from other processes barely moves.
  let timed =
    "\(test.count) images, batch 256, \(threads) thread(s)"
    + ", median of \(options.repeats) interleaved rounds"
  let engines: [(name: String, run: () throws -> Void)] = [
    ("float32 engine", { _ = try evaluate(float, on: test, batchSize: 256, threads: threads) }),
    ("int8 fast kernels", { _ = try int8.run(on: test, batchSize: 256, threads: threads) }),
    ("int4 fast kernels", { _ = try int4.run(on: test, batchSize: 256, threads: threads) }),
  ]
  var wall = [[Double]](repeating: [], count: engines.count)
  var cpu = [[Double]](repeating: [], count: engines.count)
  for engine in engines { try engine.run() }  // warm-up
  for round in 0..<max(1, options.repeats) {
    options.progress("infer: timing round \(round + 1)")
    for (e, engine) in engines.enumerated() {
      let cpuStart = processCPUSeconds()
      wall[e].append(try Stopwatch.seconds(engine.run))
      cpu[e].append(processCPUSeconds() - cpuStart)
    }
  }
  let rate = wall.map { Double(test.count) / Stopwatch.median($0) }
  for (e, engine) in engines.enumerated() {
    figure(engine.name, rate[e], "images/s", timed)
    figure(
      "\(engine.name) CPU time", 1e6 * Stopwatch.median(cpu[e]) / Double(test.count),
      "us/image", "process CPU time, all threads")
  }
  let floatRate = rate[0]
  let rates = [8: rate[1], 4: rate[2]]
  figure("int8 / float32 speed", rates[8]! / floatRate, "x", "target >= 1.5")
  figure("int4 / int8 speed", rates[4]! / rates[8]!, "x", "target >= 0.85")

  // Batch 1: one image per forward pass, where per-call overhead (allocation, thread
  // wake-up, packing) shows; median of the repeats.
  options.progress("infer: int8 at batch 1")
  let batchOne = try Stopwatch.medianSeconds(repeats: options.repeats) {
    _ = try int8.run(on: test, batchSize: 1, threads: threads)
  }
  figure(
    "int8 fast kernels, batch 1", Double(test.count) / batchOne, "images/s",
    "\(test.count) images one at a time, \(threads) thread(s), median of \(options.repeats)")

  options.progress("infer: int8 on the reference kernels (one run)")
  let fast = try int8.run(on: test, batchSize: 256, threads: threads)
  var reference: IntegerInferenceResult? = nil
  let referenceSeconds = try Stopwatch.seconds {
    reference = try int8.run(on: test, batchSize: 256, threads: threads, useReferenceKernels: true)
  }
  figure(
    "int8 reference kernels", Double(test.count) / referenceSeconds, "images/s",
    "\(test.count) images, one run")
  let identical = identicalRows(fast.outputs, reference!.outputs, classes: int8.classCount)
  figure(
    "int8 fast == reference", Double(identical), "images",
    "of \(test.count), kernels \(KernelDispatch.current.rawValue)")
  // Every other kernel path this CPU has, against the same reference run.
  let chosen = KernelDispatch.current
  defer { try? KernelDispatch.select(chosen) }
  for path in KernelPath.allCases where path != chosen && path.isSupported(on: .host) {
    options.progress("infer: int8 on the \(path.rawValue) kernels")
    try KernelDispatch.select(path)
    let other = try int8.run(on: test, batchSize: 256, threads: threads)
    let same = identicalRows(other.outputs, reference!.outputs, classes: int8.classCount)
    figure("int8 fast == reference, \(path.rawValue)", Double(same), "images", "of \(test.count)")
  }

  for (bits, model, q) in [(8, int8, q8), (4, int4, q4)] {
    options.progress("infer: int\(bits) against its simulation")
    let c = try compareWithSimulation(model, q, on: test, threads: threads)
    figure(
      "int\(bits) agreement with simulation", 100 * c.agreement, "%",
      String(
        format: "accuracy integer %.2f%%, simulation %.2f%%; max |logit diff| %.4f",
        100 * c.integerAccuracy, 100 * c.simulationAccuracy, c.maxLogitDifference))
  }
  let floatAccuracy = try evaluate(float, on: test, threads: threads).accuracy
  figure("float32 accuracy (1 epoch)", 100 * floatAccuracy, "%")
  figure(
    "float32 model bytes", Double(float.serialized().count), "bytes", "Sequential.serialized()")
  figure(
    "int8 model bytes", Double(int8.serializedByteCount), "bytes", integerRequantizationRoundingRule
  )
  figure("int4 model bytes", Double(int4.serializedByteCount), "bytes")
  return figures
}

/// How many rows of `classes` outputs (samples) are the same in `a` and `b`.
func identicalRows<T: Equatable>(_ a: [T], _ b: [T], classes c: Int) -> Int {
  (0..<(a.count / c)).filter { s in a[(s * c)..<((s + 1) * c)] == b[(s * c)..<((s + 1) * c)] }
    .count
}

/// CPU seconds used by this process so far (all threads).
func processCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
