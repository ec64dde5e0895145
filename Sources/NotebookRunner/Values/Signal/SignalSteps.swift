import Foundation
import HTMLReport
import Quantization
import StepLanguage

/// The 1-D teaching example: a signal on [0, 1), and the same signal quantized to at most
/// 2^bits levels by the same quantizers the models use (linear asymmetric per tensor, log2,
/// kmeans, binary, ternary; bits by `MethodBits`).
enum SignalSteps {
  static let all: [String: StepBody] = [
    "signal": { call throws(StepFailure) in
      let waveform = try call.constant("waveform", as: Constant.Waveform.self)
      let frequency = try call.float("frequency")
      let count = try call.int("samples")
      let values = (0..<count).map { i -> Double in
        let phase = frequency * Double(i) / Double(count)
        let fraction = phase - phase.rounded(.down)
        switch waveform {
        case .sine: return sin(2 * .pi * phase)
        case .square: return fraction < 0.5 ? 1 : -1
        case .sawtooth: return 2 * fraction - 1
        }
      }
      return .signal(
        SignalValue(
          label: "\(waveform.rawValue), \(Format.number(frequency)) periods", original: values))
    },
    "quantize_signal": { call throws(StepFailure) in
      guard case .signal(let signal) = try call.value("signal") else {
        throw StepFailure("internal error: quantize_signal needs a signal", at: call.range)
      }
      let bits = try call.int("bits")
      let method = try call.constant("method", as: Constant.Method.self)
      let rounding = try call.constant("rounding", as: Constant.Rounding.self).engine(
        seed: call.seed)
      try call.checkBits(bits, parameter: "bits", method: method, scheme: .asymmetric)
      let input = signal.original.map(Float.init)
      // One group for the whole signal: shape [n] per tensor, [n, 1] as one channel.
      let quantized: QuantizedWeights = try call.engine {
        switch method {
        case .log2: return try LogQuantizer(bits: bits).quantize(input, shape: [input.count])
        case .kmeans: return try KMeansQuantizer(bits: bits).quantize(input, shape: [input.count])
        case .binary: return try BinaryQuantizer().quantize(input, shape: [input.count, 1])
        case .ternary: return try TernaryQuantizer().quantize(input, shape: [input.count, 1])
        case .linear:
          return try LinearQuantizer(
            bits: bits, scheme: .asymmetric, granularity: .perTensor, rounding: rounding
          )
          .quantize(input, shape: [input.count])
        }
      }
      var result = signal
      result.quantized = quantized.values.map(Double.init)
      result.levels = quantized.levels(ofGroup: 0).count
      result.bits = bits
      switch method {
      case .linear, .binary, .ternary: result.scale = quantized.scales.first.map(Double.init)
      case .log2, .kmeans: result.scale = nil
      }
      result.label = "\(signal.label), \(bits)-bit \(method.rawValue)"
      return .signal(result)
    },
  ]
}
