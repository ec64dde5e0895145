/// Why a model cannot be exported: the layer and what to change.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension ExportError {
  /// The refusal for an integer recurrent model (`IntegerRecurrentClassifier`): ONNX (opset 13
  /// and later) has no integer RNN/GRU/LSTM operator, and the engine's cell (int8 products,
  /// fixed-point gates through int16 sigmoid/tanh tables, saturating int16 state updates)
  /// would have to be spelled out step by step in a `Loop` of integer ops that no runtime
  /// accelerates; a float GRU would not compute the engine's numbers. docs/EXPORT.md.
  public static let integerRecurrent = ExportError(
    "an integer recurrent model has no ONNX form: ONNX has no integer RNN/GRU/LSTM operator, "
      + "and the engine's fixed-point gates (int16 sigmoid/tanh tables) have no standard op; "
      + "export the weight-quantized model instead (export(quantize(model, bits: 8), ...)), "
      + "whose GRU/LSTM runs in float on DequantizeLinear'd weights")
}
