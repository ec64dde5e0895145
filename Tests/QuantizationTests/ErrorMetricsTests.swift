import Foundation
import Testing

@testable import Quantization

@Test func metricsOfAHandExample() throws {
  let m = try QuantizationErrorMetrics(original: [1, 2], quantized: [1, 1.5], binCount: 4)
  #expect(m.meanSquaredError == 0.125)
  #expect(abs(m.sqnrDecibels - 10 * log10(5 / 0.25)) < 1e-12)
  #expect(m.maxAbsoluteError == 0.5)
  #expect(m.valueHistogram.counts == [1, 0, 0, 1])
  #expect(m.errorHistogram.counts.reduce(0, +) == 2)
  let exact = try QuantizationErrorMetrics(original: [1, 2], quantized: [1, 2])
  #expect(exact.sqnrDecibels == .infinity)
  #expect(throws: QuantizationError.self) {
    try QuantizationErrorMetrics(original: [1], quantized: [])
  }
}

/// Uniform data through an asymmetric b-bit grid spanning it has step Δ = 2/(2^b − 1):
/// SQNR = 20·log10(2^b − 1) ≈ 6.02·b dB.
@Test(arguments: Array(4...8))
func sqnrOfUniformDataIsSixDecibelsPerBit(bits: Int) throws {
  let x = Synthetic.uniform(count: 20_000, seed: UInt64(bits))
  let q = try LinearQuantizer(bits: bits, scheme: .asymmetric, granularity: .perTensor).quantize(
    x, shape: [x.count])
  let m = try q.errorMetrics(original: x)
  #expect(abs(m.sqnrDecibels - 6.02 * Double(bits)) < 1, "SQNR \(m.sqnrDecibels) at \(bits) bits")
  #expect(m.clippedFraction == 0)
}

@Test func activationFakeQuantMatchesTheLinearGridAndMasksClippedGradients() throws {
  let fq = try ActivationQuantizer(range: 0...2.55, bits: 8)
  let x: [Float] = [-1, 0, 0.013, 1.0, 2.55, 3]
  let y = fq.forward(x)
  #expect(y[0] == 0 && y[1] == 0 && y[5] == y[4])
  #expect(abs(y[2] - 0.01) < 1e-6)
  #expect(fq.forward(y) == y)
  // The straight-through mask the engine takes from the hook's clip range (LayerState).
  #expect(x.map { fq.clipRange.contains($0) } == [false, true, true, true, true, false])
  let q = try LinearQuantizer(bits: 8, scheme: .asymmetric, granularity: .perTensor)
    .quantize(
      x, groups: QuantizationGroups(shape: [6], granularity: .perTensor),
      parameters: [fq.parameters])
  for (a, b) in zip(q.values, y) { #expect(abs(a - b) <= 1e-6) }
}
