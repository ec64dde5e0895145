// The ONNX messages an export writes, with the field numbers of onnx.proto (ONNX 1.x, IR
// version 7 and later; `scripts/onnx_oracle.py` reads every exported file back with the
// official `onnx` package and runs `onnx.checker.check_model` on it).

/// `TensorProto.DataType` values used here.
public enum ONNXDataType: Int64, Sendable {
  case float = 1
  case uint8 = 2
  case int8 = 3
  case int32 = 6
  case int64 = 7

  /// Bytes per element.
  var size: Int {
    switch self {
    case .float, .int32: return 4
    case .uint8, .int8: return 1
    case .int64: return 8
    }
  }
}

/// `TensorProto`: a named constant; elements in `raw` as little-endian bytes, row-major.
public struct ONNXTensor: Sendable, Equatable {
  public var name: String
  public var type: ONNXDataType
  public var dims: [Int]
  /// `dims.reduce(1, *) * type.size` bytes.
  public var raw: [UInt8]

  public init(name: String, type: ONNXDataType, dims: [Int], raw: [UInt8]) {
    precondition(raw.count == dims.reduce(1, *) * type.size, "tensor \(name): byte count")
    self.name = name
    self.type = type
    self.dims = dims
    self.raw = raw
  }

  /// Fields: dims 1 (packed int64), data_type 2, name 8, raw_data 9.
  public func encode(into w: inout ProtoWriter) {
    if !dims.isEmpty { w.packedInts(1, dims.map(Int64.init)) }
    w.int(2, type.rawValue)
    w.string(8, name)
    w.bytes(9, raw)
  }

  /// The tensor alone, as `onnx.load_tensor` / `numpy_helper.to_array` read a `.pb` file.
  public func serialized() -> [UInt8] {
    var w = ProtoWriter()
    encode(into: &w)
    return w.bytes
  }
}

/// One dimension of a graph input or output: a number or a symbolic name (`N`).
public enum ONNXDimension: Sendable, Equatable {
  case value(Int)
  case symbol(String)
}

/// `ValueInfoProto` of a tensor: name 1, type 2 -> `TypeProto.tensor_type` 1 ->
/// { elem_type 1, shape 2 -> `TensorShapeProto.dim` 1 -> { dim_value 1 | dim_param 2 } }.
public struct ONNXValueInfo: Sendable, Equatable {
  public var name: String
  public var type: ONNXDataType
  public var shape: [ONNXDimension]

  func encode(into w: inout ProtoWriter) {
    w.string(1, name)
    w.message(2) { t in
      t.message(1) { tensor in
        tensor.int(1, type.rawValue)
        tensor.message(2) { s in
          for dim in shape {
            s.message(1) { d in
              switch dim {
              case .value(let v): d.int(1, Int64(v))
              case .symbol(let name): d.string(2, name)
              }
            }
          }
        }
      }
    }
  }
}

/// `AttributeProto`: name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7).
public enum ONNXAttributeValue: Sendable, Equatable {
  case int(Int)
  case float(Float)
  case ints([Int])
}

/// `NodeProto`: input 1, output 2, name 3, op_type 4, attribute 5 (default domain: ai.onnx).
public struct ONNXNode: Sendable, Equatable {
  public var op: String
  public var name: String
  public var inputs: [String]
  public var outputs: [String]
  public var attributes: [(String, ONNXAttributeValue)]

  public static func == (a: ONNXNode, b: ONNXNode) -> Bool {
    a.op == b.op && a.name == b.name && a.inputs == b.inputs && a.outputs == b.outputs
      && a.attributes.map(\.0) == b.attributes.map(\.0)
      && a.attributes.map(\.1) == b.attributes.map(\.1)
  }

  func encode(into w: inout ProtoWriter) {
    for input in inputs { w.string(1, input) }
    for output in outputs { w.string(2, output) }
    w.string(3, name)
    w.string(4, op)
    for (key, value) in attributes {
      w.message(5) { a in
        a.string(1, key)
        switch value {
        case .float(let f):
          a.float(2, f)
          a.int(20, 1)
        case .int(let i):
          a.int(3, Int64(i))
          a.int(20, 2)
        case .ints(let list):
          a.packedInts(8, list.map(Int64.init))
          a.int(20, 7)
        }
      }
    }
  }
}

/// `GraphProto`: node 1, name 2, initializer 5, doc_string 10, input 11, output 12.
public struct ONNXGraph: Sendable, Equatable {
  public var name: String
  public var nodes: [ONNXNode] = []
  public var initializers: [ONNXTensor] = []
  public var inputs: [ONNXValueInfo] = []
  public var outputs: [ONNXValueInfo] = []
  public var doc: String = ""

  func encode(into w: inout ProtoWriter) {
    for node in nodes { w.message(1) { node.encode(into: &$0) } }
    w.string(2, name)
    for tensor in initializers { w.message(5) { tensor.encode(into: &$0) } }
    if !doc.isEmpty { w.string(10, doc) }
    for input in inputs { w.message(11) { input.encode(into: &$0) } }
    for output in outputs { w.message(12) { output.encode(into: &$0) } }
  }
}

/// `ModelProto`: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8
/// (`OperatorSetIdProto`: domain 1, version 2), metadata_props 14 (key 1, value 2).
public struct ONNXModel: Sendable, Equatable {
  /// IR version 7 goes with opset 13 (ONNX 1.8), which every ONNX Runtime since 1.6 reads.
  public static let irVersion: Int64 = 7
  public static let opset: Int64 = 13

  public var graph: ONNXGraph
  public var producerVersion: String
  /// `metadata_props`, in order (Netron shows them).
  public var metadata: [(String, String)]

  public static func == (a: ONNXModel, b: ONNXModel) -> Bool {
    a.graph == b.graph && a.producerVersion == b.producerVersion
      && a.metadata.map(\.0) == b.metadata.map(\.0) && a.metadata.map(\.1) == b.metadata.map(\.1)
  }

  /// The `.onnx` file's bytes.
  public func serialized() -> [UInt8] {
    var w = ProtoWriter()
    w.int(1, Self.irVersion)
    w.string(2, "quantbook")
    w.string(3, producerVersion)
    w.message(7) { graph.encode(into: &$0) }
    w.message(8) { o in
      o.string(1, "")
      o.int(2, Self.opset)
    }
    for (key, value) in metadata {
      w.message(14) { m in
        m.string(1, key)
        m.string(2, value)
      }
    }
    return w.bytes
  }
}
