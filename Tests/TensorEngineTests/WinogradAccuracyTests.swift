import Foundation
import Testing

@testable import TensorEngine

/// Winograd F(2x2, 3x3) against direct convolution on whole models.
@Suite struct WinogradAccuracyTests {
  /// The seed CNN with linear outputs (logits), its weights drawn as initialised.
  static func logitModel(seed: UInt64) throws -> Sequential {
    try Sequential(
      inputShape: [28, 28, 1],
      layers: [
        .conv2d(filters: 32, kernel: 3, stride: 1, padding: .valid, activation: .relu),
        .maxPool(size: 2, stride: 2),
        .conv2d(filters: 64, kernel: 3, stride: 1, padding: .valid, activation: .relu),
        .maxPool(size: 2, stride: 2), .flatten, .dense(units: 64, activation: .relu),
        .dense(units: 10, activation: .linear),
      ], seed: seed)
  }

  /// Max relative logit error: per sample `max_j |w_j - d_j| / max_j |d_j|`, the worst over
  /// samples. F(2x2, 3x3) adds and subtracts at most 4 inputs and 9/4 of a weight before
  /// multiplying, so the error stays a small multiple of the unit roundoff (6e-8) times the
  /// depth. Measured: 1.2e-6 (printed); the bound 1e-5 leaves a margin of 8 and still fails
  /// on any wrong transform coefficient (errors of order 1).
  @Test func maxRelativeLogitErrorIsBounded() throws {
    let data = Dataset.synthetic(train: 1, test: 256, seed: 12)
    var worst: Float = 0
    for seed: UInt64 in [1, 2, 3] {
      let model = try Self.logitModel(seed: seed)
      let direct = try outputs(of: model, on: data.test)
      let winograd = try outputs(
        of: model, on: data.test, options: InferenceOptions(convolution: .winograd))
      for s in 0..<data.test.count {
        let d = direct[(s * 10)..<(s * 10 + 10)]
        let w = winograd[(s * 10)..<(s * 10 + 10)]
        let scale = d.map { abs($0) }.max()!
        let error = zip(d, w).map { abs($0 - $1) }.max()!
        worst = max(worst, error / max(scale, .leastNormalMagnitude))
      }
    }
    print("Winograd max relative logit error: \(worst)")
    #expect(worst > 0, "Winograd ran the same arithmetic as direct: was it chosen at all?")
    #expect(worst <= 1e-5)
  }

  /// Identical predictions on at least 99.9% of the Fashion-MNIST test set (10,000 images),
  /// here for an untrained seed CNN, whose logits lie closer together than a trained one's (a
  /// harder case); `bench accuracy` reports the trained model's agreement. Skipped, with the
  /// reason printed, when the data set is not installed.
  @Test func predictionsAgreeOnFashionMNIST() throws {
    let dir = "/usr/share/datasets/fashion-mnist"
    guard let images = FileManager.default.contents(atPath: dir + "/t10k-images-idx3-ubyte.gz"),
      let labels = FileManager.default.contents(atPath: dir + "/t10k-labels-idx1-ubyte.gz")
    else {
      print(
        "skipped: Fashion-MNIST is not installed in \(dir) (apt-get install dataset-fashion-mnist)")
      return
    }
    let test = try Split(idxImages: [UInt8](images), idxLabels: [UInt8](labels))
    let model = try Sequential.seedCNN(seed: 4)
    let direct = try evaluate(model, on: test, threads: 2)
    let winograd = try evaluate(
      model, on: test, threads: 2, options: InferenceOptions(convolution: .winograd))
    let agreement = Evaluation.agreement(direct.predictions, winograd.predictions)
    print("Winograd vs direct on Fashion-MNIST test: \(agreement) of predictions agree")
    #expect(test.count == 10_000)
    #expect(agreement >= 0.999)
  }
}
