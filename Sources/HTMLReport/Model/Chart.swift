/// A chart: a title (the SVG `<title>` and the figure caption), a description (the SVG
/// `<desc>`, a sentence for screen readers) and one of the chart kinds.
/// ``svg()`` draws it; colours come from CSS custom properties of the page.
public struct Chart: Sendable, Equatable {
  public var title: String
  public var description: String
  public var kind: Kind

  public enum Kind: Sendable, Equatable {
    case line(LineChart)
    case bar(BarChart)
    case histogram(Histogram)
    case heatmap(Heatmap)
    case imageGrid(ImageGrid)
  }

  /// A line chart: several series of (x, y) points.
  public static func line(
    title: String, description: String, x: Axis, y: Axis, series: [LineChart.Series],
    markers: Bool = true
  ) -> Chart {
    Chart(
      title: title, description: description,
      kind: .line(LineChart(x: x, y: y, series: series, markers: markers)))
  }

  /// A bar chart with one bar per category per series (grouped when there are several series).
  public static func bar(
    title: String, description: String, categories: [String], categoryLabel: String,
    value: Axis, series: [BarChart.Series]
  ) -> Chart {
    Chart(
      title: title, description: description,
      kind: .bar(
        BarChart(
          categories: categories, categoryLabel: categoryLabel,
          value: value, series: series)))
  }

  /// A histogram of pre-binned counts with optional vertical marker lines.
  public static func histogram(
    title: String, description: String, bins: Histogram.Bins, x: Axis,
    yLabel: String = "count", markers: [Double] = [], markerName: String? = nil
  ) -> Chart {
    Chart(
      title: title, description: description,
      kind: .histogram(
        Histogram(
          bins: bins, x: x, yLabel: yLabel, markers: markers,
          markerName: markerName)))
  }

  /// A heatmap, e.g. a confusion matrix: `values[row][column]`, labelled rows and columns.
  public static func heatmap(
    title: String, description: String, rowLabels: [String], columnLabels: [String],
    rowAxisLabel: String, columnAxisLabel: String, values: [[Double]]
  ) -> Chart {
    Chart(
      title: title, description: description,
      kind: .heatmap(
        Heatmap(
          rowLabels: rowLabels, columnLabels: columnLabels,
          rowAxisLabel: rowAxisLabel, columnAxisLabel: columnAxisLabel,
          values: values)))
  }

  /// A grid of small grayscale images (inputs, filters), embedded as PNG data URLs.
  public static func imageGrid(
    title: String, description: String, images: [GrayImage], columns: Int = 8,
    cellSize: Int = 56
  ) -> Chart {
    Chart(
      title: title, description: description,
      kind: .imageGrid(ImageGrid(images: images, columns: columns, cellSize: cellSize)))
  }
}

/// An axis: its label, the scale, and an optional fixed domain (else fitted to the data).
public struct Axis: Sendable, Equatable {
  public var label: String
  public var scale: AxisScale
  /// Fixed bounds, e.g. `0...1` for an accuracy axis.
  public var domain: ClosedRange<Double>?

  public init(_ label: String, scale: AxisScale = .linear, domain: ClosedRange<Double>? = nil) {
    self.label = label
    self.scale = scale
    self.domain = domain
  }
}

/// How values are placed along an axis.
public enum AxisScale: Sendable, Equatable {
  case linear
  /// Logarithmic in `base` (2 for bit widths, 10 for sizes); values must be > 0.
  case logarithmic(base: Double)
  /// Evenly spaced named positions; a point's x is the index into the names.
  case categorical([String])
}

/// Line chart data. Points with non-finite coordinates are skipped (the line breaks there).
public struct LineChart: Sendable, Equatable {
  public var x: Axis
  public var y: Axis
  public var series: [Series]
  public var markers: Bool

  public struct Series: Sendable, Equatable {
    public var name: String
    public var points: [Point]
    /// A series from parallel arrays of x and y values (the shorter length wins).
    public init(_ name: String, x: [Double], y: [Double]) {
      self.name = name
      self.points = zip(x, y).map { Point(x: $0, y: $1) }
    }
  }

  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
  }
}

/// Bar chart data: `series[s].values[c]` is the bar of series s in category c.
public struct BarChart: Sendable, Equatable {
  public var categories: [String]
  public var categoryLabel: String
  public var value: Axis
  public var series: [Series]

  public struct Series: Sendable, Equatable {
    public var name: String
    public var values: [Double]
    public init(_ name: String, _ values: [Double]) {
      self.name = name
      self.values = values
    }
  }
}

/// Histogram data: counts over equal-width bins, plus vertical markers (quantization levels).
public struct Histogram: Sendable, Equatable {
  public var bins: Bins
  public var x: Axis
  public var yLabel: String
  public var markers: [Double]
  public var markerName: String?

  /// `counts[i]` values fell in `[lowerBound + i * width, lowerBound + (i + 1) * width)`.
  public struct Bins: Sendable, Equatable {
    public var lowerBound: Double
    public var width: Double
    public var counts: [Int]

    public init(lowerBound: Double, width: Double, counts: [Int]) {
      self.lowerBound = lowerBound
      self.width = width
      self.counts = counts
    }

    public var upperBound: Double { lowerBound + width * Double(counts.count) }
  }
}

/// Heatmap data; `values[row][column]`. Cell text is the value by
/// ``Format/number(_:significant:)``.
public struct Heatmap: Sendable, Equatable {
  public var rowLabels: [String]
  public var columnLabels: [String]
  public var rowAxisLabel: String
  public var columnAxisLabel: String
  public var values: [[Double]]
}

/// A grid of grayscale images.
public struct ImageGrid: Sendable, Equatable {
  public var images: [GrayImage]
  public var columns: Int
  /// Displayed size of each image in SVG units (images are scaled up, pixelated).
  public var cellSize: Int
}

/// An 8-bit grayscale image, row-major, `pixels.count == width * height`, 0 = black.
public struct GrayImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var pixels: [UInt8]
  /// Shown under the image (e.g. the class name).
  public var label: String?

  public init(width: Int, height: Int, pixels: [UInt8], label: String? = nil) {
    self.width = width
    self.height = height
    self.pixels = pixels
    self.label = label
  }

  /// An image from floats, mapped linearly so min -> 0 and max -> 255
  /// (or, with `symmetric`, -m -> 0, 0 -> 128, m -> 255 where m = max |v|, for filters).
  /// A constant image maps to mid-gray; non-finite values to 0.
  public static func normalized(
    width: Int, height: Int, values: [Float], symmetric: Bool = false, label: String? = nil
  ) -> GrayImage {
    let finite = values.filter(\.isFinite)
    var lo = finite.min() ?? 0
    var hi = finite.max() ?? 0
    if symmetric {
      let m = max(abs(lo), abs(hi))
      (lo, hi) = (-m, m)
    }
    let span = hi - lo
    let pixels = values.map { v -> UInt8 in
      guard v.isFinite else { return 0 }
      guard span > 0 else { return 128 }
      return UInt8(max(0, min(255, ((v - lo) / span * 255).rounded())))
    }
    return GrayImage(width: width, height: height, pixels: pixels, label: label)
  }
}
