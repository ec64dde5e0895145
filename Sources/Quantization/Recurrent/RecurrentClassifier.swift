import Kernels

/// A float word classifier: embedding → one recurrent layer → dense logits (softmax left out:
/// it does not change the argmax).
///
/// Shapes: `embedding` `[vocabulary, embeddingWidth]` (row 0 is the padding index but is never
/// read within a sequence's length), `recurrent.inputWidth == embeddingWidth`, `dense`
/// `[hidden, classes]`, `denseBias` `[classes]`. A batch is `tokens` `[count, steps]` with
/// `lengths` `[count]`: sequence b reads its first `lengths[b]` tokens.
public struct RecurrentClassifierWeights: Sendable {
  public var vocabulary: Int
  public var embeddingWidth: Int
  public var embedding: [Float]
  public var recurrent: RecurrentCellWeights
  public var classes: Int
  public var dense: [Float]
  public var denseBias: [Float]

  public init(
    vocabulary: Int, embeddingWidth: Int, embedding: [Float], recurrent: RecurrentCellWeights,
    classes: Int, dense: [Float], denseBias: [Float]
  ) throws {
    guard vocabulary >= 1, embeddingWidth >= 1, classes >= 1,
      embedding.count == vocabulary * embeddingWidth, recurrent.inputWidth == embeddingWidth,
      dense.count == recurrent.hidden * classes, denseBias.count == classes
    else {
      throw QuantizationError(
        .shapeMismatch,
        "recurrent classifier: embedding [\(vocabulary), \(embeddingWidth)], recurrent input "
          + "\(recurrent.inputWidth), dense [\(recurrent.hidden), \(classes)] do not chain")
    }
    self.vocabulary = vocabulary
    self.embeddingWidth = embeddingWidth
    self.embedding = embedding
    self.recurrent = recurrent
    self.classes = classes
    self.dense = dense
    self.denseBias = denseBias
  }

  /// The embedded sequence `[steps, embeddingWidth]` of sequence `b` (padding rows are zeros).
  func embedded(_ tokens: [Int32], _ b: Int, steps: Int, length: Int) throws -> [Float] {
    var x = [Float](repeating: 0, count: steps * embeddingWidth)
    for t in 0..<length {
      let token = Int(tokens[b * steps + t])
      guard (0..<vocabulary).contains(token) else {
        throw QuantizationError(
          .invalidArgument,
          "recurrent classifier: token \(token) of sequence \(b) is outside 0..<\(vocabulary)")
      }
      for e in 0..<embeddingWidth {
        x[t * embeddingWidth + e] = embedding[token * embeddingWidth + e]
      }
    }
    return x
  }

  /// Checks a batch's sizes.
  func validate(_ tokens: [Int32], lengths: [Int], steps: Int) throws {
    guard steps >= 1, tokens.count == lengths.count * steps,
      lengths.allSatisfy({ (0...steps) ~= $0 })
    else {
      throw QuantizationError(
        .shapeMismatch,
        "recurrent classifier: tokens must be [\(lengths.count), \(steps)], lengths 0...\(steps)")
    }
  }

  /// Float logits `[count, classes]` (Double inside the layer, as `RecurrentReference`).
  public func logits(tokens: [Int32], lengths: [Int], steps: Int) throws -> [Double] {
    try logits(
      tokens: tokens, lengths: lengths, steps: steps, quantized: nil, weights: dense,
      bias: denseBias.map(Double.init))
  }

  /// Logits `[count, classes]`: each sequence embedded and run through `RecurrentSimulation`
  /// (with `quantized`, its fake-quant simulation), then `h·weights + bias` for the last h.
  func logits(
    tokens: [Int32], lengths: [Int], steps: Int, quantized: QuantizedRecurrentLayer?,
    weights: [Float], bias: [Double]
  ) throws -> [Double] {
    try validate(tokens, lengths: lengths, steps: steps)
    var out: [Double] = []
    for (b, length) in lengths.enumerated() {
      let x = try embedded(tokens, b, steps: steps, length: length)
      let trace = RecurrentSimulation.run(
        recurrent, quantized: quantized, inputs: x, length: length)
      var logits = bias
      for (i, h) in (trace.states.last ?? []).enumerated() where h != 0 {
        for c in 0..<classes { logits[c] += h * Double(weights[i * classes + c]) }
      }
      out += logits
    }
    return out
  }
}

/// The index of the largest of each row of `classes` values (first on ties).
public func rowArgmax<T: Comparable>(_ values: [T], classes: Int) -> [Int] {
  stride(from: 0, to: values.count, by: classes).map { start in
    var best = start
    for i in start..<(start + classes) where values[i] > values[best] { best = i }
    return best - start
  }
}
