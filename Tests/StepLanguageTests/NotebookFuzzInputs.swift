import TestSupport

/// Builds whole-notebook fuzz inputs: front matter, prose and fenced cells, then mutates the
/// front matter, the fences (open, close, indent, info string, tildes) or a `save`/`load`
/// path. Every input is reproducible from its index and the seed (SplitMix64).
struct NotebookFuzzInputs {
  var rng: SplitMix64

  mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
  mutating func chance(_ p: Double) -> Bool { Double(rng.next() % 1000) / 1000 < p }

  /// What input `index` mutates.
  enum Kind: CaseIterable { case frontMatter, fences, paths }

  static let frontMatterLines = [
    "title: Bits", "title: \"Quoted: yes\"", "seed: 7", "seed: -1", "seed: 99999999999999999999",
    "author: A. Person", "params:", "  epochs: 2", "  bits: 4", "  lr: 0.001", "  widths: [8, 4]",
    "\tepochs: 1", "    bits: 3", "params: 3", "titel: typo", ": nothing", "title",
    "  nested: [[1]]",
    "title: \"caf\\u00e9\"", "title: \"\\uzz\"", "title: [a, b]", "# a comment", "", "---", "...",
    "é: ü",
    "title: \"unclosed", "  scheme: symmetric", "  name: \"x\" tail", "seed: 1.5", "  x: 1.2.3",
    "\u{0}",
  ]

  static let fences = ["```", "````", "~~~", "~~~~", "``", "~~", "` ``", "```"]
  static let infos = [
    "quant", "quant", "quant", "Quant", "quant extra", "quant{x}", " quant", "", "python", "quant`",
  ]

  static let cellBodies = [
    "data = synthetic(train: 40, test: 20)",
    "cnn = sequential(input: 28x28x1) [ flatten(), dense(10, activation: softmax) ]",
    "net = train(cnn, on: data.train, epochs: epochs, optimizer: adam())",
    "#| caption: A cell\n#| echo: false\nx = 1",
    "for b in [8, 4] {\n  q = quantize(net, bits: b)\n  evaluate(q, on: data.test)\n}",
    "#| label: bad label\ny = x", "z = (((1)))", "s = \"unterminated",
  ]

  static let prose = [
    "# A heading", "Some prose with `= x` inline.", "A list:\n\n- one\n- two", "> quoted ```quant",
    "Text `= net.history.final_accuracy` here.", "    indented code", "<div>raw</div>",
    "ünïcödé prose",
  ]

  mutating func frontMatter() -> [String] {
    var lines = ["---", "title: Fuzz", "seed: 3", "params:", "  epochs: 2", "  bits: 4", "---"]
    for _ in 0..<(1 + Int(rng.next() % 4)) {
      let i = 1 + Int(rng.next() % UInt64(lines.count - 1))
      switch rng.next() % 4 {
      case 0: lines.insert(pick(Self.frontMatterLines), at: i)
      case 1: lines[min(i, lines.count - 1)] = pick(Self.frontMatterLines)
      case 2: lines.remove(at: min(i, lines.count - 1))
      default: lines.insert(lines[i - 1], at: i)
      }
    }
    if chance(0.1) { lines.removeFirst() }
    return lines
  }

  mutating func cell(mutateFence: Bool, body: String) -> String {
    var open = "```", close = "```", info = "quant", indent = ""
    if mutateFence {
      switch rng.next() % 5 {
      case 0: open = pick(Self.fences)
      case 1: close = pick(Self.fences + ["", "`````", "``` x"])
      case 2: info = pick(Self.infos)
      case 3: indent = String(repeating: " ", count: Int(rng.next() % 6))
      default: (open, close) = ("~~~", pick(["~~~", "```", "~~~~"]))
      }
    }
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }
    return ([indent + open + info] + lines + (close.isEmpty ? [] : [indent + close])).joined(
      separator: "\n")
  }

  static let pathPieces = [
    "net.qbm", "models/net.qbm", "/tmp/net.qbm", "/", "..", "../net.qbm", "a/../../b", "a/..",
    "./x",
    "é/ü.qbm", "模型.qbm", "\u{0}", "a\u{0}b", "\\\\", "\\\"", "\\n", "\\t", "~/net", ".", "//",
    "a//b",
    String(repeating: "a", count: 300), String(repeating: "d/", count: 200), "...", "a/./b", " ",
  ]

  /// A path for `save`/`load`, as written between the quotes (escapes not yet resolved).
  mutating func pathLiteral() -> String {
    (0..<(1 + Int(rng.next() % 3))).map { _ in pick(Self.pathPieces) }.joined(
      separator: pick(["", "/"]))
  }

  static let pathPrefix =
    "data = synthetic(train: 40, test: 20)\n"
    + "cnn = sequential(input: 28x28x1) [ flatten(), dense(10, activation: softmax) ]\n"
    + "net = train(cnn, on: data.train, epochs: epochs, optimizer: adam())\n"

  /// A notebook whose only possible error is the path: `save(net, to: P)` or `load(P)`.
  mutating func pathNotebook(_ literal: String) -> String {
    let use =
      chance(0.5)
      ? "saved = save(net, to: \"\(literal)\")\nsummary(net)"
      : "again = load(\"\(literal)\")\nsummary(again)"
    return "---\ntitle: Paths\nparams:\n  epochs: 1\n---\n\n# Paths\n\n```quant\n" + Self.pathPrefix
      + use + "\n```\n"
  }

  /// Input `index` of the run seeded with `seed`: the notebook text and, for a path input,
  /// the path literal it uses.
  static func input(_ index: Int, seed: UInt64) -> (text: String, path: String?) {
    var f = NotebookFuzzInputs(
      rng: SplitMix64(state: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
    let kind = Kind.allCases[index % Kind.allCases.count]
    if kind == .paths {
      let literal = f.pathLiteral()
      return (f.pathNotebook(literal), literal)
    }
    var parts = [
      (kind == .frontMatter
        ? f.frontMatter() : ["---", "title: Fuzz", "params:", "  epochs: 2", "---"]).joined(
          separator: "\n")
    ]
    for _ in 0..<(1 + Int(f.rng.next() % 4)) {
      parts.append(f.pick(Self.prose))
      parts.append(
        f.cell(mutateFence: kind == .fences && f.chance(0.6), body: f.pick(Self.cellBodies)))
    }
    return (
      parts.joined(separator: f.pick(["\n\n", "\n", "\r\n\r\n"])) + (f.chance(0.8) ? "\n" : ""), nil
    )
  }
}
