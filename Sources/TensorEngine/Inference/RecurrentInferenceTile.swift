extension InferencePlan {
  /// Samples per tile for this plan: `InferenceModel.defaultTile`, or `recurrentTile` when a
  /// step runs a recurrent layer (whose tile is the batch of each step's `h·U`: more rows per
  /// tile reuse each packed panel of `U` more, and sorting more samples by length leaves
  /// fewer ragged row groups).
  var preferredTile: Int {
    for step in steps {
      switch step.operation {
      case .recurrent: return InferencePlan.recurrentTile
      case .directConv, .winogradConv, .dense, .maxPool, .avgPool, .activation, .identity:
        continue
      }
    }
    return InferenceModel.defaultTile
  }

  /// Samples per tile of a plan with a recurrent step.
  static let recurrentTile = 48
}
