import Kernels

/// Per-sample shape rules of every layer kind; all errors name the layer.
enum Shapes {
  /// The most values one per-sample tensor or weight tensor may hold (2^31); a larger size
  /// from a model description is refused instead of reaching an allocation that traps.
  static let maxElements = 1 << 31

  /// The product of `dims`, computed with overflow checks.
  /// - Throws: `EngineError.invalidArgument` naming `what` when it exceeds `maxElements`.
  static func checkedCount(_ dims: [Int], _ what: String) throws -> Int {
    var count = 1
    for d in dims {
      let (p, overflow) = count.multipliedReportingOverflow(by: d)
      guard !overflow, p <= maxElements else {
        throw EngineError.invalidArgument("\(what) \(dims) holds more than 2^31 values")
      }
      count = p
    }
    return count
  }

  /// The convolution or pooling geometry of a layer on a batch of `batch` samples of `input`.
  static func geometry(
    batch: Int, input: [Int], kernel: Int, stride: Int, padding: Padding
  ) -> ConvGeometry {
    let (t, l, b, r) = padding.amounts(
      height: input[0], width: input[1], kernel: kernel, stride: stride)
    return ConvGeometry(
      batch: batch, height: input[0], width: input[1], channels: input[2],
      kernelHeight: kernel, kernelWidth: kernel, strideY: stride, strideX: stride,
      padTop: t, padLeft: l, padBottom: b, padRight: r)
  }

  /// The window geometry of a conv or pooling layer (pools unpadded) on `batch` samples of
  /// `input`, or nil for other layers.
  static func geometry(of kind: LayerKind, batch: Int, input: [Int]) -> ConvGeometry? {
    switch kind {
    case .conv2d(_, let kernel, let stride, let padding, _):
      return geometry(batch: batch, input: input, kernel: kernel, stride: stride, padding: padding)
    case .maxPool(let size, let stride), .avgPool(let size, let stride):
      return geometry(batch: batch, input: input, kernel: size, stride: stride, padding: .valid)
    default:
      return nil
    }
  }

  /// The per-sample output shape of `kind` on `input`; throws when it does not fit.
  static func output(of kind: LayerKind, input: [Int], index: Int) throws -> [Int] {
    let at = "layer \(index) (\(kind.name))"
    func needImage() throws {
      guard input.count == 3 else {
        throw EngineError.shapeMismatch(
          "\(at) needs an image input [height, width, channels], got \(input); "
            + "remove the flatten before it or move it later")
      }
    }
    func positive(_ value: Int, _ what: String) throws {
      guard value >= 1 else {
        throw EngineError.invalidArgument("\(at): \(what) must be >= 1, got \(value)")
      }
    }
    switch kind {
    case .conv2d(let filters, let kernel, let stride, let padding, _):
      try needImage()
      try positive(filters, "filters")
      try positive(kernel, "kernel")
      try positive(stride, "stride")
      if padding == .valid && (kernel > input[0] || kernel > input[1]) {
        throw EngineError.shapeMismatch(
          "\(at): kernel \(kernel)x\(kernel) is larger than its input \(input[0])x\(input[1])")
      }
      let g = geometry(batch: 1, input: input, kernel: kernel, stride: stride, padding: padding)
      return [g.outHeight, g.outWidth, filters]
    case .maxPool(let size, let stride), .avgPool(let size, let stride):
      try needImage()
      try positive(size, "pool size")
      try positive(stride, "stride")
      guard size <= input[0] && size <= input[1] else {
        throw EngineError.shapeMismatch(
          "\(at): window \(size)x\(size) is larger than its input \(input[0])x\(input[1])")
      }
      return [(input[0] - size) / stride + 1, (input[1] - size) / stride + 1, input[2]]
    case .flatten:
      return [try checkedCount(input, "\(at) input")]
    case .dense(let units, _):
      try positive(units, "units")
      guard input.count == 1 else {
        throw EngineError.shapeMismatch(
          "\(at) needs a flat input [features], got \(input); add flatten() before it")
      }
      return [units]
    case .dropout(let rate):
      guard rate >= 0 && rate < 1 else {
        throw EngineError.invalidArgument("\(at): rate must be in [0, 1), got \(rate)")
      }
      return input
    case .batchNorm(let momentum, let epsilon):
      guard momentum >= 0 && momentum < 1 && epsilon > 0 else {
        throw EngineError.invalidArgument(
          "\(at): momentum must be in [0, 1) and epsilon > 0, got \(momentum), \(epsilon)")
      }
      return input
    case .activation:
      return input
    case .embedding(let vocabulary, let width):
      try positive(vocabulary, "vocabulary")
      try positive(width, "width")
      guard index == 0, input.count == 1 else {
        throw EngineError.shapeMismatch(
          "\(at) must be the first layer, on an input of [tokens]; got \(input) at layer \(index)")
      }
      return [input[0], width]
    case .recurrent(_, let units):
      try positive(units, "units")
      guard input.count == 2 else {
        throw EngineError.shapeMismatch(
          "\(at) needs a sequence [steps, features] from an embedding, got \(input)")
      }
      return [units]
    }
  }

  /// Shapes of `(weights, bias)` of `kind` on `input`, or nil for a layer without parameters.
  static func parameters(of kind: LayerKind, input: [Int]) -> (weights: [Int], bias: [Int]?)? {
    switch kind {
    case .conv2d(let filters, let kernel, _, _, _):
      return ([kernel, kernel, input[2], filters], [filters])
    case .dense(let units, _):
      return ([input[0], units], [units])
    case .batchNorm:
      return ([input[input.count - 1]], [input[input.count - 1]])
    case .embedding(let vocabulary, let width):
      return ([vocabulary, width], nil)
    case .recurrent(let cell, let units):
      let width = cell.gateCount * units
      return ([input[input.count - 1] + units, width], cell == .gru ? [2, width] : [width])
    default:
      return nil
    }
  }
}
