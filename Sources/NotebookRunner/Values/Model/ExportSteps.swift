import Foundation
import ONNXExport
import Quantization
import StepLanguage
import TensorEngine

/// `export(model, to: "net.onnx", check: test)`: a model as an ONNX file (`ONNXExport`), and
/// on request the data to check an ONNX runtime against Quantbook in `net.check/`.
///
/// Paths follow `save`'s rules (`OutputPath`: relative to the output folder, never out of it);
/// the name must end in `.onnx`. Files are written atomically, after the whole model and its
/// check data are built; an older `NAME.check/` is removed so that it never describes another
/// model.
enum ExportSteps {
  /// Images per layer in the check folder's `codes-*.pb` (the predictions cover the split).
  static let checkedLayerImages = 100

  static let all: [String: StepBody] = [
    "export": { call throws(StepFailure) in
      let relative = try call.string("to")
      guard relative.hasSuffix(".onnx"), relative.count > 5, !relative.hasSuffix("/.onnx") else {
        throw StepFailure(
          "'\(relative)': an ONNX file's name ends in .onnx", at: call.range(of: "to"),
          hint: "e.g. export(model, to: \"model.onnx\")")
      }
      // A folder that cannot be made is a failure at the call (its `RunnerError` text).
      try call.engine { try AtomicFile.ensureWritableFolder(call.environment.outputFolder) }
      let path = try call.outputPath(relative, parameter: "to")
      // The check folder follows the same rules (a symlink named NAME.check is refused too).
      let checkPath = try call.outputPath(
        String(relative.dropLast(".onnx".count)) + ".check", parameter: "to")
      let check = try call.optionalSplit("check")
      let subject = try call.value("model")
      let form: IntegerExport.Form = try call.bool("qlinear") ? .qlinear : .exact
      // Integer models (`convert`) are the one kind with a `qlinear` form.
      if form == .qlinear, !(subject.kind is IntegerValue) {
        throw StepFailure(
          "qlinear: true applies to integer models only "
            + "(float and fake-quant models have one form)",
          at: call.range(of: "qlinear"), hint: "drop qlinear, or export an integer model (convert)")
      }
      let (model, files) = try call.engine { () throws -> (ONNXModel, [ExportCheck.File]) in
        let threads = call.environment.threads
        let name = URL(fileURLWithPath: relative).deletingPathExtension().lastPathComponent
        let version = QuantbookVersion.string
        // The float (or fake-quant) model's predictions on the check split, if one was given.
        func checkFiles(_ model: Sequential) throws -> [ExportCheck.File] {
          guard let split = check?.split else { return [] }
          let predictions = try evaluate(model, on: split, threads: threads).predictions
          return ExportCheck.predictions(split: split, predictions: predictions)
        }
        switch subject {
        case .model(let m):
          let graph = try FloatExport.graph(m.model, name: name)
          let metadata = [("quantbook.kind", "float")]
          return (onnxModel(graph, version: version, metadata: metadata), try checkFiles(m.model))
        case .quantized(let q):
          if q.recurrent != nil {
            throw StepFailure(
              "\(q.label) quantizes a recurrent layer's activations (per-gate grids inside "
                + "the cell), which no ONNX GRU/LSTM/RNN operator can express",
              at: call.range(of: "model"),
              hint: "export its weights-only twin: quantize(model, bits: ...) without mode:")
          }
          let records = Dictionary(
            q.quantized.layers.map { ($0.layerIndex, $0) }, uniquingKeysWith: { a, _ in a })
          let graph = try FloatExport.graph(
            q.quantized.model, records: records,
            recurrentRecords: Self.recurrentRecords(q.quantized), name: name)
          let metadata = [("quantbook.kind", "fake-quant"), ("quantbook.scheme", q.scheme)]
          return (
            onnxModel(graph, version: version, metadata: metadata),
            try checkFiles(q.quantized.model)
          )
        case .integer(let v):
          guard let integer = v.integer else {
            throw StepFailure(
              "\(v.label): " + ExportError.integerRecurrent.message, at: call.range(of: "model"),
              hint: "export the float model, or its weight-quantized twin")
          }
          let graph = try IntegerExport.graph(integer, name: name, form: form)
          var files: [ExportCheck.File] = []
          if let split = check?.split {
            let result = try integer.run(on: split, threads: threads)
            files = ExportCheck.predictions(split: split, predictions: result.predictions)
            files += try ExportCheck.integerLayers(
              integer, split: split, count: checkedLayerImages, threads: threads,
              version: version, form: form)
          }
          let metadata = [("quantbook.kind", v.kind), ("quantbook.form", form.rawValue)]
          return (onnxModel(graph, version: version, metadata: metadata), files)
        default:
          throw StepFailure("internal error: export received no model", at: call.range)
        }
      }
      // A check folder from an earlier export would describe another model: it goes first.
      if FileManager.default.fileExists(atPath: checkPath) {
        do {
          try FileManager.default.removeItem(atPath: checkPath)
        } catch {
          throw StepFailure(
            "could not replace \(checkPath): \(error.localizedDescription)",
            at: call.range(of: "to"))
        }
      }
      var wroteModel = false
      do throws(RunnerError) {
        try AtomicFile.write(Data(model.serialized()), to: path)
        wroteModel = true
        for file in files {
          try AtomicFile.write(Data(file.bytes), to: checkPath + "/" + file.name)
        }
      } catch {
        // No half export: a model without its check data (or the reverse) is removed.
        if wroteModel {
          unlink(path)
          try? FileManager.default.removeItem(atPath: checkPath)
        }
        throw StepFailure(AtomicFile.message(error, for: relative), at: call.range(of: "to"))
      }
      return .string(OutputPath.normalized(relative))
    }
  ]
}

extension ExportSteps {
  /// The W and U records of each recurrent layer `quantize` recorded as two matrices (two
  /// records with one layer index, W first).
  fileprivate static func recurrentRecords(_ q: QuantizedModel) -> [Int: RecurrentWeightRecords] {
    var result: [Int: RecurrentWeightRecords] = [:]
    for index in Set(q.layers.map(\.layerIndex)) {
      let same = q.layers.filter { $0.layerIndex == index }
      guard same.count == 2, case .recurrent = q.model.layers[index].kind else { continue }
      result[index] = .split(w: same[0], u: same[1])
    }
    return result
  }
}
