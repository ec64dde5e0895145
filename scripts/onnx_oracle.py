#!/usr/bin/env python3
"""The ONNX and Jupyter oracle (run it through scripts/onnx-oracle.sh, which sets up its venv).

For every NAME.onnx directly in a --models folder, with a NAME.check/ folder beside it (written by
`export(model, to: "NAME.onnx", check: split)`):
  * onnx.checker.check_model(full_check=True) passes;
  * ONNX Runtime's predicted classes on the split's images or words (check/pixels.pb) agree with
    Quantbook's (check/predictions.pb) on at least 99.9% of them, with ORT's graph
    optimisations at "basic" (the graph as written) and at "all" (ORT's default, which fuses
    QDQ patterns into integer kernels);
  * for an integer model, each layer alone (check/layer-i.onnx) run by ORT on Quantbook's
    input codes of that layer (check/codes-i.pb) against Quantbook's (check/codes-(i+1).pb):
    identical codes for the default exact form (metadata quantbook.form = exact: the engine's
    fixed-point requantization in ONNX integer ops), within 1 for the standard qlinear form
    (ORT rounds once in float, the engine twice in fixed point). The layers chained in ORT
    (each fed ORT's own previous output) are printed too, for information.
  For exact-form layers it also prints how often one float rounding (the qlinear form's
  rule) would differ from the engine's two (scripts/onnx_rounding.py): the cause of the
  qlinear form's differences. The agreement threshold holds for every model, int4 included; each model's summary line
  gives its agreement and max per-layer LSB difference.
Every *.ipynb in an --ipynb folder must pass nbformat.validate; --render FILE runs
`jupyter nbconvert --to html` on it. The last line is `N passed, N failed`.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnx.checker
import onnx.numpy_helper
import onnxruntime as ort

import onnx_rounding

AGREEMENT = 0.999
# Largest per-layer code difference allowed, by the integer model's form.
MAX_LSB = {"exact": 0, "qlinear": 1}


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        print(("PASS " if ok else "FAIL ") + what, flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1


def tensor(folder, name):
    return onnx.numpy_helper.to_array(onnx.load_tensor(os.path.join(folder, name + ".pb")))


def session(path, level):
    options = ort.SessionOptions()
    options.graph_optimization_level = level
    options.intra_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def predict(sess, pixels, batch=500):
    classes = []
    for lo in range(0, len(pixels), batch):
        out = sess.run(["output"], {"pixels": pixels[lo : lo + batch]})[0]
        classes.append(np.argmax(out.reshape(out.shape[0], -1), axis=1))
    return np.concatenate(classes)


def check_model(path, tally):
    name = os.path.basename(path)
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
        tally.check(True, f"{name}: onnx.checker.check_model")
    except onnx.checker.ValidationError as error:
        tally.check(False, f"{name}: onnx.checker.check_model: {error}")
        return
    metadata = {p.key: p.value for p in model.metadata_props}
    kind = metadata.get("quantbook.kind", "?")
    form = metadata.get("quantbook.form", "")
    folder = path[: -len(".onnx")] + ".check"
    pixels = tensor(folder, "pixels")
    ours = tensor(folder, "predictions")
    labels = tensor(folder, "labels")
    size = os.path.getsize(path)
    shown_form = f" ({form} form)" if form else ""
    # A token model's input is [N, T] (word classifiers), an image model's [N, H, W, C].
    noun = "words" if pixels.ndim == 2 else "images"
    print(f"{name}: {kind}{shown_form}, {size:,} bytes, {len(pixels)} {noun}", flush=True)
    agreements = []
    for label, level in [
        ("basic", ort.GraphOptimizationLevel.ORT_ENABLE_BASIC),
        ("all", ort.GraphOptimizationLevel.ORT_ENABLE_ALL),
    ]:
        theirs = predict(session(path, level), pixels)
        agreement = float(np.mean(theirs == ours))
        print(
            f"  ORT ({label} optimisations): agreement {agreement:.4%} "
            f"({int(np.sum(theirs != ours))} of {len(ours)} differ); accuracy ORT "
            f"{np.mean(theirs == labels):.4%}, Quantbook {np.mean(ours == labels):.4%}",
            flush=True,
        )
        if kind == "fake-quant" and label == "all":
            # ORT's "all" level replaces the QDQ simulation by its own integer kernels: this is
            # integer-versus-simulation agreement, shown but not held to the threshold.
            print("  (information only: at 'all', ORT runs the QDQ graph on integer kernels)")
            continue
        agreements.append(agreement)
        tally.check(agreement >= AGREEMENT, f"{name}: agreement >= {AGREEMENT:.1%} ({label})")
    layers = sorted(
        glob.glob(os.path.join(folder, "layer-*.onnx")),
        key=lambda p: int(os.path.basename(p)[6:-5]),
    )
    worst = check_layers(name, folder, layers, form, tally) if layers else None
    lsb = "" if worst is None else f", max per-layer difference {worst} LSB"
    print(f"  summary {name}: agreement {min(agreements):.4%} (lowest level){lsb}", flush=True)


def check_layers(name, folder, layers, form, tally):
    """Runs each layer alone on Quantbook's input codes; returns the largest difference."""
    worst = 0
    chained = tensor(folder, "codes-0")
    for i, path in enumerate(layers):
        layer = onnx.load(path)
        onnx.checker.check_model(layer, full_check=True)
        shown = [n.op_type for n in layer.graph.node if n.op_type not in ("Transpose", "Identity")]
        op = ",".join(shown)
        sess = session(path, ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
        given = tensor(folder, f"codes-{i}")
        expected = tensor(folder, f"codes-{i + 1}").astype(np.int64)
        got = sess.run(["output"], {"input": given})[0].astype(np.int64)
        diff = np.abs(got - expected)
        largest = int(diff.max()) if diff.size else 0
        worst = max(worst, largest)
        chained = sess.run(["output"], {"input": chained[: len(given)].astype(given.dtype)})[0]
        chained_diff = int(np.abs(chained.astype(np.int64) - expected).max()) if diff.size else 0
        print(
            f"  layer {i} ({op}): max |ORT - Quantbook| = {largest} LSB on its own input, "
            f"{np.mean(diff > 0):.4%} of {diff.size} values differ; chained in ORT: "
            f"max {chained_diff}",
            flush=True,
        )
        if form == "exact":
            why = onnx_rounding.compare(layer, given)
            if why:
                print(f"    (information: {why})", flush=True)
    if form not in MAX_LSB:
        tally.check(False, f"{name}: unknown integer form {form!r} (metadata quantbook.form)")
        return worst
    bound = MAX_LSB[form]
    tally.check(worst <= bound, f"{name}: every layer within {bound} LSB (max {worst})")
    return worst


def check_ipynb(folder, tally):
    import nbformat

    paths = sorted(glob.glob(os.path.join(folder, "*.ipynb")))
    tally.check(len(paths) > 0, f"{folder}: holds .ipynb files ({len(paths)})")
    for path in paths:
        try:
            notebook = nbformat.read(path, as_version=4)
            nbformat.validate(notebook)
            ok = notebook.nbformat == 4 and notebook.nbformat_minor == 5
            version = f"{notebook.nbformat}.{notebook.nbformat_minor}"
            tally.check(ok, f"{os.path.basename(path)}: nbformat {version} valid")
        except Exception as error:  # nbformat raises several kinds
            tally.check(False, f"{os.path.basename(path)}: {error}")


def render(path, tally):
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [jupyter, "nbconvert", "--to", "html", "--output-dir", out, path],
            capture_output=True,
            text=True,
        )
        html = os.path.join(out, os.path.basename(path)[: -len(".ipynb")] + ".html")
        ok = result.returncode == 0 and os.path.exists(html) and os.path.getsize(html) > 0
        detail = ""
        if not ok and result.stderr.strip():
            detail = ": " + result.stderr.strip().splitlines()[-1]
        tally.check(ok, f"{os.path.basename(path)}: jupyter nbconvert --to html{detail}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--models", action="append", default=[], help="folder of NAME.onnx + NAME.check/"
    )
    parser.add_argument("--ipynb", action="append", default=[], help="folder of .ipynb files")
    parser.add_argument("--render", action="append", default=[], help=".ipynb to render to HTML")
    args = parser.parse_args()
    print(f"onnx {onnx.__version__}, onnxruntime {ort.__version__}", flush=True)
    tally = Tally()
    for folder in args.models:
        models = sorted(
            p
            for p in glob.glob(os.path.join(folder, "*.onnx"))
            if os.path.isdir(p[: -len(".onnx")] + ".check")
        )
        found = f"{folder}: holds exported models with check data ({len(models)})"
        tally.check(len(models) > 0, found)
        for path in models:
            check_model(path, tally)
    for folder in args.ipynb:
        check_ipynb(folder, tally)
    for path in args.render:
        render(path, tally)
    print(f"{tally.passed} passed, {tally.failed} failed")
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
