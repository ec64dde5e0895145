extension StepRegistry {
  private typealias P = ParameterSignature

  /// Saving and loading models. Relative paths are resolved in the output folder.
  static let fileSteps: [StepSignature] = [
    StepSignature(
      "save", .model,
      [
        P("model", .model, positional: true, doc: "the float model to save"),
        P("to", .string, doc: "file name, e.g. \"net.qbm\" (relative to the output folder)"),
      ], returns: .string,
      doc: "Write a model to a versioned, checksummed file; returns the path written."),
    StepSignature(
      "load", .model,
      [
        P("from", .string, positional: true, doc: "a file written by save (relative to the output folder)")
      ], returns: .model, doc: "Read a model written by save, bit for bit."),
  ]
}
