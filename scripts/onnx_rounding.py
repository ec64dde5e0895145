"""Why the qlinear form may differ from the engine: for one exact-form integer layer (see
docs/EXPORT.md), the engine's two fixed-point roundings against one correctly rounded float
multiplication (ONNX's QLinearConv / QuantizeLinear rule), on the same int32 accumulators.

The layer graph is run by ONNX Runtime with its int32 accumulators (plus bias) exposed; its
per-channel multiplier and shift constants give the real multiplier M = m 2^-31 2^-shift.
"""
import numpy as np
import onnx
import onnx.numpy_helper
import onnxruntime as ort


def compare(layer, codes):
    """Returns a line for a requantizing exact-form layer (an onnx.ModelProto), or None."""
    inits = {t.name: onnx.numpy_helper.to_array(t) for t in layer.graph.initializer}
    names = [k for k in inits if k.endswith("_multiplier")]
    if not names:
        return None
    base = names[0][: -len("_multiplier")]
    wanted = [n.output[0] for n in layer.graph.node if n.output[0].startswith(base + "_acc64")]
    wanted += [n.output[0] for n in layer.graph.node if n.output[0].startswith(base + "_biased")]
    if not wanted:
        return None
    model = onnx.ModelProto()
    model.CopyFrom(layer)
    exposed = wanted[-1]  # the accumulators with the bias added (and clamped), when there is one
    model.graph.output.append(
        onnx.helper.make_tensor_value_info(exposed, onnx.TensorProto.INT64, None)
    )
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    out, acc = sess.run(None, {"input": codes})
    shape = inits[base + "_multiplier"].shape
    pot = inits.get(base + "_pot")
    shift = np.log2(pot).astype(int) if pot is not None else np.zeros(shape, int)
    left = inits.get(base + "_left")
    if left is not None:
        shift = shift - np.log2(left).astype(int)
    real = inits[base + "_multiplier"].astype(np.float64) * 2.0**-31 / 2.0**shift
    z = int(inits[base + "_zero_point"])
    low, high = int(inits[base + "_min"]), int(inits[base + "_max"])
    once = np.clip(np.rint(acc.astype(np.float64) * real).astype(np.int64) + z, low, high)
    engine = out.astype(np.int64)
    if engine.ndim == 4 and any(n.op_type == "ConvInteger" for n in layer.graph.node):
        # A conv's output is NHWC and its accumulators NCHW; a standalone relu's
        # requantization (no ConvInteger) works on the NHWC codes themselves.
        engine = np.transpose(engine, (0, 3, 1, 2))
    return (
        f"shifts {int(shift.min())}..{int(shift.max())}; rounding x*M once (ties to even) "
        f"would differ from the engine's two roundings on {np.mean(once != engine):.4%} of "
        f"codes (max {int(np.abs(once - engine).max())})"
    )
