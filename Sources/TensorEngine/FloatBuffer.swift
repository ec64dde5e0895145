/// Owned, fixed-size Float memory for the engine's hot paths: no bounds checks, no
/// copy-on-write, freed when the buffer goes away. Internal: never escapes the module.
final class FloatBuffer: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Float>
  let count: Int

  init(count: Int, value: Float = 0) {
    self.count = count
    pointer = .allocate(capacity: max(count, 1))
    pointer.initialize(repeating: value, count: max(count, 1))
  }

  convenience init(_ values: [Float]) {
    self.init(count: values.count)
    values.withUnsafeBufferPointer { src in
      if let base = src.baseAddress { pointer.update(from: base, count: values.count) }
    }
  }

  deinit { pointer.deallocate() }

  /// A copy of the first `n` elements (all by default).
  func array(_ n: Int? = nil) -> [Float] {
    Array(UnsafeBufferPointer(start: pointer, count: n ?? count))
  }

  func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

  func copy(from values: [Float]) {
    precondition(values.count == count)
    values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
  }
}

/// Owned Int32 memory (max-pool argmax indices).
final class IndexBuffer: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Int32>
  let count: Int

  init(count: Int) {
    self.count = count
    pointer = .allocate(capacity: max(count, 1))
    pointer.initialize(repeating: 0, count: max(count, 1))
  }

  deinit { pointer.deallocate() }
}
