import Foundation
import TensorEngine

/// `save` and `load`: models on disk, in the engine's versioned, checksummed format.
/// Relative paths are resolved in the output folder.
enum FileSteps {
  static let all: [String: StepBody] = [
    "save": { call throws(StepFailure) in
      let model = try call.model("model")
      let path = resolve(try call.string("to"), call)
      do {
        try AtomicFile.write(Data(model.model.serialized()), to: path)
      } catch let error as RunnerError {
        throw StepFailure(error.description, at: call.range)
      } catch {
        throw StepFailure("\(path): \(error)", at: call.range)
      }
      return .string(path)
    },
    "load": { call throws(StepFailure) in
      let path = resolve(try call.string("from"), call)
      guard let data = FileManager.default.contents(atPath: path) else {
        throw StepFailure(
          "\(path): no such model file", at: call.range, hint: "write it first with save(model, to: ...)")
      }
      let model = try call.engine {
        do {
          return try Sequential(serialized: [UInt8](data))
        } catch {
          throw StepFailure("\(path): \(error)", at: call.range, hint: "the file is damaged or not a Quantbook model")
        }
      }
      return .model(ModelValue(model: model, history: nil, label: URL(fileURLWithPath: path).lastPathComponent))
    },
  ]

  private static func resolve(_ path: String, _ call: StepCall) -> String {
    path.hasPrefix("/") ? path : call.environment.outputFolder + "/" + path
  }
}
