import MarkdownNotebook
import TestSupport
import Testing

@testable import StepLanguage

/// Builds fuzz inputs: programs from the registry (mostly well typed), token-level
/// mutations of them, and random bytes.
struct FuzzInputs {
  var rng: SplitMix64

  mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
  mutating func chance(_ p: Double) -> Bool { Double(rng.next() % 1000) / 1000 < p }

  mutating func value(_ type: StepType, depth: Int) -> String {
    switch type {
    case .int:
      return pick(["0", "1", "2", "3", "8", "16", "17", "32", "-1", "60000", "epochs", "bits"])
    case .float: return pick(["0.001", "1e-3", "0.5", "2", "0", "99.99", "-0.1"])
    case .bool: return pick(["true", "false"])
    case .string: return pick(["\"a\"", "\"héllo\"", "\"\""])
    case .shape: return pick(["28x28x1", "4x4x1", "32x32x3", "784", "1x1x1"])
    case .enumeration(let e): return pick(e.cases + ["relu", "nope"])
    case .list(let element):
      return "["
        + (0..<Int(rng.next() % 4)).map { _ in value(element, depth: depth) }.joined(
          separator: ", ") + "]"
    case .split: return pick(["data.train", "data.test", "subset(data.test, count: 100)"])
    case .model: return pick(["net", "cnn"])
    case .quantizedModel: return "q0"
    case .oneOf(let options): return value(pick(options), depth: depth)
    case .integerModel: return "convert(q0)"
    case .signal: return "signal()"
    case .optimizer:
      return depth > 2
        ? "adam()"
        : call(
          pick(StepRegistry.standard.steps.filter { $0.returns == .optimizer }), depth: depth + 1)
    default: return pick(["data", "net", "x"])
    }
  }

  mutating func call(_ step: StepSignature, depth: Int) -> String {
    var args: [String] = []
    for p in step.parameters where p.isRequired || chance(0.3) {
      let v = value(p.type, depth: depth + 1)
      args.append(p.positional && chance(0.7) ? v : "\(p.name): \(v)")
    }
    var text = "\(step.name)(\(args.joined(separator: ", ")))"
    if step.takesLayers {
      let layers = StepRegistry.standard.steps.filter { $0.category == .layer }
      let body = (0..<(1 + Int(rng.next() % 5))).map { _ in call(pick(layers), depth: depth + 1) }
      text += " [\n  " + body.joined(separator: chance(0.5) ? "\n  " : ", ") + "\n]"
    }
    return text
  }

  mutating func program() -> String {
    var lines = [
      "data = fashion_mnist(train: 100, test: 10)",
      "cnn = sequential(input: 28x28x1) [ conv2d(4, kernel: 3), maxpool(2), flatten(), dense(10) ]",
      "net = train(cnn, on: data.train, optimizer: adam())",
      "q0 = quantize(net, bits: 4)",
    ]
    if chance(0.2) { lines.insert("#| caption: fuzz", at: 0) }
    for i in 0..<Int(rng.next() % 6) {
      let step = pick(StepRegistry.standard.steps)
      let text = call(step, depth: 0)
      switch rng.next() % 4 {
      case 0: lines.append("v\(i) = \(text)")
      case 1:
        lines.append(
          "for bits in [8, 4, 2] {\n  w\(i) = \(text)\n  evaluate(net, on: data.test)\n}")
      case 2: lines.append("\(text)  # shown")
      default: lines.append("x\(i) = v\(i).accuracy")
      }
    }
    return lines.joined(separator: "\n")
  }

  static let vocabulary = [
    "(", ")", "[", "]", "{", "}", ",", ":", "=", ".", "-", "\n", "for", "in", "x", "dense", "(",
    "relu", "28x28x1",
    "1e9", "99999999999999999999", "\"", "#", "#|", "\t", "é", "\u{0}", "9x", "data.", "[[[[",
    "((((",
  ]

  mutating func mutated() -> String {
    let (tokens, _) = Lexer.tokenize(program(), map: .standalone(""))
    var parts = tokens.map(\.text)
    for _ in 0..<(1 + Int(rng.next() % 4)) where !parts.isEmpty {
      let i = Int(rng.next() % UInt64(parts.count))
      switch rng.next() % 4 {
      case 0: parts.remove(at: i)
      case 1: parts.insert(pick(Self.vocabulary), at: i)
      case 2: parts[i] = pick(Self.vocabulary)
      default: parts.insert(parts[i], at: i)
      }
    }
    return parts.joined(separator: pick([" ", "", " "]))
  }

