import Foundation
import StepLanguage
import TensorEngine

/// `save` and `load`: models on disk, in the engine's versioned, checksummed format.
/// Paths are relative to the output folder and never leave it (`OutputPath`); a path that
/// would is an error at the path argument, before anything is read or written.
enum FileSteps {
  static let all: [String: StepBody] = [
    "save": { call throws(StepFailure) in
      let model = try call.model("model")
      let relative = try call.string("to")
      // A folder that cannot be made is a failure at the call (its `RunnerError` text).
      try call.engine { try AtomicFile.ensureWritableFolder(call.environment.outputFolder) }
      let path = try call.outputPath(relative, parameter: "to")
      do throws(RunnerError) {
        try AtomicFile.write(Data(model.model.serialized()), to: path)
      } catch {
        throw StepFailure(AtomicFile.message(error, for: relative), at: call.range(of: "to"))
      }
      return .string(OutputPath.normalized(relative))
    },
    "load": { call throws(StepFailure) in
      let relative = try call.string("from")
      guard FileManager.default.fileExists(atPath: call.environment.outputFolder) else {
        throw StepFailure(
          "\(relative): no such model file (the output folder does not exist yet)",
          at: call.range(of: "from"),
          hint: "write it first with save(model, to: ...)")
      }
      let path = try call.outputPath(relative, parameter: "from")
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        throw StepFailure(
          "\(relative): is a folder, not a model file", at: call.range(of: "from"),
          hint: "give the file that save(model, to: ...) wrote")
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw StepFailure(
          "\(relative): no such model file in the output folder", at: call.range(of: "from"),
          hint: "write it first with save(model, to: ...)")
      }
      let model = try call.engine {
        do {
          return try Sequential(serialized: [UInt8](data))
        } catch {
          throw StepFailure(
            "\(relative): \(error)", at: call.range(of: "from"),
            hint: "the file is damaged or not a Quantbook model")
        }
      }
      return .model(
        ModelValue(model: model, history: nil, label: URL(fileURLWithPath: path).lastPathComponent))
    },
  ]
}
