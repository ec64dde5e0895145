import Foundation

extension Dataset {
  /// A seeded synthetic data set shaped like Fashion-MNIST: 28x28x1 bytes, 10 classes.
  ///
  /// Class `c` draws a bright stroke through the image centre at angle `c * 18°` (±4°), moved
  /// by up to ±3 pixels, plus a blob in the top half (c < 5) or bottom half (c >= 5), on
  /// uniform noise. Learnable by a small CNN in one epoch, yet not trivial. Labels cycle
  /// through the classes in a seeded shuffled order. Same seed, same bytes.
  public static func synthetic(train: Int = 2000, test: Int = 500, seed: UInt64 = 1) -> Dataset {
    var rng = SeededRandom(seed: seed)
    let trainSplit = syntheticSplit(count: train, rng: &rng)
    let testSplit = syntheticSplit(count: test, rng: &rng)
    return try! Dataset(
      train: trainSplit, test: testSplit, classNames: (0..<10).map { "class \($0)" })
  }

  private static func syntheticSplit(count: Int, rng: inout SeededRandom) -> Split {
    let side = 28
    var labels = (0..<count).map { UInt8($0 % 10) }
    rng.shuffle(&labels)
    var images = [UInt8](repeating: 0, count: count * side * side)
    for i in 0..<count {
      let c = Int(labels[i])
      let angle = (Float(c) * 18 + rng.uniform(-4, 4)) * Float.pi / 180
      let (dx, dy) = (cos(angle), sin(angle))
      let cx = 13.5 + rng.uniform(-3, 3)
      let cy = 13.5 + rng.uniform(-3, 3)
      let bx = 13.5 + rng.uniform(-6, 6)
      let by = (c < 5 ? 6 : 21) + rng.uniform(-2, 2)
      let brightness = rng.uniform(150, 230)
      for y in 0..<side {
        for x in 0..<side {
          let px = Float(x) - cx
          let py = Float(y) - cy
          // Distance to the stroke's line, and position along it (strokes are 20 px long).
          let across = abs(px * dy - py * dx)
          let along = abs(px * dx + py * dy)
          var v: Float = across < 1.5 && along < 10 ? brightness : 0
          let bd = (Float(x) - bx) * (Float(x) - bx) + (Float(y) - by) * (Float(y) - by)
          if bd < 6 { v = max(v, brightness * 0.7) }
          v += rng.uniform(0, 40)
          images[i * side * side + y * side + x] = UInt8(min(255, v))
        }
      }
    }
    return try! Split(images: images, labels: labels, imageShape: [side, side, 1])
  }
}
