import Foundation
import Synchronization
import TensorEngine
import TestSupport
import Testing

@testable import NotebookRunner

/// Notebooks a user writes from the docs alone: defaults the docs promise, and figures that
/// must agree with each other.
@Suite struct UserNotebookTests {
  /// Runs one notebook and returns whether each of its claims held.
  static func claims(_ text: String) throws -> [Bool] {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook("user.md", text)
    let outcome = try #require(try Runner(settings: scratch.settings()).run([path]).first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    return outcome.claims.map(\.held)
  }

  /// `train` without `optimizer:` trains with `adam()` (the registry's defaults): the same
  /// final loss to the bit, and not the loss `sgd()` gives.
  @Test func trainWithoutOptimizerUsesAdam() throws {
    let held = try Self.claims(
      """
      ```quant
      data = synthetic(train: 60, test: 20)
      m = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
      plain = train(m, on: data.train, batch: 20)
      adam_net = train(m, on: data.train, batch: 20, optimizer: adam())
      sgd_net = train(m, on: data.train, batch: 20, optimizer: sgd())
      claim(plain.history.final_loss == adam_net.history.final_loss, "adam by default")
      claim(plain.history.final_loss != sgd_net.history.final_loss, "not sgd")
      q = qat(m, bits: 4, on: data.train, batch: 20)
      qa = qat(m, bits: 4, on: data.train, batch: 20, optimizer: adam())
      claim(evaluate(q, on: data.test).loss == evaluate(qa, on: data.test).loss, "qat too")
      ```

      """)
    #expect(held == [true, true, true])
  }

  /// Training on words counts words: the progress events and the training table's column
  /// say `words`, and training on images still says `images`.
  @Test func wordTrainingCountsWords() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    var settings = scratch.settings()
    settings.dataFolder = writeSyntheticWordLists(scratch)
    let path = scratch.notebook(
      "w.md",
      """
      ```quant
      data = words(train: 100, test: 20)
      m = sequential(tokens: 16) [embedding(4), gru(4), dense(10, activation: softmax)]
      net = train(m, on: data.train, batch: 50, optimizer: adam())
      q = qat(net, bits: 8, on: data.train, batch: 50, optimizer: adam())
      images = synthetic(train: 20, test: 10)
      mlp = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
      image_net = train(mlp, on: images.train, batch: 10, optimizer: adam())
      samples(data.train, count: 3)
      ```

      """)
    let nouns = Mutex<[String: Set<String>]>([:])
    let outcome = try #require(
      try Runner(settings: settings) { event in
        if case .training(let s) = event {
          nouns.withLock { $0[s.step == "qat" ? "qat" : "train", default: []].insert(s.noun) }
        }
      }.run([path]).first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    #expect(nouns.withLock { $0 } == ["train": ["words", "images"], "qat": ["words"]])
    let html = try #require(scratch.read("out/w.html"))
    #expect(html.components(separatedBy: ">words/s</th>").count - 1 == 2, "train and qat")
    #expect(html.components(separatedBy: ">images/s</th>").count - 1 == 1, "the image model")
    // `samples` of words lists them with their language instead of failing.
    #expect(html.contains("The first 3 words of"))
  }

  /// `run` shows the checker's warnings (an option with no effect) as `check` does.
  @Test func runShowsWarnings() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook(
      "warn.md",
      """
      ```quant
      data = synthetic(train: 20, test: 10)
      m = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
      net = train(m, on: data.train, gamma: 0.3)
      describe(data)
      ```

      """)
    let outcome = try #require(try Runner(settings: scratch.settings()).run([path]).first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    let messages = outcome.messages.joined(separator: "\n")
    #expect(messages.contains("warn.md:4:39: warning: 'gamma' has no effect"), "\(messages)")
    #expect(messages.contains("'net' is never used"))
  }

  /// `describe` shows a class with no image in a split as a dash, not NaN.
  @Test func describeOfAnEmptyClassShowsADash() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook(
      "d.md", "```quant\ndescribe(synthetic(train: 3, test: 1))\n```\n")
    let outcome = try #require(try Runner(settings: scratch.settings()).run([path]).first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    let json = try #require(scratch.read("out/d.json"))
    #expect(!json.contains("NaN"))
    #expect(json.contains("\"–\""))
  }

  /// A History's noun survives the cache, alone and inside its model.
  @Test func historyNounSurvivesTheCache() throws {
    let record = EpochRecord(
      epoch: 1, learningRate: 0.1, trainLoss: 1, trainAccuracy: 0.5, testLoss: nil,
      testAccuracy: nil, seconds: 2, imagesPerSecond: 50)
    let history = History(epochs: [record], sampleNoun: "words")
    var writer = CacheWriter()
    writer.history(history)
    var reader = CacheReader(writer.bytes)
    #expect(try reader.history() == history)
    let table = history.outputs(title: nil, timings: true).compactMap { output -> [String]? in
      if case .table(let t) = output { return t.columns.map(\.header) }
      return nil
    }
    #expect(table.first?.last == "words/s")
  }

  /// Words reaching an image model through a loop the checker cannot follow fail at the call,
  /// with a hint that names both kinds of model.
  @Test func wordsInALoopReachingAnImageModelAreExplained() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    var settings = scratch.settings()
    settings.dataFolder = writeSyntheticWordLists(scratch)
    let path = scratch.notebook(
      "loop.md",
      """
      ```quant
      img = synthetic(train: 20, test: 10)
      w = words(train: 20, test: 10)
      m = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
      for s in [img.test, w.test] {
        evaluate(m, on: s)
      }
      ```

      """)
    let outcome = try #require(try Runner(settings: settings).run([path]).first)
    #expect(!outcome.succeeded)
    let messages = outcome.messages.joined(separator: "\n")
    #expect(messages.contains("loop.md:6:3: error: shape mismatch"), "\(messages)")
    #expect(messages.contains("need a model made with sequential(tokens: 16)"), "\(messages)")
  }

  /// `speed` with a batch larger than the split says what ran: one batch of the whole split.
  @Test func speedCaptionSaysTheBatchThatRan() throws {
    let scratch = Scratch()
    defer { scratch.cleanup() }
    let path = scratch.notebook(
      "s.md",
      """
      ```quant
      data = synthetic(train: 20, test: 5)
      m = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
      speed(m, on: data.test, batch: 64)
      speed(m, on: data.test, batch: 2)
      ```

      """)
    let outcome = try #require(try Runner(settings: scratch.settings()).run([path]).first)
    #expect(outcome.succeeded, "\(outcome.messages)")
    let json = try #require(scratch.read("out/s.json"))
    #expect(json.contains("Inference speed, batch 5 (all the images; 64 asked), 2 threads"))
    #expect(json.contains("Inference speed, batch 2, 2 threads"))
  }

  /// Negating an accuracy is a number like any other (it was an internal error).
  @Test func negatedAccuracyIsANumber() throws {
    let held = try Self.claims(
      """
      ```quant
      data = synthetic(train: 20, test: 10)
      m = sequential(input: 28x28x1) [flatten(), dense(10, activation: softmax)]
      e = evaluate(m, on: data.test)
      claim(-e.accuracy == 0 - e.accuracy, "negation", within: 0)
      claim(1 - -e.accuracy >= 1, "double negation")
      ```

      """)
    #expect(held == [true, true])
  }
}
