import Testing

@testable import Kernels

/// `WorkerTeam`: every piece of every run runs exactly once and its writes are visible when
/// `run` returns, whether the helpers poll (a large spin budget) or park at once (0 polls:
/// every run goes through the semaphore).
@Test(arguments: [(1, 1 << 15), (2, 1 << 15), (3, 1 << 15), (2, 0), (3, 0)])
func workerTeamRunsEveryPieceOnce(parts: Int, spins: Int) {
  let team = WorkerTeam(parts: parts, spins: spins)
  #expect(team.parts == parts)
  let runs = 300
  var marks = [Int](repeating: 0, count: runs * parts)
  marks.withUnsafeMutableBufferPointer { marks in
    let base = marks.baseAddress!
    for run in 0..<runs {
      team.run { piece in base[run * parts + piece] += run + 1 }
    }
  }
  for run in 0..<runs {
    for piece in 0..<parts {
      #expect(marks[run * parts + piece] == run + 1, "run \(run), piece \(piece)")
    }
  }
}

/// A team released while its helpers are parked or polling stops them; a new team works.
@Test func workerTeamsComeAndGo() {
  for spins in [0, 1 << 10] {
    for _ in 0..<20 {
      let team = WorkerTeam(parts: 2, spins: spins)
      var sum = [0, 0]
      sum.withUnsafeMutableBufferPointer { s in
        let p = s.baseAddress!
        team.run { piece in p[piece] = piece + 10 }
      }
      #expect(sum == [10, 11])
    }
  }
}
