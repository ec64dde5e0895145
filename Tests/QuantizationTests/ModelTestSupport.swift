import TensorEngine

@testable import Quantization

/// A tiny image task for model-level tests: 6×6×1 images of three classes (a bright
/// 2×2 blob at the top left, centre or bottom right) on seeded noise.
enum TinyTask {
  static let side = 6

  static func split(count: Int, seed: UInt64) throws -> Split {
    var random = SeededRandom(seed: seed)
    var images = [UInt8](repeating: 0, count: count * side * side)
    var labels = [UInt8](repeating: 0, count: count)
    let corners = [(0, 0), (2, 2), (4, 4)]
    for i in 0..<count {
      let label = i % 3
      labels[i] = UInt8(label)
      let (y0, x0) = corners[label]
      for y in 0..<side {
        for x in 0..<side {
          var v = random.nextUnit() * 160
          if (y0..<y0 + 2).contains(y) && (x0..<x0 + 2).contains(x) {
            v += 30 + random.nextUnit() * 60
          }
          images[(i * side + y) * side + x] = UInt8(min(v, 255))
        }
      }
    }
    return try Split(images: images, labels: labels, imageShape: [side, side, 1])
  }

  /// conv (no activation) → batch norm → relu → flatten → dense softmax.
  static let kinds: [LayerKind] = [
    .conv2d(filters: 4, kernel: 3, stride: 1, padding: .valid, activation: .linear),
    .batchNorm(momentum: 0.9, epsilon: 1e-3),
    .activation(.relu),
    .flatten,
    .dense(units: 3, activation: .softmax),
  ]

  /// A trained model, the training split and the test split (built once per process).
  static let trained: (model: Sequential, train: Split, test: Split) = {
    let train = try! split(count: 300, seed: 1)
    let test = try! split(count: 150, seed: 2)
    let model = try! Sequential(inputShape: [side, side, 1], layers: kinds, seed: 3)
    let options = TrainingOptions(
      epochs: 4, batchSize: 16, optimizer: .adam(learningRate: 0.01), seed: 4)
    let result = try! TensorEngine.train(model, on: train, options: options)
    return (result.model, train, test)
  }()
}
