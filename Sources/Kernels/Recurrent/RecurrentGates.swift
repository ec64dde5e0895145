/// The fused pointwise part of one time step of a recurrent layer, eight hidden units at a
/// time (a partial vector at the end of a row). Formulas in `RecurrentCell`; buffers in
/// `RecurrentTape`. Row `s` of the time-major buffers holds sample `order[s]` (samples sorted by
/// length, longest first); rows whose sequence has ended (`lengths[order[s]] <= t`) carry
/// their state.
enum RecurrentGates {
  /// `count` (1 ... 8) floats from `p` as one vector (`loadLanes`, typed for the gate math).
  @inline(__always)
  static func load(_ p: UnsafePointer<Float>, _ count: Int) -> Float8 { loadLanes(p, count) }

  @inline(__always)
  static func store(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    storeLanes(v, p, count)
  }

  /// Step `t` forward: from `projection` (row `s·steps + t`), `recurrent` (row `s`) and the
  /// states at `t`, writes the states at `t + 1`, the gates and the GRU's candidate term.
  static func forwardStep(
    _ g: RecurrentGeometry, step t: Int, lengths: UnsafePointer<Int32>,
    order: UnsafePointer<Int32>, tape: RecurrentTape
  ) {
    let (n, h, width) = (g.batch, g.hidden, g.width)
    for s in 0..<n {
      let hPrev = tape.states + (t * n + s) * h
      let hNext = tape.states + ((t + 1) * n + s) * h
      let gates = tape.gates + (t * n + s) * width
      let cPrev = tape.cells.map { $0 + (t * n + s) * h }
      let cNext = tape.cells.map { $0 + ((t + 1) * n + s) * h }
      let candidate = tape.candidate.map { $0 + (t * n + s) * h }
      guard Int(lengths[Int(order[s])]) > t else {
        hNext.update(from: hPrev, count: h)
        if let cPrev, let cNext { cNext.update(from: cPrev, count: h) }
        gates.update(repeating: 0, count: width)
        candidate?.update(repeating: 0, count: h)
        continue
      }
      RecurrentGates.row(
        g.cell, hidden: h, projection: tape.projection + (Int(order[s]) * g.steps + t) * width,
        recurrent: tape.recurrent + s * width, state: hPrev, next: hNext, cell: cPrev,
        nextCell: cNext, gates: gates, candidate: candidate)
    }
  }

  /// One sequence's step: from its input-side projection `a` (`x·W + b`, `[width]`), `u`
  /// (`h·U`, plus the GRU's recurrent bias, `[width]`) and the states `hPrev` (`[hidden]`) and,
  /// for the LSTM, `cPrev`, writes `hNext` and `cNext` (formulas in `RecurrentCell`), eight
  /// units at a time. With `gates` (`[width]`, training) it also stores the gate values
  /// backward reads and the GRU's candidate term `h·U_h + c_h` into `candidate` (`[hidden]`).
  /// `hNext` may be `hPrev` and `cNext` `cPrev`: inference steps in place, with the same
  /// operations in the same order as training, so the results are bit-identical.
  @inline(__always)
  static func row(
    _ kind: RecurrentCell, hidden h: Int, projection a: UnsafePointer<Float>,
    recurrent u: UnsafePointer<Float>, state hPrev: UnsafePointer<Float>,
    next hNext: UnsafeMutablePointer<Float>, cell cPrev: UnsafePointer<Float>?,
    nextCell cNext: UnsafeMutablePointer<Float>?, gates: UnsafeMutablePointer<Float>?,
    candidate: UnsafeMutablePointer<Float>?
  ) {
    var j = 0
    while j < h {
      let k = min(8, h - j)
      switch kind {
      case .simple:
        let y = GateMath.tanh(load(a + j, k) + load(u + j, k))
        store(y, hNext + j, k)
        if let gates { store(y, gates + j, k) }
      case .gru:
        let z = GateMath.sigmoid(load(a + j, k) + load(u + j, k))
        let r = GateMath.sigmoid(load(a + h + j, k) + load(u + h + j, k))
        let uh = load(u + 2 * h + j, k)
        let c = GateMath.tanh(load(a + 2 * h + j, k) + r * uh)
        store(z * load(hPrev + j, k) + (1 - z) * c, hNext + j, k)
        if let gates {
          store(z, gates + j, k)
          store(r, gates + h + j, k)
          store(c, gates + 2 * h + j, k)
          store(uh, candidate! + j, k)
        }
      case .lstm:
        let i = GateMath.sigmoid(load(a + j, k) + load(u + j, k))
        let f = GateMath.sigmoid(load(a + h + j, k) + load(u + h + j, k))
        let c = GateMath.tanh(load(a + 2 * h + j, k) + load(u + 2 * h + j, k))
        let o = GateMath.sigmoid(load(a + 3 * h + j, k) + load(u + 3 * h + j, k))
        let cell = f * load(cPrev! + j, k) + i * c
        store(cell, cNext! + j, k)
        store(o * GateMath.tanh(cell), hNext + j, k)
        if let gates {
          store(i, gates + j, k)
          store(f, gates + h + j, k)
          store(c, gates + 2 * h + j, k)
          store(o, gates + 3 * h + j, k)
        }
      }
      j += 8
    }
  }

