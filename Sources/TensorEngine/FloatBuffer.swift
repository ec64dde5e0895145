/// Owned, fixed-size memory for the engine's hot paths (`Float` activations, weights and
/// gradients; `Int32` max-pool argmax indices): no bounds checks, no copy-on-write, freed when
/// the buffer goes away. Internal: never escapes the module.
final class OwnedBuffer<Element: Numeric>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Element>
  let count: Int

  init(count: Int, value: Element = 0) {
    self.count = count
    pointer = .allocate(capacity: max(count, 1))
    pointer.initialize(repeating: value, count: max(count, 1))
  }

  convenience init(_ values: [Element]) {
    self.init(count: values.count)
    values.withUnsafeBufferPointer { src in
      if let base = src.baseAddress { pointer.update(from: base, count: values.count) }
    }
  }

  deinit { pointer.deallocate() }

  /// A copy of the first `n` elements (all by default).
  func array(_ n: Int? = nil) -> [Element] {
    Array(UnsafeBufferPointer(start: pointer, count: n ?? count))
  }

  func fill(_ value: Element) { pointer.update(repeating: value, count: count) }

  func copy(from values: [Element]) {
    precondition(values.count == count)
    values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
  }
}

typealias FloatBuffer = OwnedBuffer<Float>
/// Max-pool argmax indices, sequence lengths.
typealias IndexBuffer = OwnedBuffer<Int32>
