extension IntegerRecurrentLayer {
  /// The plain reference of `forward`: one sequence at a time, one step at a time, both
  /// products by `integerGEMMReference` on the unpacked codes, the gates by
  /// `IntegerGatesReference`.
  ///
  /// `inputs` is `[batch, steps, inputWidth]` int8, `batch = lengths.count`. Returns `final`
  /// (`[batch, hidden]`) and `states` (`[batch, steps, hidden]`, held after each length).
  public func forwardReference(inputs: [Int8], lengths: [Int], steps: Int)
    throws(IntegerKernelError) -> (final: [Int8], states: [Int8])
  {
    try validate(
      "IntegerRecurrentLayer.forwardReference", inputCount: inputs.count, lengths: lengths,
      steps: steps)
    let n = hidden
    let width = gates.width
    var final = [Int8](repeating: 0, count: lengths.count * n)
    var states = [Int8](repeating: 0, count: lengths.count * steps * n)
    for (b, length) in lengths.enumerated() {
      var h = [Int8](repeating: 0, count: n)
      var c = [Int16](repeating: 0, count: n)
      var accX = [Int32](repeating: 0, count: width)
      var accH = [Int32](repeating: 0, count: width)
      for t in 0..<steps {
        if t < length {
          let start = (b * steps + t) * inputWidth
          product(Array(inputs[start..<(start + inputWidth)]), kernelCodes, inputZeroPoint, &accX)
          product(h, recurrentCodes, 0, &accH)
          IntegerGatesReference.step(gates, accX: accX, accH: accH, h: &h, c: &c)
        }
        states.replaceSubrange(((b * steps + t) * n)..<((b * steps + t + 1) * n), with: h)
      }
      final.replaceSubrange((b * n)..<((b + 1) * n), with: h)
    }
    return (final, states)
  }

  /// `out[j] = Σ_p (row[p] - zero)·codes[j, p]` for one row.
  private func product(_ row: [Int8], _ codes: [Int8], _ zero: Int32, _ out: inout [Int32]) {
    let k = row.count
    let n = out.count
    row.withUnsafeBufferPointer { a in
      codes.withUnsafeBufferPointer { w in
        out.withUnsafeMutableBufferPointer { c in
          integerGEMMReference(
            m: 1, n: n, k: k, a: a.baseAddress!, lda: k, aZeroPoint: zero,
            weights: w.baseAddress!, ldw: k, c: c.baseAddress!, ldc: n)
        }
      }
    }
  }
}
