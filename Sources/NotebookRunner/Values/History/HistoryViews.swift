import HTMLReport
import TensorEngine

extension History {
  /// Accuracy and loss per epoch, as two line charts and a table (titled "Training" unless
  /// given a title); `timings` adds seconds and images/s per epoch.
  func outputs(title: String?, timings: Bool) -> [CellOutput] {
    let (h, title) = (self, title ?? "Training")
    let epochs = h.epochs.map { Double($0.epoch) }
    var accuracy = [LineChart.Series("train", x: epochs, y: h.epochs.map { $0.trainAccuracy * 100 })]
    var loss = [LineChart.Series("train", x: epochs, y: h.epochs.map(\.trainLoss))]
    let hasTest = h.epochs.contains { $0.testAccuracy != nil }
    if hasTest {
      accuracy.append(.init("validation", x: epochs, y: h.epochs.map { ($0.testAccuracy ?? .nan) * 100 }))
      loss.append(.init("validation", x: epochs, y: h.epochs.map { $0.testLoss ?? .nan }))
    }
    let epochAxis = Axis("epoch", domain: 1...Double(max(2, h.epochs.count)))
    var columns: [Table.Column] = [
      .init("epoch", .numeric), .init("learning rate", .numeric), .init("train loss", .numeric),
      .init("train accuracy", .numeric),
    ]
    if hasTest { columns += [.init("validation loss", .numeric), .init("validation accuracy", .numeric)] }
    if timings { columns += [.init("seconds", .numeric), .init("images/s", .numeric)] }
    let rows = h.epochs.map { e -> [String] in
      var row = [
        String(e.epoch), Format.number(Double(e.learningRate)), Format.number(e.trainLoss),
        Format.percent(e.trainAccuracy, decimals: 2),
      ]
      if hasTest {
        row += [e.testLoss.map { Format.number($0) } ?? "", e.testAccuracy.map { Format.percent($0, decimals: 2) } ?? ""]
      }
      return timings ? row + [Format.fixed(e.seconds, decimals: 1), Format.count(Int(e.imagesPerSecond.rounded()))] : row
    }
    let table = CellOutput.table(Table(caption: "\(title), epoch by epoch", columns: columns, rows: rows))
    guard h.epochs.count >= 2 else { return [table] }
    return [
      .chart(.line(
        title: "\(title): accuracy per epoch", description: "Accuracy in percent after each epoch of training.",
        x: epochAxis, y: Axis("accuracy (%)"), series: accuracy)),
      .chart(.line(
        title: "\(title): loss per epoch", description: "Mean loss per image over each epoch.",
        x: epochAxis, y: Axis("loss"), series: loss)),
      table,
    ]
  }
}
