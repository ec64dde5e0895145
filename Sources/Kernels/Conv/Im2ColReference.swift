/// The plain reference twin of `im2col`.
public func im2colReference(
  _ g: ConvGeometry, input: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>
) {
  var row = 0
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        var col = 0
        for ky in 0..<g.kernelHeight {
          for kx in 0..<g.kernelWidth {
            let y = oy * g.strideY + ky - g.padTop
            let x = ox * g.strideX + kx - g.padLeft
            let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
            for c in 0..<g.channels {
              columns[row * g.patchSize + col] =
                inside ? input[((b * g.height + y) * g.width + x) * g.channels + c] : 0
              col += 1
            }
          }
        }
        row += 1
      }
    }
  }
}

/// The plain reference twin of `col2im`.
public func col2imReference(
  _ g: ConvGeometry, columns: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
  output.update(repeating: 0, count: g.batch * g.height * g.width * g.channels)
  var row = 0
  for b in 0..<g.batch {
    for oy in 0..<g.outHeight {
      for ox in 0..<g.outWidth {
        var col = 0
        for ky in 0..<g.kernelHeight {
          for kx in 0..<g.kernelWidth {
            let y = oy * g.strideY + ky - g.padTop
            let x = ox * g.strideX + kx - g.padLeft
            let inside = y >= 0 && y < g.height && x >= 0 && x < g.width
            for c in 0..<g.channels {
              if inside {
                output[((b * g.height + y) * g.width + x) * g.channels + c] +=
                  columns[row * g.patchSize + col]
              }
              col += 1
            }
          }
        }
        row += 1
      }
    }
  }
}
