import Testing

@testable import NotebookRunner

/// The 95% intervals against values worked out by hand.
@Suite struct AccuracyNoiseTests {
  @Test func oneAccuracyIsABinomialProportion() {
    // p = 0.88, n = 10,000: SE = sqrt(0.88 · 0.12 / 10000) = 0.0032496, ± 1.96 SE = 0.006369.
    let h = AccuracyNoise.halfWidth(accuracy: 0.88, count: 10_000)
    #expect(abs(h - 0.006369) < 1e-6)
    #expect(AccuracyNoise.intervalText(accuracy: 0.88, count: 10_000) == "± 0.64")
    #expect(AccuracyNoise.halfWidth(accuracy: 1, count: 50) == 0)
    #expect(AccuracyNoise.halfWidth(accuracy: 0.5, count: 0).isNaN)
  }

  @Test func pairedDifferenceCountsOnlyDiscordantImages() throws {
    // 10 images, labels all 0. First right on 0..<7, second right on 2..<8:
    // b = 2 (images 0, 1), c = 1 (image 7); d = (1 - 2)/10 = -0.1;
    // SE = sqrt(3 - 1/10) / 10 = 0.1702939; ± 1.96 SE = 0.3337760.
    let labels = [Int](repeating: 0, count: 10)
    let first = (0..<10).map { $0 < 7 ? 0 : 1 }
    let second = (0..<10).map { (2..<8).contains($0) ? 0 : 1 }
    let paired = try #require(AccuracyNoise.paired(first: first, second: second, labels: labels))
    #expect(abs(paired.difference - -0.1) < 1e-12)
    #expect(abs(paired.halfWidth - 0.3337760) < 1e-6)
    #expect(AccuracyNoise.differenceText(-0.1, 0.333777) == "−10.00 ± 33.38 points")
  }

  @Test func identicalPredictionsHaveNoNoiseAndMismatchedArraysNoInterval() throws {
    let labels = [0, 1, 2, 3]
    let same = try #require(
      AccuracyNoise.paired(first: [0, 1, 0, 0], second: [0, 1, 0, 0], labels: labels))
    #expect(same.difference == 0 && same.halfWidth == 0)
    #expect(AccuracyNoise.paired(first: [0], second: [0, 1], labels: [0, 1]) == nil)
  }
}
