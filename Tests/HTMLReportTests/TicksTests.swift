import Testing

@testable import HTMLReport

@Suite struct TicksTests {
  @Test func awkwardRangeGetsNiceTicks() {
    #expect(Ticks.linear(0.13, 0.91) == [0.2, 0.4, 0.6, 0.8])
    #expect(Ticks.niceDomain(0.13, 0.91) == (0.0, 1.0))
    #expect(Ticks.linear(0, 97) == [0, 20, 40, 60, 80])
    #expect(Ticks.linear(1, 5, count: 4) == [1, 2, 3, 4, 5])
  }

  @Test(arguments: [
    (0.78, 5, 0.2), (97.0, 5, 20.0), (1.0, 10, 0.1), (3e6, 4, 1e6), (0.0031, 3, 0.002),
  ])
  func stepsAreOneTwoFiveTimesPowersOfTen(span: Double, count: Int, expected: Double) {
    let step = Ticks.Step(span: span, count: count).multiple(1)
    #expect(abs(step - expected) < expected * 1e-12)
  }

  @Test func zeroWidthRanges() {
    #expect(Ticks.usableDomain(0, 0) == (-1, 1))
    #expect(Ticks.usableDomain(5, 5) == (4.5, 5.5))
    #expect(Ticks.linear(0, 0) == [-1, -0.5, 0, 0.5, 1])
    let ticks = Ticks.linear(5, 5)
    #expect(!ticks.isEmpty && ticks.allSatisfy { $0 >= 4.5 && $0 <= 5.5 })
  }

  @Test func negativeAndReversedRanges() {
    #expect(Ticks.linear(-37, -3) == [-30, -20, -10])
    #expect(Ticks.linear(-3, -37) == [-30, -20, -10])
    #expect(Ticks.linear(-1, 1) == [-1, -0.5, 0, 0.5, 1])
    #expect(Ticks.niceDomain(-0.73, 0.2) == (-0.8, 0.2))
  }

  @Test func noNegativeZeroAndNonFiniteFallsBack() {
    #expect(Ticks.linear(-2, 2).contains { $0 == 0 && $0.sign == .plus })
    #expect(Ticks.usableDomain(.nan, 3) == (0, 1))
  }

  @Test func labelsShareDecimals() {
    #expect(Ticks.labels([0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"])
    #expect(Ticks.labels([0, 5000, 10000]) == ["0", "5,000", "10,000"])
    #expect(Ticks.labels([0.0002, 0.0004]) == ["2.0e-4", "4.0e-4"])
  }

  @Test func logarithmicTicks() {
    #expect(Ticks.logarithmic(1, 1000, base: 10) == [1, 10, 100, 1000])
    #expect(Ticks.logarithmic(2, 8, base: 2) == [2, 4, 8])
    #expect(Ticks.logarithmic(3, 7, base: 10) == Ticks.linear(3, 7))
  }

  @Test func thinningKeepsLabelsApart() {
    #expect(Ticks.thinned(count: 10, spacing: 50, widest: 30) == Array(0..<10))
    #expect(Ticks.thinned(count: 10, spacing: 20, widest: 30) == [0, 2, 4, 6, 8])
    #expect(Ticks.thinned(count: 3, spacing: 0, widest: 30) == [0])
    #expect(Ticks.thinned(count: 0, spacing: 10, widest: 30).isEmpty)
  }
}

@Suite struct ScaleTests {
  @Test func linearMapsEndsAndMiddle() {
    let scale = Scale(domain: (0, 10), range: (100, 300))
    #expect(scale(0) == 100)
    #expect(scale(10) == 300)
    #expect(scale(2.5) == 150)
  }

  @Test func reversedRangeForSVGYAxis() {
    let scale = Scale(domain: (0, 1), range: (250, 10))
    #expect(scale(0) == 250)
    #expect(scale(1) == 10)
    #expect(abs(scale(0.5) - 130) < 1e-9)
  }

  @Test func logarithmicScale() {
    let scale = Scale(kind: .logarithmic(base: 2), domain: (2, 32), range: (0, 400))
    #expect(abs(scale(8) - 200) < 1e-9)
    #expect(scale(0) == 0)
    #expect(scale.ticks() == [2, 4, 8, 16, 32])
  }

  @Test func zeroWidthDomainDoesNotDivideByZero() {
    let scale = Scale(domain: (3, 3), range: (0, 100))
    #expect(scale(3).isFinite)
    #expect(abs(scale(3) - 50) < 1e-9)
  }

  @Test func bands() {
    let bands = BandScale(count: 4, start: 0, end: 400, paddingFraction: 0.2)
    #expect(bands.step == 100)
    #expect(bands.bandwidth == 80)
    #expect(bands.bandStart(1) == 110)
    #expect(bands.center(3) == 350)
  }
}
