/// Conversions between float32 and int8 with an affine map `real = scale * (q - zeroPoint)`.

/// Quantizes `count` floats: `q = clamp(roundEven(x / scale) + zeroPoint, -128, 127)`.
///
/// Rounding is to nearest, ties to even (the IEEE default, `vroundps`); NaN gives
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
  let zero = SIMD16<Float>(repeating: Float(zeroPoint))
  let low = SIMD16<Float>(repeating: -128), high = SIMD16<Float>(repeating: 127)
  var i = 0
  while i < vectorCount {
    let value = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
    var q = (value / scaleLanes).rounded(.toNearestOrEven) + zero
    q.replace(with: zero, where: value .!= value)  // NaN -> zero point
    q = q.clamped(lowerBound: low, upperBound: high)
    let bytes = SIMD16<Int8>(truncatingIfNeeded: SIMD16<Int32>(q))
    UnsafeMutableRawPointer(output + i).storeBytes(of: bytes, as: SIMD16<Int8>.self)
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