  /// Step `t` backward. From `dh` (`[batch, hidden]`, the gradient at the states at `t + 1`)
  /// and, for the LSTM, `dc` (at the cells at `t + 1`), writes the pre-activation gradients
  /// `dA` (input side, row `s·steps + t` of `[batch, steps, width]`) and `dR` (recurrent side,
  /// block `t` of `[steps, batch, width]`; differs from `dA` only in the GRU's candidate block,
  /// `dR_h = r ⊙ dA_h`), the direct part of the gradient at the states at `t` into `dhPrev`
  /// (GRU: `z ⊙ dh`; zero otherwise; all of `dh` for ended rows) and `dcPrev` (LSTM).
  static func backwardStep(
    _ g: RecurrentGeometry, step t: Int, lengths: UnsafePointer<Int32>,
    order: UnsafePointer<Int32>, tape: RecurrentTape, dh: UnsafePointer<Float>,
    dc: UnsafePointer<Float>?, dA: UnsafeMutablePointer<Float>,
    dR: UnsafeMutablePointer<Float>, dhPrev: UnsafeMutablePointer<Float>,
    dcPrev: UnsafeMutablePointer<Float>?
  ) {
    let (n, h, width) = (g.batch, g.hidden, g.width)
    for s in 0..<n {
      let gradH = dh + s * h
      let gradA = dA + (Int(order[s]) * g.steps + t) * width
      let gradR = dR + (t * n + s) * width
      let outH = dhPrev + s * h
      guard Int(lengths[Int(order[s])]) > t else {
        gradA.update(repeating: 0, count: width)
        gradR.update(repeating: 0, count: width)
        outH.update(from: gradH, count: h)
        if let dc, let dcPrev { (dcPrev + s * h).update(from: dc + s * h, count: h) }
        continue
      }
      let gates = tape.gates + (t * n + s) * width
      var j = 0
      while j < h {
        let k = min(8, h - j)
        let dy = load(gradH + j, k)
        switch g.cell {
        case .simple:
          let y = load(gates + j, k)
          let p = dy * (1 - y * y)
          store(p, gradA + j, k)
          store(p, gradR + j, k)
          store(Float8(), outH + j, k)
        case .gru:
          let z = load(gates + j, k)
          let r = load(gates + h + j, k)
          let c = load(gates + 2 * h + j, k)
          let uh = load(tape.candidate! + (t * n + s) * h + j, k)
          let hp = load(tape.states + (t * n + s) * h + j, k)
          let pz = dy * (hp - c) * z * (1 - z)
          let ph = dy * (1 - z) * (1 - c * c)
          let pr = ph * uh * r * (1 - r)
          store(pz, gradA + j, k)
          store(pr, gradA + h + j, k)
          store(ph, gradA + 2 * h + j, k)
          store(pz, gradR + j, k)
          store(pr, gradR + h + j, k)
          store(ph * r, gradR + 2 * h + j, k)
          store(dy * z, outH + j, k)
        case .lstm:
          let i = load(gates + j, k)
          let f = load(gates + h + j, k)
          let c = load(gates + 2 * h + j, k)
          let o = load(gates + 3 * h + j, k)
          let cp = load(tape.cells! + (t * n + s) * h + j, k)
          let tc = GateMath.tanh(load(tape.cells! + ((t + 1) * n + s) * h + j, k))
          let dct = load(dc! + s * h + j, k) + dy * o * (1 - tc * tc)
          let pi = dct * c * i * (1 - i)
          let pf = dct * cp * f * (1 - f)
          let pc = dct * i * (1 - c * c)
          let po = dy * tc * o * (1 - o)
          store(pi, gradA + j, k)
          store(pf, gradA + h + j, k)
          store(pc, gradA + 2 * h + j, k)
          store(po, gradA + 3 * h + j, k)
          store(pi, gradR + j, k)
          store(pf, gradR + h + j, k)
          store(pc, gradR + 2 * h + j, k)
          store(po, gradR + 3 * h + j, k)
          store(dct * f, dcPrev! + s * h + j, k)
          store(Float8(), outH + j, k)
        }
        j += 8
      }
    }
  }
}
