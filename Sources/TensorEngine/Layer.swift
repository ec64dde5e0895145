import Kernels

/// A pointwise nonlinearity, applied after a layer's affine part or as a layer of its own:
/// the kernels' `ActivationFunction` (linear, relu, sigmoid, tanh, softmax over the last axis;
/// softmax is fused with cross-entropy in training).
public typealias Activation = ActivationFunction

/// How a convolution treats the border.
public enum Padding: String, Sendable, CaseIterable {
  /// No padding: `out = (in - kernel) / stride + 1`.
  case valid
  /// Zero padding so that `out = ceil(in / stride)`; the extra row/column goes at the
  /// bottom/right when the total padding is odd (TensorFlow's rule).
  case same

  /// The padding `(top, left, bottom, right)` of a `kernel x kernel` window with `stride` on
  /// `height x width`: zeros for `valid`; for `same`, the total `(ceil(n / stride) - 1) *
  /// stride + kernel - n` (at least 0) split with the odd one at the bottom/right.
  public func amounts(height: Int, width: Int, kernel: Int, stride: Int) -> (Int, Int, Int, Int) {
    guard self == .same else { return (0, 0, 0, 0) }
    func total(_ n: Int) -> Int {
      let out = (n + stride - 1) / stride
      return max((out - 1) * stride + kernel - n, 0)
    }
    let th = total(height)
    let tw = total(width)
    return (th / 2, tw / 2, th - th / 2, tw - tw / 2)
  }
}

/// What a layer computes, with its hyper-parameters; a model is a list of these plus
/// parameters. Per-sample shapes are `[height, width, channels]` or `[features]`.
public enum LayerKind: Sendable, Equatable {
  /// 2-D convolution, `[H, W, C] -> [H', W', filters]`; weights `[k, k, C, filters]` (HWIO),
  /// bias `[filters]`; `y = act(conv(x, W) + b)`.
  case conv2d(filters: Int, kernel: Int, stride: Int, padding: Padding, activation: Activation)
  /// Fully connected, `[F] -> [units]`; weights `[F, units]`, bias `[units]`;
  /// `y = act(x W + b)`.
  case dense(units: Int, activation: Activation)
  /// Max over `size x size` windows moved by `stride` (valid padding), `[H, W, C] -> [H', W', C]`.
  case maxPool(size: Int, stride: Int)
  /// Mean over `size x size` windows moved by `stride` (valid padding).
  case avgPool(size: Int, stride: Int)
  /// `[H, W, C] -> [H * W * C]`, same element order.
  case flatten
  /// Inverted dropout: in training each element is zeroed with probability `rate` and the
  /// rest scaled by `1 / (1 - rate)`; identity at inference.
  case dropout(rate: Float)
  /// Batch normalisation over the last axis: `y = gamma (x - mean) / sqrt(var + epsilon) + beta`
  /// with batch statistics in training and running statistics at inference;
  /// `running = momentum * running + (1 - momentum) * batch`. `weights` hold gamma, `bias`
  /// holds beta (both `[C]`).
  case batchNorm(momentum: Float, epsilon: Float)
  /// A standalone activation, shape unchanged.
  case activation(Activation)
  /// Token embedding, `[T] -> [T, width]`: `y[t] = E[token[t]]`, weights `E` `[vocabulary,
  /// width]`, no bias (Keras's `Embedding(vocabulary, width, mask_zero=True)`). Must be the
  /// first layer; its input holds token indices (0 = padding, which ends a sequence).
  case embedding(vocabulary: Int, width: Int)
  /// A recurrent layer (Keras's `SimpleRNN` / `GRU` / `LSTM` with default activations and
  /// `return_sequences=False`), `[T, F] -> [units]`: the state after the sequence's last
  /// token before the first padding (see `RecurrentCell`). Weights `[F + units, gates·units]`
  /// (Keras's `kernel` rows, then `recurrent_kernel` rows), bias `[gates·units]`, for the GRU
  /// `[2, gates·units]` (input bias, recurrent bias): `RecurrentCellWeights(packed:bias:)`
  /// reads them with no reordering. Needs an embedding as the model's first layer.
  case recurrent(cell: RecurrentCell, units: Int)

  /// A short name for summaries: `conv2d`, `dense`, `max_pool`, ...
  public var name: String {
    switch self {
    case .conv2d: return "conv2d"
    case .dense: return "dense"
    case .maxPool: return "max_pool"
    case .avgPool: return "avg_pool"
    case .flatten: return "flatten"
    case .dropout: return "dropout"
    case .batchNorm: return "batch_norm"
    case .activation(let a): return a.rawValue
    case .embedding: return "embedding"
    case .recurrent(let cell, _): return cell == .simple ? "rnn" : cell.rawValue
    }
  }

  /// The activation this layer ends with (`.linear` when none).
  public var activation: Activation {
    switch self {
    case .conv2d(_, _, _, _, let a), .dense(_, let a), .activation(let a): return a
    default: return .linear
    }
  }

  /// Whether the layer has weights and a bias.
  public var hasParameters: Bool {
    switch self {
    case .conv2d, .dense, .batchNorm, .embedding, .recurrent: return true
    default: return false
    }
  }
}

/// One layer of a `Sequential` model: what it computes, its parameters and its hooks.
public struct Layer: Sendable {
  /// The operation and its hyper-parameters.
  public var kind: LayerKind
  /// Conv `[k, k, Cin, Cout]`, dense `[in, out]`, batch norm gamma `[C]`, embedding
  /// `[vocabulary, width]`, recurrent `[F + units, gates·units]`; nil otherwise.
  public var weights: Tensor?
  /// `[out]` (batch norm: beta `[C]`); nil for layers without parameters and embeddings.
  public var bias: Tensor?
  /// Batch norm running mean and variance `[C]`; nil for other layers.
  public var runningMean: Tensor?
  public var runningVariance: Tensor?
  /// Quantization hook: applied to `weights` in every forward pass (fake quantization for
  /// quantization-aware training); the backward pass is the straight-through estimator.
  public var weightTransform: (any WeightFakeQuantizer)?
  /// Quantization hook: applied to the layer's output (after its activation) in every
  /// forward pass; backward is the straight-through estimator masked outside `clipRange`.
  public var outputTransform: (any ActivationFakeQuantizer)?

  public init(
    kind: LayerKind, weights: Tensor? = nil, bias: Tensor? = nil,
    runningMean: Tensor? = nil, runningVariance: Tensor? = nil
  ) {
    self.kind = kind
    self.weights = weights
    self.bias = bias
    self.runningMean = runningMean
    self.runningVariance = runningVariance
  }

  /// Number of trainable scalars (weights + bias; running statistics excluded).
  public var parameterCount: Int { (weights?.count ?? 0) + (bias?.count ?? 0) }
}
