/// Conversions between float32 and int8 with an affine map `real = scale * (q - zeroPoint)`.

/// Quantizes `count` floats: `q = clamp(roundEven(x / scale) + zeroPoint, -128, 127)`.
///
/// Rounding is to nearest, ties to even (the IEEE default); NaN gives
/// `zeroPoint` (real 0), ±infinity the clamp bounds. `scale` must be finite and > 0,
/// `zeroPoint` in [-128, 127]. Sixteen values at a time in SIMD; identical to
/// `quantizeInt8Reference`.
public func quantizeInt8(
  _ x: UnsafePointer<Float>, count: Int, scale: Float, zeroPoint: Int32,
  output: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateAffine("quantizeInt8", count: count, scale: scale, zeroPoint: zeroPoint)
  let vectorCount = count / 16 * 16
  let scaleLanes = SIMD16<Float>(repeating: scale)
  let zero = SIMD16<Int32>(repeating: zeroPoint)
  let bound = SIMD16<Float>(repeating: 256)
  // Adding 1.5 * 2^23 to a value in [-256, 256] leaves a float in [2^23, 2^24), whose unit in
  // the last place is 1: the addition itself rounds to an integer (ties to even), and the
  // integer is the low mantissa bits. This avoids SIMD `rounded` and float-to-int conversions,
  // which do not lower to single instructions. Clamping to +-256 first changes no result.
  let magic = SIMD16<Float>(repeating: 0x1.8p23)
  let magicBits = SIMD16<Int32>(repeating: 0x4B40_0000)
  var i = 0
  while i < vectorCount {
    var v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) / scaleLanes
    v.replace(with: 0, where: v .!= v)  // NaN -> 0, i.e. the zero point
    v = pointwiseMin(pointwiseMax(v, -bound), bound)
    let rounded = unsafeBitCast(v + magic, to: SIMD16<Int32>.self) &- magicBits
    let q = pointwiseMin(
      pointwiseMax(rounded &+ zero, SIMD16(repeating: -128)), SIMD16(repeating: 127))
    UnsafeMutableRawPointer(output + i).storeBytes(
      of: SIMD16<Int8>(truncatingIfNeeded: q), as: SIMD16<Int8>.self)
    i += 16
  }
  for j in vectorCount..<count {
    output[j] = quantizeOne(x[j], scale: scale, zeroPoint: zeroPoint)
  }
}

/// The plain reference twin of `quantizeInt8`.
public func quantizeInt8Reference(
  _ x: UnsafePointer<Float>, count: Int, scale: Float, zeroPoint: Int32,
  output: UnsafeMutablePointer<Int8>
) throws(IntegerKernelError) {
  try validateAffine("quantizeInt8Reference", count: count, scale: scale, zeroPoint: zeroPoint)
  for j in 0..<count { output[j] = quantizeOne(x[j], scale: scale, zeroPoint: zeroPoint) }
}

@inline(__always)
private func quantizeOne(_ x: Float, scale: Float, zeroPoint: Int32) -> Int8 {
  if x.isNaN { return Int8(zeroPoint) }
  let q = (x / scale).rounded(.toNearestOrEven) + Float(zeroPoint)
  return Int8(min(max(q, -128), 127))
}

/// Dequantizes `count` int8 values: `real = scale * Float(q - zeroPoint)`.
///
/// `scale` must be finite and > 0, `zeroPoint` in [-128, 127]. Sixteen values at a time;
/// identical to `dequantizeInt8Reference` (the difference is exact, then one multiply).
public func dequantizeInt8(
  _ q: UnsafePointer<Int8>, count: Int, scale: Float, zeroPoint: Int32,
  output: UnsafeMutablePointer<Float>
) throws(IntegerKernelError) {
  try validateAffine("dequantizeInt8", count: count, scale: scale, zeroPoint: zeroPoint)
  let vectorCount = count / 16 * 16
  let scaleLanes = SIMD16<Float>(repeating: scale)
  let zero = SIMD16<Int32>(repeating: zeroPoint)
  var i = 0
  while i < vectorCount {
    let bytes = UnsafeRawPointer(q + i).loadUnaligned(as: SIMD16<Int8>.self)
    let real = scaleLanes * SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: bytes) &- zero)
    UnsafeMutableRawPointer(output + i).storeBytes(of: real, as: SIMD16<Float>.self)
    i += 16
  }
  for j in vectorCount..<count { output[j] = scale * Float(Int32(q[j]) - zeroPoint) }
}

/// The plain reference twin of `dequantizeInt8`.
public func dequantizeInt8Reference(
  _ q: UnsafePointer<Int8>, count: Int, scale: Float, zeroPoint: Int32,
  output: UnsafeMutablePointer<Float>
) throws(IntegerKernelError) {
  try validateAffine("dequantizeInt8Reference", count: count, scale: scale, zeroPoint: zeroPoint)
  for j in 0..<count { output[j] = scale * Float(Int32(q[j]) - zeroPoint) }
}

private func validateAffine(
  _ function: String, count: Int, scale: Float, zeroPoint: Int32
) throws(IntegerKernelError) {
  try require(count >= 0, function, "count \(count) is negative")
  try require(scale.isFinite && scale > 0, function, "scale \(scale) must be finite and > 0")
  try require(
    (-128...127).contains(zeroPoint), function, "zero point \(zeroPoint) is outside [-128, 127]")
}
