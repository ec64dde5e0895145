import HTMLReport

/// Cache encoding of report outputs (HTMLReport's values) and of `JSON` trees: what a cached
/// statement showed, stored as drawn so that any kind of value can be restored exactly.
extension CacheWriter {
  mutating func output(_ o: CellOutput) {
    switch o {
    case .table(let t): u8(0); table(t)
    case .chart(let c): u8(1); chart(c)
    case .metrics(let m):
      u8(2)
      optional(m.title) { $0.string($1) }
      stringPairs(m.metrics.map { ($0.name, $0.value) })
    case .text(let t): u8(3); optional(t.title) { $0.string($1) }; string(t.text)
    case .modelSummary(let t): u8(4); table(t)
    case .error(let e):
      u8(5)
      string(e.message)
      optional(e.file) { $0.string($1) }
      optional(e.line) { $0.int($1) }
      optional(e.column) { $0.int($1) }
      optional(e.sourceLine) { $0.string($1) }
      int(e.caretLength)
      optional(e.hint) { $0.string($1) }
    case .claim(let c):
      u8(6); string(c.sentence); bool(c.held); string(c.left); string(c.op); string(c.right)
      optional(c.detail) { $0.string($1) }
    }
  }

  mutating func table(_ t: Table) {
    optional(t.caption) { $0.string($1) }
    array(t.columns) {
      $0.string($1.header); $0.string($1.alignment.rawValue)
    }
    array(t.rows) { $0.strings($1) }
  }

  mutating func axis(_ a: Axis) {
    string(a.label)
    switch a.scale {
    case .linear: u8(0)
    case .logarithmic(let base): u8(1); double(base)
    case .categorical(let names): u8(2); strings(names)
    }
    optional(a.domain) {
      $0.double($1.lowerBound); $0.double($1.upperBound)
    }
  }

  mutating func chart(_ c: Chart) {
    string(c.title)
    string(c.description)
    switch c.kind {
    case .line(let l):
      u8(0); axis(l.x); axis(l.y); bool(l.markers)
      array(l.series) { w, s in
        w.string(s.name); w.doubles(s.points.map(\.x)); w.doubles(s.points.map(\.y))
      }
    case .bar(let b):
      u8(1); strings(b.categories); string(b.categoryLabel); axis(b.value)
      array(b.series) {
        $0.string($1.name); $0.doubles($1.values)
      }
    case .histogram(let h):
      u8(2); double(h.bins.lowerBound); double(h.bins.width); ints(h.bins.counts); axis(h.x)
      string(h.yLabel); doubles(h.markers); optional(h.markerName) { $0.string($1) }
    case .heatmap(let h):
      u8(3); strings(h.rowLabels); strings(h.columnLabels); string(h.rowAxisLabel);
      string(h.columnAxisLabel)
      array(h.values) { $0.doubles($1) }
    case .imageGrid(let g):
      u8(4); int(g.columns); int(g.cellSize)
      array(g.images) { w, i in
        w.int(i.width); w.int(i.height); w.raw(i.pixels); w.optional(i.label) { $0.string($1) }
      }
    }
  }

  mutating func json(_ j: JSON) {
    switch j {
    case .null: u8(0)
    case .bool(let v): u8(1); bool(v)
    case .number(let v): u8(2); double(v)
    case .int(let v): u8(3); int(v)
    case .string(let v): u8(4); string(v)
    case .array(let items): u8(5); array(items) { $0.json($1) }
    case .object(let members):
      u8(6);
      array(members) {
        $0.string($1.0); $0.json($1.1)
      }
    }
  }
}

