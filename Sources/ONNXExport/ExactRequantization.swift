import Kernels

/// The engine's requantization (`RequantizationStage.apply`, gemmlowp's fixed point) written
/// with ONNX integer operators, so that ONNX Runtime computes the same int8 codes bit for bit.
///
/// For an int32 accumulator `acc` of channel `c` with int32 bias `b[c]`, multiplier `m[c]` (Q31)
/// and shift `s[c]`, all in int64 (no intermediate overflows: `|x * m| < 2^62`):
/// 1. `x = clamp(acc + b[c], int32)`; when `s[c] < 0`: `x = clamp(x * 2^-s[c], int32)`;
/// 2. `y = floor((x * m[c] + 2^30) / 2^31)` (SaturatingRoundingDoublingHighMul, ties toward
///    +infinity), as `(x * m[c] + 2^30 + 2^62) / 2^31 - 2^31` with a non-negative dividend, so
///    ONNX's integer `Div` (which truncates) is a floor;
/// 3. when `s[c] > 0`: `z = sign(y) * ((|y| + 2^(s[c]-1)) / 2^s[c])` (RoundingDivideByPOT:
///    nearest, ties away from zero);
/// 4. `clamp(z + z_out, outputMin, outputMax)` cast to int8.
/// The per-channel constants have shape `channelDims` (`[C, 1, 1]` for NCHW, `[C]` for the
/// last axis), so they broadcast over the accumulators.
extension GraphBuilder {
  mutating func requantizeExactly(
    _ accumulators: String, bias: [Int32]?, stage: RequantizationStage, channelDims: [Int],
    name: String
  ) -> String {
    var x = cast(accumulators, to: .int64, output: name + "_acc64")
    if let bias {
      x = node(
        "Add", [x, int64s(name + "_bias64", bias.map(Int64.init), dims: channelDims)],
        output: name + "_biased")
      x = clampInt32(x, name + "_biased_clamped")
    }
    if stage.shifts.contains(where: { $0 < 0 }) {
      let factors = stage.shifts.map { Int64(1) << Int64(max(0, -$0)) }
      x = node(
        "Mul", [x, int64s(name + "_left", factors, dims: channelDims)], output: name + "_sh")
      x = clampInt32(x, name + "_shifted")
    }
    let m = int64s(name + "_multiplier", stage.multipliers.map(Int64.init), dims: channelDims)
    var y = node("Mul", [x, m], output: name + "_product")
    y = node("Add", [y, int64Scalar(name + "_nudge", (1 << 30) + (1 << 62))], output: name + "_n")
    y = node("Div", [y, int64Scalar(name + "_q31", 1 << 31)], output: name + "_div")
    y = node("Sub", [y, int64Scalar(name + "_offset", 1 << 31)], output: name + "_high")
    if stage.shifts.contains(where: { $0 > 0 }) {
      let powers = stage.shifts.map { Int64(1) << Int64(max(0, $0)) }
      let magnitude = node("Abs", [y], output: name + "_abs")
      let halves = int64s(name + "_half", powers.map { $0 / 2 }, dims: channelDims)
      let rounded = node(
        "Div",
        [
          node("Add", [magnitude, halves], output: name + "_abs_half"),
          int64s(name + "_pot", powers, dims: channelDims),
        ], output: name + "_abs_rounded")
      let sign = node("Sign", [y], output: name + "_sign")
      y = node("Mul", [sign, rounded], output: name + "_rounded")
    }
    y = node(
      "Add", [y, int64Scalar(name + "_zero_point", Int64(stage.outputZeroPoint))],
      output: name + "_shifted_zero")
    y = node(
      "Clip",
      [
        y, int64Scalar(name + "_min", Int64(stage.outputMin)),
        int64Scalar(name + "_max", Int64(stage.outputMax)),
      ], output: name + "_clamped")
    return cast(y, to: .int8, output: name)
  }

  /// `x` (int64) clamped to the int32 range.
  mutating func clampInt32(_ x: String, _ name: String) -> String {
    node(
      "Clip",
      [
        x, int64Scalar(name + "_lo", Int64(Int32.min)),
        int64Scalar(name + "_hi", Int64(Int32.max)),
      ], output: name)
  }

  mutating func int64s(_ name: String, _ values: [Int64], dims: [Int]) -> String {
    constant(name, .int64, dims: dims, raw: TensorBytes.int64s(values))
  }

  mutating func int64Scalar(_ name: String, _ value: Int64) -> String {
    constant(name, .int64, dims: [], raw: TensorBytes.int64s([value]))
  }

  mutating func uint8Scalar(_ name: String, _ value: UInt8) -> String {
    constant(name, .uint8, dims: [], raw: [value])
  }

  /// int8 codes as uint8 `code + 128` (ONNX Runtime's ConvInteger takes uint8 activations).
  mutating func offsetToUInt8(_ x: String, _ name: String) -> String {
    let wide = cast(x, to: .int32, output: name + "_i32")
    let shifted = node("Add", [wide, int32s(name + "_128", [128], dims: [])], output: name + "_u")
    return cast(shifted, to: .uint8, output: name)
  }
}
