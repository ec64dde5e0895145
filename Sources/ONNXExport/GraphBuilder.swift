/// Collects the nodes and constants of one ONNX graph, naming each new tensor uniquely.
///
/// Activations of 2-D images are kept NCHW inside the graph (ONNX's Conv, MaxPool and
/// BatchNormalization want channels second) and turned back to Quantbook's NHWC where the
/// element order matters (flatten, per-layer outputs); `Activation` says which it is.
struct GraphBuilder {
  var nodes: [ONNXNode] = []
  var initializers: [ONNXTensor] = []
  private var used: Set<String> = []

  /// A tensor flowing through the graph, with its per-sample shape in Quantbook's `[H, W, C]`
  /// or `[F]` order and whether its 4-D form is NCHW.
  struct Activation {
    var name: String
    var shape: [Int]
    var channelsFirst: Bool
  }

  /// `base`, or `base_2`, `base_3`, ... when taken.
  mutating func fresh(_ base: String) -> String {
    var name = base
    var n = 2
    while used.contains(name) {
      name = "\(base)_\(n)"
      n += 1
    }
    used.insert(name)
    return name
  }

  /// Adds a node; returns the name of its (first) output, `fresh(output)`.
  @discardableResult
  mutating func node(
    _ op: String, _ inputs: [String], output: String,
    _ attributes: [(String, ONNXAttributeValue)] = []
  ) -> String {
    let out = fresh(output)
    nodes.append(
      ONNXNode(
        op: op, name: fresh("node_" + out), inputs: inputs, outputs: [out],
        attributes: attributes))
    return out
  }

  /// A constant; returns its (fresh) name.
  mutating func constant(_ name: String, _ type: ONNXDataType, dims: [Int], raw: [UInt8])
    -> String
  {
    let unique = fresh(name)
    initializers.append(ONNXTensor(name: unique, type: type, dims: dims, raw: raw))
    return unique
  }

  mutating func floats(_ name: String, _ values: [Float], dims: [Int]? = nil) -> String {
    constant(name, .float, dims: dims ?? [values.count], raw: TensorBytes.floats(values))
  }

  mutating func floatScalar(_ name: String, _ value: Float) -> String {
    constant(name, .float, dims: [], raw: TensorBytes.floats([value]))
  }

  mutating func int8s(_ name: String, _ values: [Int8], dims: [Int]) -> String {
    constant(name, .int8, dims: dims, raw: values.map { UInt8(bitPattern: $0) })
  }

  mutating func int8Scalar(_ name: String, _ value: Int8) -> String {
    constant(name, .int8, dims: [], raw: [UInt8(bitPattern: value)])
  }

  mutating func int32s(_ name: String, _ values: [Int32], dims: [Int]) -> String {
    constant(name, .int32, dims: dims, raw: TensorBytes.int32s(values))
  }

  /// `x` cast to `type`; returns the (fresh) output name.
  mutating func cast(_ x: String, to type: ONNXDataType, output: String) -> String {
    node("Cast", [x], output: output, [("to", .int(Int(type.rawValue)))])
  }

  /// The attributes of a `kernel x kernel` window moved by `stride`, with `pads`
  /// `[top, left, bottom, right]` when given (Conv, ConvInteger, QLinearConv, the pools).
  static func window(_ kernel: Int, _ stride: Int, pads: [Int]? = nil)
    -> [(String, ONNXAttributeValue)]
  {
    [("kernel_shape", .ints([kernel, kernel])), ("strides", .ints([stride, stride]))]
      + (pads.map { [("pads", .ints($0))] } ?? [])
  }

  /// A `size x size` pooling `op` (MaxPool, AveragePool) with `stride` and valid padding on
  /// `x` in NCHW: output `pool<i>`, per-sample `shape`.
  mutating func pool(
    _ op: String, _ size: Int, _ stride: Int, _ x: Activation, _ shape: [Int], _ i: Int
  ) -> Activation {
    let input = channelsFirst(x)
    let out = node(op, [input.name], output: "pool\(i)", Self.window(size, stride))
    return Activation(name: out, shape: shape, channelsFirst: true)
  }

  /// The scale and zero point initializers of a DequantizeLinear and the node's attributes.
  typealias Grid = (scale: String, zero: String, attributes: [(String, ONNXAttributeValue)])

