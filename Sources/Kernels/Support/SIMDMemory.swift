/// Eight floats in one AVX register.
typealias Float8 = SIMD8<Float>

/// Loads eight floats from `p` (any alignment).
@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Float8 {
  UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
}

/// Loads eight floats from `p` (any alignment).
@inline(__always)
func load8(_ p: UnsafeMutablePointer<Float>) -> Float8 {
  UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
}

/// Stores eight floats at `p` (any alignment).
@inline(__always)
func store8(_ v: Float8, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float8.self)
}
