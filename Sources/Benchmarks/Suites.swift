/// A benchmark suite: a name, a one-line description, and the code that measures it.
public struct BenchSuite: Sendable {
  public var name: String
  public var summary: String
  public var run: @Sendable (BenchOptions) throws -> [BenchFigure]

  public init(
    name: String, summary: String, run: @escaping @Sendable (BenchOptions) throws -> [BenchFigure]
  ) {
    self.name = name
    self.summary = summary
    self.run = run
  }
}

/// Every suite `quantbook bench` knows, in the order `bench all` runs them.
public let benchSuites: [BenchSuite] = [
  // Each suite file adds its entry here (gemm, train, infer, accuracy, check, cache).
  GEMMSuite.suite,
  intGEMMSuite,
  trainSuite,
  trainAccuracySuite,
  inferSuite,
  accuracySuite,
  checkSuite,
  integerInferSuite,
  cacheSuite,
  shardSuite,
  textSuite,
  integerTextSuite,
  inferProfileSuite,
  inferCrossoverSuite,
  inferShallowSuite,
]
