/// Token embeddings and sequence lengths: plain loops (a row copy and a row add per token; no
/// arithmetic to reorder, so no separate fast path).
///
/// Tokens arrive as floats holding small non-negative integers (the network's input buffer);
/// a token outside `0..<vocabulary` reads row 1, the "unknown" index of the word data set.

/// The row a token float selects.
@inline(__always)
func embeddingRow(_ token: Float, vocabulary: Int) -> Int {
  let index = Int(exactly: token.rounded(.towardZero)) ?? 1
  return index >= 0 && index < vocabulary ? index : min(1, vocabulary - 1)
}

/// `output[p, :] = table[token[p], :]` for `p < count`; `table` is `[vocabulary, width]`,
/// `output` `[count, width]`.
public func embeddingForward(
  tokens: UnsafePointer<Float>, count: Int, table: UnsafePointer<Float>, vocabulary: Int,
  width: Int, output: UnsafeMutablePointer<Float>
) {
  for p in 0..<max(0, count) {
    let row = embeddingRow(tokens[p], vocabulary: vocabulary)
    (output + p * width).update(from: table + row * width, count: width)
  }
}

/// `tableGradient[token[p], :] += gradOutput[p, :]` for `p < count`, in order of `p` (after
/// zeroing `tableGradient` unless `accumulate`).
public func embeddingBackward(
  tokens: UnsafePointer<Float>, count: Int, gradOutput: UnsafePointer<Float>, vocabulary: Int,
  width: Int, tableGradient: UnsafeMutablePointer<Float>, accumulate: Bool
) {
  if !accumulate { tableGradient.update(repeating: 0, count: vocabulary * width) }
  for p in 0..<max(0, count) {
    let row = embeddingRow(tokens[p], vocabulary: vocabulary)
    addInPlace(gradOutput + p * width, into: tableGradient + row * width, count: width)
  }
}

/// `lengths[s]` = the position of the first padding token (0) in sequence `s` of
/// `tokens` (`[batch, steps]`), or `steps` when there is none: the steps a recurrent layer
/// reads (Keras's `mask_zero` with the padding at the end).
public func sequenceLengths(
  tokens: UnsafePointer<Float>, batch: Int, steps: Int, into lengths: UnsafeMutablePointer<Int32>
) {
  for s in 0..<max(0, batch) {
    var length = 0
    while length < steps && tokens[s * steps + length] != 0 { length += 1 }
    lengths[s] = Int32(length)
  }
}
