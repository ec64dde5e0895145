import Foundation
import Testing

@testable import Kernels

/// The three losses on values small enough to check by hand (gradients exact in binary where
/// the arithmetic allows, logs within float rounding).
@Test func lossesHandComputed() {
  var gradient = [Float](repeating: .nan, count: 4)
  let probabilities: [Float] = [0.25, 0.75, 0.5, 0.5]
  let crossEntropy = crossEntropyOfProbabilities(
    probabilities, labels: [1, 0], count: 2, classes: 2, floor: 1e-7, gradient: &gradient,
    gradientScale: 0.5)
  #expect(abs(crossEntropy - -(log(0.75) + log(0.5))) < 1e-6)
  #expect(gradient == [0.125, -0.125, -0.25, 0.25])
  // A zero probability is floored: -log(1e-7).
  let floored = crossEntropyOfProbabilities(
    [1, 0], labels: [1], count: 1, classes: 2, floor: 1e-7, gradient: nil, gradientScale: 1)
  #expect(abs(floored - 7 * log(10.0)) < 1e-4)

  var logitGradient = [Float](repeating: .nan, count: 3)
  let fromLogits = softmaxCrossEntropy(
    logits: [2, 2, 2], labels: [1], count: 1, classes: 3, gradient: &logitGradient,
    gradientScale: 1)
  #expect(abs(fromLogits - log(3.0)) < 1e-6)
  let third = Float(1) / 3
  #expect(zip(logitGradient, [third, third - 1, third]).allSatisfy { abs($0 - $1) < 1e-6 })

  var squaredGradient = [Float](repeating: .nan, count: 2)
  let squared = meanSquaredErrorLoss(
    [1, 0.5], labels: [0], count: 1, classes: 2, gradient: &squaredGradient, gradientScale: 1)
  #expect(squared == 0.125)
  #expect(squaredGradient == [0, 0.5])
}
