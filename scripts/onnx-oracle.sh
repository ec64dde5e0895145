#!/usr/bin/env bash
# The ONNX and Jupyter oracle: checks exported models with the official `onnx` checker and
# ONNX Runtime against Quantbook's own outputs, and validates .ipynb files with `nbformat`
# (and renders one with `jupyter nbconvert --to html`). See docs/EXPORT.md.
#
#   scripts/onnx-oracle.sh [--models FOLDER]... [--ipynb FOLDER]... [--render FILE.ipynb]
#
# FOLDER is a run's output folder: every NAME.onnx in it with a NAME.check/ beside it is run;
# every *.ipynb in an --ipynb folder is validated. Exit 0 when every check passes, 1 otherwise.
#
# The virtual environment .venv-oracle/ (git-ignored) is created on first use and reused; its
# packages are pinned in scripts/oracle-requirements.txt and installed quietly only when the
# pins change (a stamp file holds the hash of the requirements it was built from).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${QUANTBOOK_ORACLE_VENV:-$ROOT/.venv-oracle}"
REQUIREMENTS="$ROOT/scripts/oracle-requirements.txt"
STAMP="$VENV/.requirements.sha256"

want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" ]] || [[ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]]; then
  start=$(date +%s)
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 needs python3-venv for `-m venv`.
    if command -v apt-get >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    fi
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  echo "$want" >"$STAMP"
  echo "onnx-oracle: installed $VENV in $(($(date +%s) - start)) s"
fi

exec "$VENV/bin/python" "$ROOT/scripts/onnx_oracle.py" "$@"