extension CacheReader {
  mutating func output() throws(CacheDecodingError) -> CellOutput {
    switch try u8() {
    case 0: return .table(try table())
    case 1: return .chart(try chart())
    // Arguments are evaluated left to right: each reads its field in the written order.
    case 2:
      let title = try optionalString()
      return .metrics(MetricList(title: title, try stringPairs().map { Metric($0.0, $0.1) }))
    case 3: return .text(TextBlock(title: try optionalString(), try string()))
    case 4: return .modelSummary(try table())
    case 5:
      return .error(
        CellError(
          message: try string(), file: try optionalString(), line: try optionalInt(),
          column: try optionalInt(), sourceLine: try optionalString(), caretLength: try int(),
          hint: try optionalString()))
    case 6:
      return .claim(
        ClaimOutput(
          sentence: try string(), held: try bool(), left: try string(), op: try string(),
          right: try string(), detail: try optionalString()))
    case let tag: throw CacheDecodingError("unknown output tag \(tag)")
    }
  }

  mutating func table() throws(CacheDecodingError) -> Table {
    let caption = try optionalString()
    let columns = try array { r throws(CacheDecodingError) -> Table.Column in
      let header = try r.string()
      guard let alignment = Table.Alignment(rawValue: try r.string()) else {
        throw CacheDecodingError("bad alignment")
      }
      return Table.Column(header, alignment)
    }
    let rows = try array { r throws(CacheDecodingError) in try r.strings() }
    return Table(caption: caption, columns: columns, rows: rows)
  }

  mutating func axis() throws(CacheDecodingError) -> Axis {
    let label = try string()
    let scale: AxisScale
    switch try u8() {
    case 0: scale = .linear
    case 1: scale = .logarithmic(base: try double())
    case 2: scale = .categorical(try strings())
    case let tag: throw CacheDecodingError("unknown axis scale \(tag)")
    }
    let domain = try optional { r throws(CacheDecodingError) -> ClosedRange<Double> in
      let (lo, hi) = (try r.double(), try r.double())
      guard lo <= hi else { throw CacheDecodingError("bad axis domain") }
      return lo...hi
    }
    return Axis(label, scale: scale, domain: domain)
  }

  mutating func chart() throws(CacheDecodingError) -> Chart {
    let title = try string()
    let description = try string()
    switch try u8() {
    case 0:
      let (x, y, markers) = (try axis(), try axis(), try bool())
      let series = try array { r throws(CacheDecodingError) in
        LineChart.Series(try r.string(), x: try r.doubles(), y: try r.doubles())
      }
      return .line(
        title: title, description: description, x: x, y: y, series: series, markers: markers)
    // The arguments below are in the written order (evaluated left to right).
    case 1:
      return .bar(
        title: title, description: description, categories: try strings(),
        categoryLabel: try string(), value: try axis(),
        series: try array { r throws(CacheDecodingError) in
          BarChart.Series(try r.string(), try r.doubles())
        })
    case 2:
      return .histogram(
        title: title, description: description,
        bins: Histogram.Bins(lowerBound: try double(), width: try double(), counts: try ints()),
        x: try axis(), yLabel: try string(), markers: try doubles(),
        markerName: try optionalString())
    case 3:
      return .heatmap(
        title: title, description: description, rowLabels: try strings(),
        columnLabels: try strings(), rowAxisLabel: try string(), columnAxisLabel: try string(),
        values: try array { r throws(CacheDecodingError) in try r.doubles() })
    case 4:
      let (columns, cellSize) = (try int(), try int())
      let images = try array { r throws(CacheDecodingError) -> GrayImage in
        let (w, h, pixels) = (try r.int(), try r.int(), try r.raw())
        return GrayImage(width: w, height: h, pixels: pixels, label: try r.optionalString())
      }
      return .imageGrid(
        title: title, description: description, images: images, columns: columns, cellSize: cellSize
      )
    case let tag: throw CacheDecodingError("unknown chart tag \(tag)")
    }
  }

  mutating func json() throws(CacheDecodingError) -> JSON {
    switch try u8() {
    case 0: return .null
    case 1: return .bool(try bool())
    case 2: return .number(try double())
    case 3: return .int(try int())
    case 4: return .string(try string())
    case 5: return .array(try array { r throws(CacheDecodingError) in try r.json() })
    case 6:
      return .object(try array { r throws(CacheDecodingError) in (try r.string(), try r.json()) })
    case let tag: throw CacheDecodingError("unknown JSON tag \(tag)")
    }
  }
}
