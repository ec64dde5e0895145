extension StepRegistry {
  private typealias P = ParameterSignature

  /// Analysis of quantized recurrent layers (docs/RECURRENT-QUANTIZATION.md).
  static let recurrentAnalysisSteps: [StepSignature] = [
    StepSignature(
      "gates", .analysis,
      [
        P(
          "quantized", .quantizedModel, positional: true,
          doc: "a word model quantized with mode: weights_and_activations"),
        P("on", .split, doc: "the words to measure"),
        P(
          "count", .int, .value(.int(1000)), range: .atLeast(1),
          doc: "words measured, from the start of the split"),
      ], returns: .table,
      doc:
        "Per-gate error of a quantized recurrent layer against its float layer: each gate "
        + "input's range, share saturated at ±8 and SQNR, the range and grid of the state h "
        + "(and the LSTM's c) with the output SQNR, and a chart of the state's error at each "
        + "time step t = 1 … 16."
    )
  ]
}
