extension StepRegistry {
  private typealias P = ParameterSignature

  /// Saving and loading models. A path is relative to the output folder and must stay in it
  /// (see `PathRules`): no absolute path, no `..` that climbs out, no symlink that leads out.
  static let fileSteps: [StepSignature] = [
    StepSignature(
      "save", .model,
      [
        P("model", .model, positional: true, doc: "the float model to save"),
        P(
          "to", .string, isPath: true,
          doc: "file name, e.g. \"net.qbm\" (relative to the output folder)"),
      ], returns: .string,
      doc:
        "Write a model to a versioned, checksummed file; returns the path written (relative to "
        + "the output folder)."
    ),
    StepSignature(
      "load", .model,
      [
        P(
          "from", .string, positional: true, isPath: true,
          doc: "a file written by save (relative to the output folder)")
      ], returns: .model, doc: "Read a model written by save, bit for bit."),
    StepSignature(
      "export", .model,
      [
        P(
          "model", .anyModel, positional: true,
          doc:
            "a float, quantized (fake-quant QDQ) or integer (ConvInteger, MatMulInteger) model, "
            + "or a recurrent word classifier (GRU, LSTM, RNN)"),
        P(
          "to", .string, isPath: true,
          doc: "file name ending in .onnx, e.g. \"net.int8.onnx\" (relative to the output folder)"),
        P(
          "check", .split, .absent,
          doc:
            "also write NAME.check/: the split's images, Quantbook's predictions and, for an "
            + "integer model, each layer's codes (see docs/EXPORT.md)"
        ),
        P(
          "qlinear", .bool, .value(.bool(false)),
          doc:
            "integer models only: write the standard QLinearConv/QuantizeLinear form "
            + "(runtimes round once in float: codes may differ by 1) instead of the engine's "
            + "exact fixed-point arithmetic in integer ops"
        ),
      ], returns: .string,
      doc:
        "Write a model as ONNX (opset 13) for ONNX Runtime, Netron and other tools; returns the "
        + "path written (relative to the output folder)."
    ),
  ]
}
