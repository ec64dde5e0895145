import Testing

@testable import Kernels

/// One batch-norm layer's channel vectors in one array (gamma, beta, running mean, running
/// variance, mean, invStd; `C` each), handed to the kernels as pointers.
private struct Channels {
  var values: [Float]
  let c: Int

  init(_ c: Int, rng: inout TestRandom) {
    self.c = c
    values = rng.floats(6 * c)
    for ch in 3 * c..<4 * c { values[ch] += 1.5 }  // a positive running variance
  }

  func vector(_ k: Int) -> [Float] { Array(values[k * c..<(k + 1) * c]) }

  mutating func with<R>(_ body: (BatchNormChannels) -> R) -> R {
    let c = c
    return values.withUnsafeMutableBufferPointer { b in
      let p = b.baseAddress!
      return body(
        BatchNormChannels(
          gamma: p, beta: p + c, runningMean: p + 2 * c, runningVariance: p + 3 * c,
          mean: p + 4 * c, invStd: p + 5 * c))
    }
  }
}

@Test(arguments: [1, 7, 17, 33], [1, 7, 8, 17, 33, 1023])
func batchNormForwardMatchesReference(rows: Int, channels c: Int) {
  var rng = TestRandom(seed: UInt64(rows * 2000 + c))
  let x = rng.floats(rows * c).map { $0 * 3 + 0.5 }
  let start = Channels(c, rng: &rng)
  var (fast, reference) = (start, start)
  var y = [Float](repeating: .nan, count: rows * c)
  var (expectedY, xhat, expectedXhat) = (y, y, y)
  fast.with {
    batchNormTrainingForward(
      x, output: &y, normalized: &xhat, rows: rows, channels: c, $0, momentum: 0.9,
      epsilon: 1e-3)
  }
  reference.with {
    batchNormTrainingForwardReference(
      x, output: &expectedY, normalized: &expectedXhat, rows: rows, channels: c, $0,
      momentum: 0.9, epsilon: 1e-3)
  }
  #expect(bitIdentical(y, expectedY) && bitIdentical(xhat, expectedXhat))
  #expect(bitIdentical(fast.values, reference.values))
  (fast, reference) = (start, start)
  fast.with { batchNormInferenceForward(x, output: &y, rows: rows, channels: c, $0, epsilon: 0.01) }
  reference.with {
    batchNormInferenceForwardReference(
      x, output: &expectedY, rows: rows, channels: c, $0, epsilon: 0.01)
  }
  #expect(bitIdentical(y, expectedY) && bitIdentical(fast.values, reference.values))
}

@Test(arguments: [1, 7, 17, 33], [1, 7, 8, 17, 33, 1023])
func batchNormBackwardMatchesReference(rows: Int, channels c: Int) {
  var rng = TestRandom(seed: UInt64(rows * 3000 + c))
  let (g, xhat) = (rng.floats(rows * c), rng.floats(rows * c).map { $0 * 2 })
  let (gamma, invStd) = (rng.floats(c), rng.floats(c).map { $0 + 1.5 })
  let startGradients = rng.floats(2 * c)
  for (accumulate, withInput) in [(false, true), (true, true), (true, false)] {
    var results: [[Float]] = []
    for reference in [false, true] {
      var (sumG, sumGX) = ([Float](repeating: .nan, count: c), [Float](repeating: .nan, count: c))
      var (dGamma, dBeta) = (Array(startGradients[..<c]), Array(startGradients[c...]))
      var dx = [Float](repeating: .nan, count: rows * c)
      let run = reference ? batchNormBackwardReference : batchNormBackward
      dx.withUnsafeMutableBufferPointer { out in
        run(
          g, xhat, rows, c, gamma, invStd, &sumG, &sumGX, &dGamma, &dBeta, accumulate,
          withInput ? out.baseAddress : nil)
      }
      results.append(sumG + sumGX + dGamma + dBeta + dx)
    }
    #expect(bitIdentical(results[0], results[1]))
  }
}

@Test(arguments: [1, 7, 17, 33], [1, 3, 4, 5, 17, 33])
func shiftedChannelSumsMatchReference(rows: Int, channels c: Int) {
  var rng = TestRandom(seed: UInt64(rows * 4000 + c))
  let x = rng.floats(rows * c).map { $0 * 100 + 1000 }
  let shift = rng.floats(c).map { Double($0) * 100 + 1000 }
  let start = rng.floats(2 * c).map(Double.init)
  var (sum, squares) = (Array(start[..<c]), Array(start[c...]))
  var (expectedSum, expectedSquares) = (sum, squares)
  shiftedChannelSums(x, rows: rows, channels: c, shift: shift, sum: &sum, sumOfSquares: &squares)
  shiftedChannelSumsReference(
    x, rows: rows, channels: c, shift: shift, sum: &expectedSum, sumOfSquares: &expectedSquares)
  #expect(sum.map(\.bitPattern) == expectedSum.map(\.bitPattern))
  #expect(squares.map(\.bitPattern) == expectedSquares.map(\.bitPattern))
}

/// Two rows, two channels, worked by hand: channel 0 holds 1 and 3 (mean 2, variance 1),
/// channel 1 holds 5 twice (variance 0, so `xhat = 0` with `eps = 1/4`: `invStd = 2`).
@Test func batchNormHandComputed() {
  var rng = TestRandom(seed: 1)
  var p = Channels(2, rng: &rng)
  p.values.replaceSubrange(0..<8, with: [2, 1, 10, 20, 0, 0, 1, 1])
  var (y, xhat) = ([Float](repeating: 0, count: 4), [Float](repeating: 0, count: 4))
  p.with {
    batchNormTrainingForward(
      [1, 5, 3, 5], output: &y, normalized: &xhat, rows: 2, channels: 2, $0, momentum: 0.5,
      epsilon: 0.25)
  }
  let s = 1 / Float(1.25).squareRoot()
  #expect(p.vector(4) == [2, 5] && p.vector(5) == [s, 2])
  #expect(p.vector(2) == [1, 2.5] && p.vector(3) == [1, 0.5])
  #expect(xhat == [-s, 0, s, 0] && y == [10 - 2 * s, 20, 10 + 2 * s, 20])
  // g = 1 everywhere: dbeta = 2 per channel, dgamma = sum xhat = 0, and dx = 0 (a shift of
  // the whole channel does not change its normalised values).
  var sumG = [Float](repeating: 9, count: 2)
  var (sumGX, dGamma, dBeta) = (sumG, sumG, sumG)
  var dx = [Float](repeating: .nan, count: 4)
  batchNormBackward(
    [1, 1, 1, 1], normalized: xhat, rows: 2, channels: 2, gamma: p.vector(0),
    invStd: p.vector(5), sumG: &sumG, sumGX: &sumGX, dGamma: &dGamma, dBeta: &dBeta,
    accumulate: false, gradInput: &dx)
  #expect(sumG == [2, 2] && sumGX == [0, 0] && dGamma == [0, 0] && dBeta == [2, 2])
  #expect(dx == [0, 0, 0, 0])
}
