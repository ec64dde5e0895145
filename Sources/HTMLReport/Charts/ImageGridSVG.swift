extension ImageGrid {
  /// Images in rows of `columns`, each a PNG data URL scaled up with crisp pixels, framed,
  /// with its label underneath. An image whose pixel count is not width x height is drawn as
  /// an empty frame.
  func svg(title: String, description: String) -> Node {
    let perRow = max(1, min(columns, images.count))
    let gap = 8.0
    let labelHeight = images.contains { $0.label != nil } ? 16.0 : 0
    let size = min(
      Double(max(cellSize, 8)), (Canvas.width - 2 * Canvas.padding) / Double(perRow) - gap)
    let rows = (images.count + perRow - 1) / perRow
    let height = Canvas.padding * 2 + Double(rows) * (size + gap + labelHeight)
    var children: [Node] = []
    for (i, image) in images.enumerated() {
      let x = Canvas.padding + Double(i % perRow) * (size + gap)
      let y = Canvas.padding + Double(i / perRow) * (size + gap + labelHeight)
      let aspect = Double(max(image.height, 1)) / Double(max(image.width, 1))
      let w = aspect > 1 ? size / aspect : size
      let h = aspect > 1 ? size : size * aspect
      var group: [Node] = []
      if let png = try? PNG.grayscale(
        width: image.width, height: image.height, pixels: image.pixels)
      {
        group.append(
          .el(
            "image",
            Canvas.box(x, y, w, h) + [
              Attribute("href", "data:image/png;base64," + Base64.encode(png)),
              Attribute("preserveAspectRatio", "none"), .class("thumb"),
            ]))
      }
      group.append(Canvas.rect(x, y, w, h, cls: "thumb-frame"))
      if let label = image.label {
        let fit = Int((size + gap) / (10 * 0.6))
        group.append(
          Canvas.text(
            Canvas.truncated(label, max(fit, 3)), x: x + size / 2,
            y: y + size + 13, cls: "thumb-label"))
      }
      children.append(.el("g", [.class("thumb-cell")], group))
    }
    return Canvas.root(
      kind: "images", title: title, description: description, height: height, children)
  }
}
