import Testing

@testable import HTMLReport

@Suite struct FormatTests {
  @Test(arguments: [
    (0.0, "0"), (7.0, "7"), (1234.0, "1,234"), (-60000.0, "-60,000"), (0.91234, "0.9123"),
    (0.912, "0.9120"), (12.3456, "12.35"), (12345.6, "12,346"), (0.00001234, "1.234e-5"),
    (-2.5, "-2.500"), (Double.nan, "NaN"), (-Double.infinity, "-∞"), (1e16, "1.000e16"),
  ])
  func numbers(value: Double, expected: String) {
    #expect(Format.number(value) == expected)
  }

  @Test func fixedAndPercent() {
    #expect(Format.fixed(1234.5, decimals: 2) == "1,234.50")
    #expect(Format.fixed(-0.0004, decimals: 2) == "0.00")
    #expect(Format.fixed(0.125, decimals: 2) == "0.13")
    #expect(Format.percent(0.9123) == "91.2%")
    #expect(Format.count(1_234_567) == "1,234,567")
  }

  @Test func scientificCarriesRounding() {
    #expect(Format.scientific(9.99996e-5) == "1.000e-4")
    #expect(Format.scientific(-3e-7, significant: 2) == "-3.0e-7")
  }

  @Test func durations() {
    #expect(Format.duration(.microseconds(250)) == "250 µs")
    #expect(Format.duration(.milliseconds(850)) == "850 ms")
    #expect(Format.duration(.milliseconds(1250)) == "1.25 s")
    #expect(Format.duration(.milliseconds(12_340)) == "12.3 s")
    #expect(Format.duration(.seconds(123)) == "2 min 03 s")
    #expect(Format.duration(.seconds(3720)) == "1 h 02 min")
  }
}
