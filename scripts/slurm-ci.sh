#!/usr/bin/env bash
# slurm-ci.sh [BUILD_ARGS...]
# The Slurm recipe of docs/SCALE.md, for real, on this machine: installs Debian's Slurm and
# MUNGE, starts a one-node cluster (this host, CPUs=2; munged, slurmctld and slurmd run as
# root in the foreground of this script, no systemd, state and sockets in a temp folder),
# submits notebooks/scale/sweep.md (24 configurations, a small Fashion-MNIST subset) as a
# 2-task job array with scripts/slurm/sweep.sbatch, then scripts/slurm/merge.sbatch after
# it, and compares the merged reports with a single-process run byte for byte
# (SOURCE_DATE_EPOCH). Every daemon it started is stopped on exit, whatever happens.
# Exit status 0 when the reports are identical, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
timeout_seconds=${SLURM_CI_TIMEOUT:-900}

packages=(slurmctld slurmd slurm-client munge)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
[ "$(id -u)" -eq 0 ] || { echo "slurm-ci.sh: the daemons run as root; run it as root" >&2; exit 1; }

swift build "$@" --product quantbook >/dev/null
bin=$(swift build "$@" --show-bin-path)/quantbook

tmp=$(mktemp -d /tmp/quantbook-slurm-XXXXXX)
chmod 755 "$tmp"
pids=()
job=""
cleanup() {
  local status=$?
  if [ -n "$job" ]; then scancel "$job" 2>/dev/null || true; fi
  # Stop the daemons started here, newest first, by their process ids.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "slurm-ci.sh: failed; logs:" >&2
    tail -n 20 "$tmp"/*.log >&2 2>/dev/null || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT INT TERM

fail() { echo "slurm-ci.sh: $*" >&2; exit 1; }

# Waits until `$1` (a shell test) holds, or fails after $2 seconds saying $3.
wait_for() {
  local deadline=$((SECONDS + $2))
  until eval "$1"; do
    [ $SECONDS -lt $deadline ] || fail "timed out after $2 s: $3"
    sleep 1
  done
}

# MUNGE: a fresh key, its own socket.
mkdir -m 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --foreground --force --key-file="$tmp/munge/munge.key" \
  --socket="$tmp/munge/munge.sock" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/munged.log" --seed-file="$tmp/munge/munge.seed" >>"$tmp/munged.log" 2>&1 &
pids+=($!)
wait_for "[ -S '$tmp/munge/munge.sock' ]" 30 "munged did not start (see $tmp/munged.log)"

host=$(hostname -s)
port=$((20000 + RANDOM % 20000))
mkdir -p "$tmp/state" "$tmp/spool"
cat >"$tmp/slurm.conf" <<EOF
ClusterName=quantbook-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=60 State=UP
EOF
export SLURM_CONF=$tmp/slurm.conf
# Their own logs hold everything; the terminal gets only this script's lines.
slurmctld -D -i -f "$SLURM_CONF" >>"$tmp/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >>"$tmp/slurmd.log" 2>&1 &
pids+=($!)
wait_for "sinfo -h -N -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)'" 60 \
  "the node did not come up (see $tmp/slurmctld.log, $tmp/slurmd.log)"

# The sweep, small: 2,000 training and 1,000 test images, one epoch.
params=(--param train=2000 --param test=1000 --param epochs=1)
export SOURCE_DATE_EPOCH=1700000000
export QUANTBOOK_CACHE=$tmp/cache QUANTBOOK=$bin QUANTBOOK_OUTPUT=$tmp/merged
job=$(sbatch --parsable --array=0-1 --chdir="$repo" --output="$tmp/shard-%a.log" \
  scripts/slurm/sweep.sbatch notebooks/scale/sweep.md "${params[@]}")
merge=$(sbatch --parsable --dependency=afterok:"$job" --kill-on-invalid-dep=yes \
  --chdir="$repo" --output="$tmp/merge.log" \
  scripts/slurm/merge.sbatch notebooks/scale/sweep.md "${params[@]}" --threads 1)
echo "submitted job array $job (2 shards) and merge job $merge"
wait_for "[ -z \"\$(squeue -h -j '$job,$merge' 2>/dev/null)\" ]" "$timeout_seconds" \
  "jobs $job and $merge still queued or running"
for id in "${job}_0" "${job}_1" "$merge"; do
  state=$(scontrol show job "$id" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1)
  [ "$state" = "JobState=COMPLETED" ] || fail "job $id ended with ${state:-no state}"
done
cat "$tmp/shard-0.log" "$tmp/shard-1.log" "$tmp/merge.log"

# The same notebook in one process, with its own cache.
QUANTBOOK_CACHE=$tmp/single-cache "$bin" run notebooks/scale/sweep.md "${params[@]}" \
  --threads 1 --output "$tmp/single" >"$tmp/single.log" 2>&1 || fail "the single run failed"
compared=0
for file in "$tmp/single"/*.html "$tmp/single"/*.json; do
  case $file in *.timings.json) continue ;; esac
  cmp "$file" "$tmp/merged/$(basename "$file")" || fail "$(basename "$file") differs"
  compared=$((compared + 1))
done
[ "$compared" -ge 3 ] || fail "only $compared report files to compare"
echo "slurm-ci.sh: the 2-shard Slurm run and the single run wrote identical reports" \
  "($compared files)"
