#!/usr/bin/env bash
# Installs the Debian packages Quantbook needs: libcmark (Markdown), zlib (gzip, PNG),
# pkg-config (finds libcmark), the Fashion-MNIST data set, python3-yaml (a test parses the
# Kubernetes manifest of docs/k8s with it) and Debian's word lists (the words step).
# Idempotent and quiet: packages already installed are not fetched again. Uses sudo when not
# root.
set -euo pipefail
packages=(libcmark-dev zlib1g-dev pkg-config dataset-fashion-mnist python3-yaml
  wamerican wngerman wfrench wspanish witalian wportuguese wdutch wpolish wdanish wcatalan)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing ${missing[*]}" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
