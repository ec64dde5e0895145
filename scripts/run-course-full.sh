#!/usr/bin/env bash
# run-course-full.sh [OUT]
# Runs every lesson of notebooks/ on the full Fashion-MNIST data (the notebooks' own
# parameters) with --strict-claims and a fresh cache folder, one notebook at a time, and
# prints each lesson's wall time and its claims. Exit status 1 when any notebook fails or
# any claim does not hold. Builds the release binary in .build-release (not .build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-output-course-full}
swift build -c release --product quantbook --scratch-path .build-release >/dev/null
bin=$(swift build -c release --scratch-path .build-release --show-bin-path)/quantbook
rm -rf "$out"
mkdir -p "$out"
status=0
total_start=$(date +%s.%N)
for notebook in notebooks/*.md; do
  [ "$(basename "$notebook")" = README.md ] && continue
  start=$(date +%s.%N)
  if ! "$bin" run "$notebook" -o "$out" --strict-claims; then
    status=1
  fi
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  name=$(basename "$notebook" .md)
  claims=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["claims"]; print(sum(x["held"] for x in c), "of", len(c))' "$out/$name.json" 2>/dev/null || echo "none")
  printf '%-36s %6.1f s   claims held: %s\n' "$name" "$seconds" "$claims"
done
printf '%-36s %6.1f s\n' "all" "$(echo "$(date +%s.%N) - $total_start" | bc)"
exit $status
