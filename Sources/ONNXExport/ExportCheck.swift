import Quantization
import TensorEngine

/// The files beside an export that let an ONNX runtime be checked against Quantbook
/// (`export(..., check: split)`; `scripts/onnx_oracle.py` reads them). Each tensor is a
/// `TensorProto` file (`onnx.load_tensor` / `onnx.numpy_helper.to_array` read it).
public enum ExportCheck {
  /// One file of the check folder: its name and bytes.
  public struct File: Sendable {
    public var name: String
    public var bytes: [UInt8]
  }

  /// `pixels.pb` (uint8 `[count, H, W, C]`), `labels.pb` and `predictions.pb` (int64
  /// `[count]`): the split's images and labels and Quantbook's predicted class of each.
  public static func predictions(split: Split, predictions: [Int]) -> [File] {
    [
      tensor("pixels", .uint8, [split.count] + split.imageShape, split.images),
      tensor("labels", .int64, [split.count], TensorBytes.int64s(split.labels.map(Int64.init))),
      tensor(
        "predictions", .int64, [predictions.count],
        TensorBytes.int64s(predictions.map(Int64.init))),
    ]
  }

  /// For an integer model, on the first `count` images of `split`: `codes-0.pb`, the input
  /// codes (int8 `[count, H, W, C]`), and for each layer i `layer-i.onnx` (the layer alone,
  /// `IntegerExport.layerGraph`) and `codes-(i+1).pb`, the engine's output codes of that layer
  /// (int8 NHWC; int32 for a final accumulator layer), computed by running the model cut
  /// after layer i on the engine's own kernels. The layers are written in `form`, as the model.
  public static func integerLayers(
    _ model: IntegerModel, split: Split, count: Int, threads: Int, version: String,
    form: IntegerExport.Form = .exact
  ) throws -> [File] {
    let k = min(count, split.count)
    let size = split.imageShape.reduce(1, *)
    let subset = try Split(
      images: Array(split.images[0..<(k * size)]), labels: Array(split.labels[0..<k]),
      imageShape: split.imageShape)
    let input = subset.images.map { model.input.codes[Int($0)] }
    var files = [
      tensor("codes-0", .int8, [k] + model.inputShape, input.map { UInt8(bitPattern: $0) })
    ]
    for i in model.layers.indices {
      let graph = try IntegerExport.layerGraph(model, layer: i, form: form)
      files.append(
        File(name: "layer-\(i).onnx", bytes: onnxModel(graph, version: version).serialized()))
      let cut = try IntegerModel(
        inputShape: model.inputShape, input: model.input, layers: Array(model.layers[0...i]))
      let raw = try cut.run(on: subset, threads: threads).outputs
      let dims = [k] + model.layers[i].outputShape
      if case .accumulators = model.layers[i].output {
        files.append(tensor("codes-\(i + 1)", .int32, dims, TensorBytes.int32s(raw)))
      } else {
        files.append(
          tensor("codes-\(i + 1)", .int8, dims, raw.map { UInt8(bitPattern: Int8($0)) }))
      }
    }
    return files
  }

  private static func tensor(_ name: String, _ type: ONNXDataType, _ dims: [Int], _ raw: [UInt8])
    -> File
  {
    File(
      name: name + ".pb",
      bytes: ONNXTensor(name: name, type: type, dims: dims, raw: raw).serialized())
  }
}
