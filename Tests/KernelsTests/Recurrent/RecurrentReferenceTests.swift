import Testing

@testable import Kernels

/// The reference cells against values computed independently (Python, float64, the Keras
/// formulas written out by hand) for one input, one unit and the inputs 1, −2, 0.5.
@Suite struct RecurrentReferenceTests {
  let inputs: [Float] = [1, -2, 0.5]

  func expectClose(_ states: [[Float]], _ expected: [Double]) {
    #expect(states.count == expected.count)
    for (state, value) in zip(states, expected) {
      #expect(abs(Double(state[0]) - value) < 1e-6, "got \(state[0]), expected \(value)")
    }
  }

  @Test func simpleCell() {
    let w = RecurrentCellWeights(
      cell: .simple, inputWidth: 1, hidden: 1, kernel: [0.5], recurrentKernel: [0.25],
      bias: [0.1])
    expectClose(
      RecurrentReference.states(w, inputs: inputs, length: 3),
      [0.5370495669980353, -0.6444441069419306, 0.18667411812501658])
  }

  @Test func gruResetAfter() {
    let w = RecurrentCellWeights(
      cell: .gru, inputWidth: 1, hidden: 1, kernel: [0.5, -0.3, 0.8],
      recurrentKernel: [0.2, 0.4, -0.6], bias: [0.1, 0, -0.1], recurrentBias: [0.05, -0.05, 0.2])
    expectClose(
      RecurrentReference.states(w, inputs: inputs, length: 3),
      [0.22439756252936677, -0.5732600155317515, -0.12408158456105017])
  }

  @Test func lstmGateOrder() {
    let w = RecurrentCellWeights(
      cell: .lstm, inputWidth: 1, hidden: 1, kernel: [0.5, -0.3, 0.8, 0.1],
      recurrentKernel: [0.2, 0.4, -0.6, 0.3], bias: [0.1, 1, -0.1, 0])
    expectClose(
      RecurrentReference.states(w, inputs: inputs, length: 3),
      [0.19505317476853662, 0.021809425600736468, 0.10005468135204716])
  }

  @Test func maskedLengthStopsEarly() {
    let w = RecurrentCellWeights(
      cell: .simple, inputWidth: 1, hidden: 1, kernel: [0.5], recurrentKernel: [0.25],
      bias: [0.1])
    #expect(RecurrentReference.states(w, inputs: inputs, length: 1).count == 1)
    #expect(RecurrentReference.states(w, inputs: inputs, length: 0).isEmpty)
  }
}
