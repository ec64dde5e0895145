import Testing

@testable import Kernels

/// The int16 sigmoid and tanh against the float functions on every int16 input.
@Suite struct FixedPointActivationTests {
  @Test(arguments: FixedPointActivation.Function.allCases)
  func withinStatedErrorOnEveryInput(function: FixedPointActivation.Function) {
    let table = function == .sigmoid ? FixedPointActivation.sigmoid : FixedPointActivation.tanh
    let bound = FixedPointActivation.maxErrorLSB(function)
    var worst = 0.0
    var previous = Int16.min
    for q in Int32(Int16.min)...Int32(Int16.max) {
      let y = table(q)
      let exact = 32768 * function.evaluate(Double(q) / 4096)
      worst = max(worst, abs(Double(y) - exact))
      #expect(y >= previous, "\(function) is not monotone at q = \(q)")
      previous = y
    }
    #expect(worst <= bound, "\(function): worst error \(worst) LSB exceeds \(bound)")
    // The bound is tight enough to mean something: within half an LSB of the worst case.
    #expect(worst > bound - 0.5)
  }

  @Test func expandedTableIsTheInterpolation() {
    for table in [FixedPointActivation.sigmoid, .tanh] {
      #expect(table.expanded.count == 65536)
      for q in Int32(Int16.min)...Int32(Int16.max) where table.expanded[Int(q) + 32768] != table(q)
      {
        Issue.record("\(table.function) expanded table differs at q = \(q)")
        break
      }
    }
  }

  @Test func inputsPastTheRangeSaturate() {
    for table in [FixedPointActivation.sigmoid, .tanh] {
      #expect(table(40000) == table(32767))
      #expect(table(-1_000_000) == table(-32768))
    }
    #expect(FixedPointActivation.sigmoid(0) == 16384)
    #expect(FixedPointActivation.tanh(0) == 0)
    #expect(FixedPointActivation.sigmoid.table.count == 513)
    #expect(FixedPointActivation.tanh.table.count == 1025)
  }
}
