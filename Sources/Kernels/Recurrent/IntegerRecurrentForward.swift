extension IntegerRecurrentLayer {
  /// Runs `lengths.count` sequences through the layer: the fast twin of `forwardReference`.
  ///
  /// Shapes: `inputs` is `[batch, steps, inputWidth]` int8 codes; sequence `b` is read for its
  /// first `lengths[b]` steps (0...steps; padding after that never changes a result). `final`
  /// receives `[batch, hidden]`: h after the last step of each sequence (zeros for length 0).
  /// `states`, when given, receives `[batch, steps, hidden]`: h after step `t`, held at the
  /// final state for `t >= length`.
  ///
  /// Method: `x·W` for all steps is one GEMM over `batch·steps` rows, turned into input parts
  /// by `integerInputParts`; then `recurrence` runs the steps. Every operation is exact
  /// integer arithmetic, so any `threads` gives the same bits.
  public func forward(
    inputs: UnsafePointer<Int8>, lengths: [Int], steps: Int,
    final: UnsafeMutablePointer<Int8>, states: UnsafeMutablePointer<Int8>? = nil,
    threads: Int, kernels: KernelPath = KernelDispatch.current
  ) throws(IntegerKernelError) {
    try validate("IntegerRecurrentLayer.forward", inputCount: .max, lengths: lengths, steps: steps)
    let rows = lengths.count * steps
    guard rows > 0 else { return }
    let width = gates.width
    let parts = UnsafeMutablePointer<Int32>.allocate(capacity: rows * width)
    defer { parts.deallocate() }
    try integerGEMM(
      m: rows, a: inputs, lda: inputWidth, aZeroPoint: inputZeroPoint, weights: kernel,
      c: parts, ldc: width, threads: threads, kernels: kernels)
    try integerInputParts(gates, rows: rows, accX: parts, ldx: width, parts: parts, ldp: width)
    try recurrence(
      parts: parts, lengths: lengths, steps: steps, final: final, states: states,
      threads: threads, kernels: kernels
    ) { b, t in (b * steps + t) * width }
  }

  /// `forward` for inputs that are rows of a table: `tokens` `[batch, steps]` index `table`,
  /// the input parts of each of `vocabulary` entries (`[vocabulary, gates·hidden]`, made by
  /// `inputParts`). Same results as `forward` on the looked-up codes, without its input GEMM.
  public func forward(
    tokens: UnsafePointer<Int32>, table: UnsafePointer<Int32>, vocabulary: Int,
    lengths: [Int], steps: Int, final: UnsafeMutablePointer<Int8>,
    states: UnsafeMutablePointer<Int8>? = nil, threads: Int,
    kernels: KernelPath = KernelDispatch.current
  ) throws(IntegerKernelError) {
    let here = "IntegerRecurrentLayer.forward(tokens:)"
    try validate(here, inputCount: .max, lengths: lengths, steps: steps)
    for (b, length) in lengths.enumerated() {
      for t in 0..<length where !(0..<vocabulary).contains(Int(tokens[b * steps + t])) {
        throw IntegerKernelError(here, "token \(tokens[b * steps + t]) is not in 0..<\(vocabulary)")
      }
    }
    let width = gates.width
    try recurrence(
      parts: table, lengths: lengths, steps: steps, final: final, states: states,
      threads: threads, kernels: kernels
    ) { b, t in Int(tokens[b * steps + t]) * width }
  }

  /// The input parts (`[rows, gates·hidden]`, Q.12) of `rows` input vectors `codes`
  /// (`[rows, inputWidth]`): the table `forward(tokens:)` reads.
  public func inputParts(codes: [Int8], rows: Int, threads: Int = 1) throws(IntegerKernelError)
    -> [Int32]
  {
    try require(
      rows >= 1 && codes.count == rows * inputWidth, "IntegerRecurrentLayer.inputParts",
      "codes must be [\(rows), \(inputWidth)]")
    let width = gates.width
    var parts = [Int32](repeating: 0, count: rows * width)
    try codes.withUnsafeBufferPointer { (a) throws(IntegerKernelError) in
      try parts.withUnsafeMutableBufferPointer { (c) throws(IntegerKernelError) in
        let out = c.baseAddress!
        try integerGEMM(
          m: rows, a: a.baseAddress!, lda: inputWidth, aZeroPoint: inputZeroPoint,
          weights: kernel, c: out, ldc: width, threads: threads)
        try integerInputParts(gates, rows: rows, accX: out, ldx: width, parts: out, ldp: width)
      }
    }
    return parts
  }

  /// The steps. Sequences are sorted by length (longest first, stable) and dealt round-robin
  /// to `threads` groups, so every group is itself sorted and about as long as the others;
  /// each group runs on one thread (`recurrenceGroup`). Sequences are independent, so the
  /// split changes no bit. `offset(b, t)` locates sequence b's input parts at step t.
  private func recurrence(
    parts: UnsafePointer<Int32>, lengths: [Int], steps: Int, final: UnsafeMutablePointer<Int8>,
    states: UnsafeMutablePointer<Int8>?, threads: Int, kernels: KernelPath,
    offset: (Int, Int) -> Int
  ) throws(IntegerKernelError) {
    let batch = lengths.count
    guard batch > 0 else { return }
    let order = (0..<batch).sorted {
      lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1)
    }
    let groups = Swift.max(1, Swift.min(threads, batch / 8))
    let failures = UnsafeMutablePointer<IntegerKernelError?>.allocate(capacity: groups)
    failures.initialize(repeating: nil, count: groups)
    defer {
      failures.deinitialize(count: groups)
      failures.deallocate()
    }
    parallelFor(groups, threads: groups) { g in
      let rows = Array(stride(from: g, to: batch, by: groups).map { order[$0] })
      do throws(IntegerKernelError) {
        try recurrenceGroup(
          parts: parts, rows: rows, lengths: lengths, steps: steps, final: final,
          states: states, kernels: kernels, offset: offset)
      } catch {
        failures[g] = error
      }
    }
    if let failure = (0..<groups).compactMap({ failures[$0] }).first { throw failure }
  }

  /// One thread's sequences `rows` (indices into the batch, sorted by length, longest first):
  /// step `t` runs on the first `m_t` of them only, as one product `h·U` (on the int16-pair
  /// paths `product`: the GEMM's micro-kernel on whole tiles, `rowProduct` for the rest; on the
  /// others the GEMM, or `rowProduct` below a tile; none at `t = 0`, where `h = 0`) and the
  /// gates, `h` and `c` updated in place. All buffers are allocated once per call, none per
  /// step.
  private func recurrenceGroup(
    parts: UnsafePointer<Int32>, rows: [Int], lengths: [Int], steps: Int,
    final: UnsafeMutablePointer<Int8>, states: UnsafeMutablePointer<Int8>?, kernels: KernelPath,
    offset: (Int, Int) -> Int
  ) throws(IntegerKernelError) {
    let count = rows.count
    guard count > 0 else { return }
    let n = hidden
    let width = gates.width
    let wide = 2 * ((n + 1) / 2)
    let rowKernel = PackedIntegerWeights.hasRowProduct(kernels)
    let pairKernel = PackedIntegerWeights.hasPairProduct(kernels)
    let tile = try IntegerTile.checked(kernels, "IntegerRecurrentLayer.forward")
    let accH = UnsafeMutablePointer<Int32>.allocate(capacity: count * width)
    let u = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * width)
    let offsets = UnsafeMutablePointer<Int>.allocate(capacity: count)
    let h = UnsafeMutablePointer<Int8>.allocate(capacity: count * n)
    let h16 = UnsafeMutablePointer<Int16>.allocate(capacity: count * wide)
    let tileScratch = UnsafeMutablePointer<Int32>.allocate(
      capacity: 16 * IntegerGEMMLayout.tileRows)
    let c = UnsafeMutablePointer<Int16>.allocate(capacity: count * n)
    defer {
      accH.deallocate()
      u.deallocate()
      offsets.deallocate()
      h.deallocate()
      h16.deallocate()
      tileScratch.deallocate()
      c.deallocate()
    }
    h.initialize(repeating: 0, count: count * n)
    h16.initialize(repeating: 0, count: count * wide)
    c.initialize(repeating: 0, count: count * n)
    var active = count
    for t in 0..<lengths[rows[0]] {
      while active > 0 && lengths[rows[active - 1]] <= t { active -= 1 }
      for i in 0..<active { offsets[i] = offset(rows[i], t) }
      if t == 0 {
        accH.update(repeating: 0, count: active * width)  // h·U with h = 0
      } else if pairKernel || (rowKernel && active < IntegerGEMMLayout.tileRows) {
        for i in 0..<active { widen(h + i * n, n, minus: 0, into: h16 + i * wide) }
        if pairKernel {
          recurrent.product(
            m: active, a: h16, lda: wide, c: accH, ldc: width, tile: tile, scratch: tileScratch)
        } else {
          recurrent.rowProduct(m: active, a: h16, lda: wide, c: accH, ldc: width)
        }
      } else {
        try integerGEMM(
          m: active, a: h, lda: n, aZeroPoint: 0, weights: recurrent, c: accH, ldc: width,
          threads: 1, kernels: kernels)
      }
      integerGateRows(
        gates, rows: active, parts: parts, partOffsets: offsets, accH: accH, ldh: width, h: h,
        c: gates.cell == .lstm ? c : nil, ldState: n, scratch: u, kernels: kernels)
      if let states {
        for i in 0..<active {
          (states + (rows[i] * steps + t) * n).update(from: h + i * n, count: n)
        }
      }
    }
    for (i, b) in rows.enumerated() {
      (final + b * n).update(from: h + i * n, count: n)
      guard let states else { continue }
      for t in lengths[b]..<steps {
        (states + (b * steps + t) * n).update(from: h + i * n, count: n)
      }
    }
  }
}
