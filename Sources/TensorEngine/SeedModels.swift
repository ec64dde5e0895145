import Kernels

extension Sequential {
  /// The seed CNN of the notebooks, for 28x28x1 inputs and 10 classes (Keras-style recipe:
  /// Glorot-uniform weights, zero biases, pixels / 255):
  ///
  /// conv 32 3x3 relu -> 26x26x32, max-pool 2 -> 13x13x32, conv 64 3x3 relu -> 11x11x64,
  /// max-pool 2 -> 5x5x64, flatten -> 1600, dense 64 relu, dense 10 softmax (121,930 parameters).
  public static func seedCNN(seed: UInt64, inputShape: [Int] = [28, 28, 1], classes: Int = 10)
    throws -> Sequential
  {
    try Sequential(
      inputShape: inputShape,
      layers: [
        .conv2d(filters: 32, kernel: 3, stride: 1, padding: .valid, activation: .relu),
        .maxPool(size: 2, stride: 2),
        .conv2d(filters: 64, kernel: 3, stride: 1, padding: .valid, activation: .relu),
        .maxPool(size: 2, stride: 2),
        .flatten,
        .dense(units: 64, activation: .relu),
        .dense(units: classes, activation: .softmax),
      ], seed: seed)
  }
}

extension Sequential {
  /// The window geometry of conv or pooling layer `index` on a batch of `batch` samples
  /// (padding included, as the engine applies it), or nil for other layers. Lets integer
  /// inference reproduce the float model's im2col exactly.
  public func geometry(ofLayer index: Int, batch: Int) -> ConvGeometry? {
    guard layers.indices.contains(index) else { return nil }
    return Shapes.geometry(of: layers[index].kind, batch: batch, input: inputShape(ofLayer: index))
  }
}
