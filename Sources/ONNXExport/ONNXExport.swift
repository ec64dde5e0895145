/// A graph wrapped as an ONNX model file: IR version 7, opset 13 of the default domain,
/// producer `quantbook <version>`, and `metadata` as the model's metadata properties.
public func onnxModel(_ graph: ONNXGraph, version: String, metadata: [(String, String)] = [])
  -> ONNXModel
{
  ONNXModel(graph: graph, producerVersion: version, metadata: metadata)
}
