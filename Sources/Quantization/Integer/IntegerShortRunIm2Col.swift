import Kernels

/// `int8Im2col` for convolutions whose kernel rows are short (`kernelWidth * channels` below
/// 16 bytes, e.g. a 3x3 conv on one-channel images: 3-byte runs), where the kernel's one
/// memory copy per run costs more than the bytes it moves.
///
/// Same layout and bits as `int8Im2col` / `int8Im2colReference`: `columns[(b, oy, ox),
/// (ky, kx, c)]`, padding cells hold `zeroPoint`. Interior runs are copied as one or two
/// 8-byte words; runs touching the border go element by element. (A candidate for `Kernels`,
/// where the other im2col variants live.)
///
/// Precondition: `input` and `columns` have `shortRunSlack` readable/writable bytes past
/// their ends. A word copy may read past a run and write past it; the bytes written past a
/// run are overwritten by the next run (runs are written in order) or land in the slack.
func int8Im2colShortRuns(
  _ g: ConvGeometry, input: UnsafePointer<Int8>, zeroPoint: Int8,
  columns: UnsafeMutablePointer<Int8>
) {
  let c = g.channels
  let run = g.kernelWidth * c
  var out = columns
  for b in 0..<g.batch {
    let image = (b * g.height) * g.width * c
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        let x0 = ox * g.strideX - g.padLeft
        let columnsInside = x0 >= 0 && x0 + g.kernelWidth <= g.width
        for ky in 0..<g.kernelHeight {
          let y = oy * g.strideY + ky - g.padTop
          if y >= 0 && y < g.height && columnsInside {
            copyShortRun(from: input + image + (y * g.width + x0) * c, to: out, count: run)
          } else {
            for kx in 0..<g.kernelWidth {
              let x = x0 + kx
              let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
              for ch in 0..<c {
                out[kx * c + ch] = inside ? input[image + (y * g.width + x) * c + ch] : zeroPoint
              }
            }
          }
          out += run
        }
      }
    }
  }
}

/// Bytes of slack `int8Im2colShortRuns` needs past the end of its input and output.
let shortRunSlack = 16

/// Copies `count` (< 16) bytes as one or two 8-byte words (may touch up to 16 bytes).
@inline(__always)
private func copyShortRun(
  from source: UnsafePointer<Int8>, to target: UnsafeMutablePointer<Int8>, count: Int
) {
  let from = UnsafeRawPointer(source)
  let to = UnsafeMutableRawPointer(target)
  to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
  if count > 8 {
    to.storeBytes(
      of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
  }
}
