/// The per-channel constants of a `RequantizationStage` as 8-lane vectors, and the SIMD form
/// of `RequantizationStage.apply` (all arithmetic in Int64 lanes, where nothing overflows).
struct RequantizeLanes {
  typealias Lanes = SIMD8<Int64>
  var bias: [Lanes] = []
  var multiplier: [Lanes] = []
  var left: [Lanes] = []
  var right: [Lanes] = []
  let zeroPoint: Lanes
  let low: Lanes
  let high: Lanes

  /// Groups of 8 channels `0 ..< channels` (a multiple of 8).
  init(_ stage: RequantizationStage, bias biasPointer: UnsafePointer<Int32>?, channels: Int) {
    zeroPoint = Lanes(repeating: Int64(stage.outputZeroPoint))
    low = Lanes(repeating: Int64(stage.outputMin))
    high = Lanes(repeating: Int64(stage.outputMax))
    for group in 0..<channels / 8 {
      var b = Lanes(), mul = Lanes(), l = Lanes(), r = Lanes()
      for lane in 0..<8 {
        let j = group * 8 + lane
        b[lane] = Int64(biasPointer?[j] ?? 0)
        mul[lane] = Int64(stage.multipliers[j])
        l[lane] = Int64(max(0, -stage.shifts[j]))
        r[lane] = Int64(max(0, stage.shifts[j]))
      }
      bias.append(b)
      multiplier.append(mul)
      left.append(l)
      right.append(r)
    }
  }

  /// Requantizes 8 accumulators of channel group `group`; the result lanes are in
  /// [outputMin, outputMax].
  @inline(__always)
  func apply(_ accumulator: SIMD8<Int32>, group: Int) -> SIMD8<Int32> {
    let int32Min = Lanes(repeating: Int64(Int32.min)), int32Max = Lanes(repeating: Int64(Int32.max))
    // Saturating bias add, then saturating left shift (|x| < 2^31, shift <= 31: no overflow).
    var x = (Lanes(truncatingIfNeeded: accumulator) &+ bias[group]).clamped(lowerBound: int32Min, upperBound: int32Max)
    x = (x &<< left[group]).clamped(lowerBound: int32Min, upperBound: int32Max)
    // SaturatingRoundingDoublingHighMul (gemmlowp's nudges): multipliers are >= 0, so it never
    // saturates here.
    let product = x &* multiplier[group]
    let nudge = Lanes(repeating: 1 << 30).replacing(with: 1 - (1 << 30), where: product .< 0)
    let sum = product &+ nudge
    var y = (sum &+ ((sum &>> 63) & ((1 << 31) - 1))) &>> 31  // divide by 2^31 toward zero
    // RoundingDivideByPOT by `right`.
    let mask = (Lanes(repeating: 1) &<< right[group]) &- 1
    let remainder = y & mask
    let threshold = (mask &>> 1) &+ ((y &>> 63) & 1)
    y = (y &>> right[group]) &+ Lanes(repeating: 0).replacing(with: 1, where: remainder .> threshold)
    y = (y &+ zeroPoint).clamped(lowerBound: low, upperBound: high)
    return SIMD8<Int32>(truncatingIfNeeded: y)
  }
}
