#!/usr/bin/env bash
# run-course-small.sh OUT [BUILD_ARGS...]
# Runs every notebook in notebooks/ end to end on a small subset of Fashion-MNIST (lesson 07:
# of the word set): 2,000 training and 500 test images or words, 1 epoch, passing only the
# parameters each notebook declares, and writes the reports (and NAME.ipynb) to OUT. Exit status 1 when any
# notebook fails.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: $0 OUT}
shift
swift build "$@" --product quantbook >/dev/null
bin=$(swift build "$@" --show-bin-path)/quantbook
status=0
for notebook in notebooks/*.md; do
  [ "$(basename "$notebook")" = README.md ] && continue
  args=()
  # Parameters are the indented keys under 'params:' in the front matter.
  params=$(awk '/^---$/{n++; next} n==1 && /^params:/{p=1; next} n==1 && p && /^  [a-z_]+:/{sub(/:.*/,""); gsub(/ /,""); print} n>=2{exit}' "$notebook")
  for p in $params; do
    case $p in
      train) args+=(--param train=2000) ;;
      test) args+=(--param test=500) ;;
      epochs) args+=(--param epochs=1) ;;
      qat_train) args+=(--param qat_train=1000) ;;
    esac
  done
  echo "== $notebook ${args[*]:-}"
  start=$(date +%s)
  if ! "$bin" run "$notebook" -o "$out" --to ipynb "${args[@]}"; then
    status=1
  fi
  echo "   $(( $(date +%s) - start )) s"
done
exit $status