  /// A grid of `scales` and int8 `zeroPoints`: one per channel along `axis` (1-D
  /// initializers), or, with `axis` nil, the first of each as a scalar (one per tensor).
  mutating func grid(_ name: String, scales: [Float], zeroPoints: [Int8], axis: Int?) -> Grid {
    guard let axis else {
      return (
        floatScalar(name + "_scale", scales[0]), int8Scalar(name + "_zero_point", zeroPoints[0]),
        []
      )
    }
    return (
      floats(name + "_scale", scales),
      int8s(name + "_zero_point", zeroPoints, dims: [zeroPoints.count]), [("axis", .int(axis))]
    )
  }

  /// A conv weight in ONNX's `[O, I, kh, kw]` order (`dims`): `weight(o, i, y, x)` at each
  /// place, from whatever layout `weight` reads (Quantbook's HWIO, the integer engine's rows).
  static func oihw<T>(_ dims: [Int], _ weight: (Int, Int, Int, Int) -> T) -> [T] {
    var out: [T] = []
    out.reserveCapacity(dims.reduce(1, *))
    for o in 0..<dims[0] {
      for i in 0..<dims[1] {
        for y in 0..<dims[2] {
          for x in 0..<dims[3] { out.append(weight(o, i, y, x)) }
        }
      }
    }
    return out
  }

  /// `x` in NCHW (a no-op for vectors and tensors already NCHW).
  mutating func channelsFirst(_ x: Activation) -> Activation {
    guard x.shape.count == 3, !x.channelsFirst else { return x }
    let out = node(
      "Transpose", [x.name], output: x.name + "_nchw", [("perm", .ints([0, 3, 1, 2]))])
    return Activation(name: out, shape: x.shape, channelsFirst: true)
  }

  /// `x` in NHWC, Quantbook's element order (a no-op for vectors and NHWC tensors).
  mutating func channelsLast(_ x: Activation) -> Activation {
    guard x.shape.count == 3, x.channelsFirst else { return x }
    let out = node(
      "Transpose", [x.name], output: x.name + "_nhwc", [("perm", .ints([0, 2, 3, 1]))])
    return Activation(name: out, shape: x.shape, channelsFirst: false)
  }

  /// `[N, H, W, C] -> [N, H * W * C]` in NHWC order (Quantbook's flatten).
  mutating func flatten(_ x: Activation, output: String) -> Activation {
    let last = channelsLast(x)
    let out = node("Flatten", [last.name], output: output, [("axis", .int(1))])
    return Activation(name: out, shape: [x.shape.reduce(1, *)], channelsFirst: false)
  }

  /// `pixels` (uint8 `[N, H, W, C]`) looked up in a 256-entry table of `type`: the exact
  /// pixel-to-input mapping of the model's input encoding.
  mutating func lookUp(pixels: String, table: String, output: String) -> String {
    let indices = cast(pixels, to: .int32, output: "pixel_indices")
    return node("Gather", [table, indices], output: output, [("axis", .int(0))])
  }

  /// The graph's input: uint8 pixels `[N, H, W, C]`, `N` symbolic.
  static func pixelInput(_ shape: [Int]) -> ONNXValueInfo {
    ONNXValueInfo(name: "pixels", type: .uint8, shape: [.symbol("N")] + shape.map { .value($0) })
  }

  /// An output of `type` with per-sample `shape` (NHWC for images).
  static func output(_ name: String, _ type: ONNXDataType, _ shape: [Int]) -> ONNXValueInfo {
    ONNXValueInfo(name: name, type: type, shape: [.symbol("N")] + shape.map { .value($0) })
  }
}

/// Little-endian element bytes for `raw_data`.
enum TensorBytes {
  static func floats(_ values: [Float]) -> [UInt8] { littleEndian(values.map(\.bitPattern)) }

  static func int32s(_ values: [Int32]) -> [UInt8] { littleEndian(values) }

  static func int64s(_ values: [Int64]) -> [UInt8] { littleEndian(values) }

  /// Each value's `T.bitWidth / 8` bytes, least significant first (two's complement).
  static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(values.count * T.bitWidth / 8)
    for bits in values {
      for shift in stride(from: 0, to: T.bitWidth, by: 8) {
        out.append(UInt8(truncatingIfNeeded: bits >> shift))
      }
    }
    return out
  }
}
