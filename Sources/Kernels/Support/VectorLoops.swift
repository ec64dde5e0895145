/// Small vector loops shared by the float kernels.
enum VectorLoops {
  /// `dst[0 ..< count] = src[0 ..< count]` (the ranges must not overlap).
  @inline(__always)
  static func copy(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    if count >= 32 {
      dst.update(from: src, count: count)
    } else {
      for i in 0..<count { dst[i] = src[i] }
    }
  }

  /// `dst[0 ..< count] = 0`.
  @inline(__always)
  static func zero(_ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    if count >= 32 {
      dst.update(repeating: 0, count: count)
    } else {
      for i in 0..<count { dst[i] = 0 }
    }
  }

  /// `dst[i] += src[i]` for `i < count`, one rounding per element.
  @inline(__always)
  static func add(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    while i + 8 <= count {
      store8(load8(dst + i) + load8(src + i), dst + i)
      i += 8
    }
    while i < count {
      dst[i] += src[i]
      i += 1
    }
  }
}
