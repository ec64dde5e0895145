import Kernels

/// A word classifier in integer arithmetic: an int8 embedding lookup, `IntegerRecurrentLayer`,
/// and a dense head through the integer GEMM with int32 accumulators.
///
/// Logits: `logit[c] = logitScales[c]·(Σ_j h[j]·D[c, j] + denseBias[c])` with `h` the int8
/// final state (zero point 0). Shapes: `embeddingCodes` `[vocabulary, embeddingWidth]`,
/// `denseCodes` `[classes, hidden]`. The fast path looks the layer's input parts up per token
/// (`inputTable`); the reference path looks up the codes and multiplies them each step.
public struct IntegerRecurrentClassifier: Sendable {
  public let vocabulary: Int
  public let embeddingWidth: Int
  public let classes: Int
  public let embeddingCodes: [Int8]
  public let layer: IntegerRecurrentLayer
  public let denseCodes: [Int8]
  public let dense: PackedIntegerWeights
  public let denseBias: [Int32]
  public let logitScales: [Float]
  /// The recurrent layer's input parts of each vocabulary entry, `[vocabulary, gates·hidden]`
  /// (Q.12): the fast path reads these instead of multiplying the looked-up codes by W.
  public let inputTable: [Int32]

  /// Converts a quantized classifier (its codes, grids and multipliers; packs the weights).
  public init(converting q: QuantizedRecurrentClassifier) throws {
    vocabulary = q.float.vocabulary
    embeddingWidth = q.float.embeddingWidth
    classes = q.float.classes
    embeddingCodes = q.float.embedding.map { Int8(q.embeddingGrid.code($0)) }
    layer = try q.layer.integerLayer()
    denseCodes = QuantizedRecurrentWeights.transposedCodes(q.dense)
    dense = try PackedIntegerWeights(
      weights: denseCodes, outputChannels: classes, depth: layer.hidden, bits: q.bits)
    denseBias = q.denseBiasCodes
    logitScales = q.logitScales.map(Float.init)
    inputTable = try layer.inputParts(codes: embeddingCodes, rows: vocabulary)
  }

  public var hidden: Int { layer.hidden }
  /// Bytes of the int8 embedding, packed weights (int4: half a byte each) and int32 biases.
  public var parameterByteCount: Int {
    let g = layer.gates
    let weights = (g.width * (layer.inputWidth + hidden) + classes * hidden) * layer.bits / 8
    return embeddingCodes.count + weights + 4 * (2 * g.width + classes)
  }

  /// Runs `tokens` (`[count, steps]`, `lengths`) in chunks of `batchSize` and returns the real
  /// logits `[count, classes]`. `useReferenceKernels` runs the plain twins (same bits).
  public func logits(
    tokens: [Int32], lengths: [Int], steps: Int, batchSize: Int = 256, threads: Int,
    useReferenceKernels: Bool = false, kernels: KernelPath = KernelDispatch.current
  ) throws -> [Float] {
    guard steps >= 1, batchSize >= 1, tokens.count == lengths.count * steps else {
      throw QuantizationError(
        .shapeMismatch, "integer recurrent model: tokens must be [\(lengths.count), \(steps)]")
    }
    if let bad = tokens.firstIndex(where: { !(0..<Int32(vocabulary) ~= $0) }) {
      throw QuantizationError(
        .invalidArgument,
        "integer recurrent model: token \(tokens[bad]) is outside 0..<\(vocabulary)")
    }
    var out = [Float](repeating: 0, count: lengths.count * classes)
    var h = [Int8](repeating: 0, count: min(batchSize, lengths.count) * hidden)
    var acc = [Int32](repeating: 0, count: min(batchSize, lengths.count) * classes)
    var start = 0
    while start < lengths.count {
      let count = min(batchSize, lengths.count - start)
      let chunk = Array(lengths[start..<(start + count)])
      let chunkTokens = Array(tokens[(start * steps)..<((start + count) * steps)])
      try forward(
        tokens: chunkTokens, lengths: chunk, steps: steps, h: &h, acc: &acc,
        threads: threads, reference: useReferenceKernels, kernels: kernels)
      for i in 0..<(count * classes) {
        let c = i % classes
        let sum = Int64(acc[i]) + Int64(denseBias[c])
        out[start * classes + i] = logitScales[c] * Float(sum)
      }
      start += count
    }
    return out
  }

  /// The int8 embedding rows of `tokens`, `[tokens.count, embeddingWidth]`.
  func embedded(_ tokens: [Int32]) -> [Int8] {
    tokens.flatMap { embeddingCodes[(Int($0) * embeddingWidth)..<((Int($0) + 1) * embeddingWidth)] }
  }

  /// One chunk: the layer's final states into `h`, the head's accumulators into `acc`.
  private func forward(
    tokens: [Int32], lengths: [Int], steps: Int, h: inout [Int8],
    acc: inout [Int32], threads: Int, reference: Bool, kernels: KernelPath
  ) throws(IntegerKernelError) {
    let count = lengths.count
    if reference {
      let final = try layer.forwardReference(
        inputs: embedded(tokens), lengths: lengths, steps: steps
      ).final
      h.replaceSubrange(0..<final.count, with: final)
      h.withUnsafeBufferPointer { a in
        denseCodes.withUnsafeBufferPointer { w in
          acc.withUnsafeMutableBufferPointer { c in
            integerGEMMReference(
              m: count, n: classes, k: hidden, a: a.baseAddress!, lda: hidden, aZeroPoint: 0,
              weights: w.baseAddress!, ldw: hidden, c: c.baseAddress!, ldc: classes)
          }
        }
      }
      return
    }
    try inputTable.withUnsafeBufferPointer { (table) throws(IntegerKernelError) in
      try h.withUnsafeMutableBufferPointer { (state) throws(IntegerKernelError) in
        try layer.forward(
          tokens: tokens, table: table.baseAddress!, vocabulary: vocabulary, lengths: lengths,
          steps: steps, final: state.baseAddress!, threads: threads, kernels: kernels)
        try acc.withUnsafeMutableBufferPointer { (out) throws(IntegerKernelError) in
          try integerGEMM(
            m: count, a: state.baseAddress!, lda: hidden, aZeroPoint: 0, weights: dense,
            c: out.baseAddress!, ldc: classes, threads: threads, kernels: kernels)
        }
      }
    }
  }
}
