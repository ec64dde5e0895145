#!/usr/bin/env bash
# Lists the lines of the Swift files in Sources and Tests that are longer than 100 columns
# (characters, not bytes) as `file:line: text`, and exits 1 if there is any; 0 if none.
# Usage: scripts/long-lines.sh [limit]   (reads the repository this script sits in)
set -euo pipefail
limit="${1:-100}"
cd "$(dirname "$0")/.."
long="$(find Sources Tests -name '*.swift' -print0 | sort -z \
  | LC_ALL=C.UTF-8 xargs -0 grep -nE "^.{$((limit + 1)),}\$" || true)"
if [ -n "$long" ]; then
  printf '%s\n' "$long"
  echo "error: $(printf '%s\n' "$long" | wc -l) lines longer than $limit columns" \
    "(wrap them; split long strings with +)" >&2
  exit 1
fi