  mutating func randomBytes() -> String {
    let count = Int(rng.next() % 300)
    let alphabet = Array("abcxyz019 =()[]{},:.#|-\"\n\t_".utf8)
    let bytes = (0..<count).map { _ in
      chance(0.8) ? pick(alphabet) : UInt8(truncatingIfNeeded: rng.next())
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Input number `index` of the run seeded with `seed`.
  static func input(_ index: Int, seed: UInt64) -> String {
    var f = FuzzInputs(rng: SplitMix64(state: seed &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D))
    switch index % 3 {
    case 0: return f.program()
    case 1: return f.mutated()
    default: return f.randomBytes()
    }
  }
}

@Suite struct FuzzTests {
  /// Parses, checks and renders one input; returns problems with the output's invariants.
  static func run(_ text: String) -> [String] {
    let base = SourceLocation(line: 3, column: 1, offset: 17)
    let file = String(repeating: "x", count: 16) + "\n" + text
    let cell = Parser.parseCell(text, map: SourceMap(text: text, base: base))
    var checker = NotebookChecker(parameters: testParameters, upcoming: [cell])
    let checked = checker.check(cell)
    // Inline expressions are one line: check the first line of the input as one.
    let firstLine = String(text.prefix { $0 != "\n" })
    let inline = checker.checkInline(firstLine, map: SourceMap(text: firstLine, base: base))
    let diagnostics = checked.diagnostics + inline.diagnostics + checker.finish()
    _ = DiagnosticRenderer(path: "f.md", source: file, color: true).render(diagnostics)
    let end = 17 + text.utf8.count
    var problems: [String] = []
    for d in diagnostics
    where
      !(17 <= d.range.start.offset && d.range.start.offset <= d.range.end.offset
      && d.range.end.offset <= end)
    {
      problems.append("range \(d.range) outside the text: \(d)")
    }
    var last = 17
    for token in cell.tokens {
      if token.range.start.offset < last { problems.append("tokens overlap at \(token.range)") }
      last = token.range.end.offset
    }
    if cell.tokens.last?.kind != .endOfFile { problems.append("no end-of-file token") }
    return problems
  }

  /// The inputs are split into shards that run in parallel (Swift Testing runs the
  /// arguments of a parameterised test concurrently).
  static let shards = 4

  /// 20,000 inputs by default; `QUANTBOOK_FUZZ_COUNT=1000000` for a long run,
  /// `QUANTBOOK_FUZZ_SEED` to change the seed.
  @Test(arguments: 0..<FuzzTests.shards)
  func fuzzNeverCrashesAndAlwaysFinishes(shard: Int) {
    let count = Environment.value("QUANTBOOK_FUZZ_COUNT").flatMap { Int($0) } ?? 20_000
    let seed = Environment.value("QUANTBOOK_FUZZ_SEED").flatMap { UInt64($0) } ?? 20_261_122
    // The slowest input is printed for whoever investigates speed; it is not asserted (a test
    // must not depend on the host's speed). Pathological inputs that must stay cheap (deep
    // nesting, long chains) are checked by `deepNestingIsReportedNotRecursed`.
    var slowest = (seconds: 0.0, index: 0)
    var problems: [String] = []
    let start = TextFile.now()
    // `QUANTBOOK_FUZZ_ONLY=N` reruns input N alone (to reproduce a failure or time it).
    var indices = Array(stride(from: shard, to: count, by: Self.shards))
    if let only = Environment.value("QUANTBOOK_FUZZ_ONLY").flatMap({ Int($0) }) {
      indices = shard == 0 ? [only] : []
    }
    for index in indices {
      let text = FuzzInputs.input(index, seed: seed)
      let t0 = TextFile.now()
      var found = Self.run(text)
      if index % 3 == 0 {  // generated programs are syntactically valid (types may be wrong)
        let syntax = Parser.parseCell(text, map: .standalone(text)).diagnostics
        if let first = syntax.first {
          found.append("a generated program has a syntax error: \(first)")
        }
      }
      let elapsed = TextFile.now() - t0
      if elapsed > slowest.seconds { slowest = (elapsed, index) }
      if !found.isEmpty, problems.count < 5 {
        problems.append("input \(index): \(found[0])\n\(text)")
      }
    }
    let total = TextFile.now() - start
    print(
      "fuzz shard \(shard): \(indices.count) inputs in \(total) s; slowest input "
        + "\(slowest.index): \(slowest.seconds * 1000) ms"
    )
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n---\n"))")
  }

  @Test func deepNestingIsReportedNotRecursed() {
    for text in [
      String(repeating: "[", count: 100_000), String(repeating: "-", count: 100_000) + "1",
      String(repeating: "for a in [1] {", count: 5_000),
      "x = " + String(repeating: "a.", count: 50_000) + "b",
    ] {
      #expect(Self.run(text).isEmpty)
    }
  }
}
