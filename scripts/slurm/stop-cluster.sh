#!/usr/bin/env bash
# Stop the cluster started by start-cluster.sh STATE_DIR: cancel its jobs,
# stop slurmd, slurmctld, munged (by pid file), wait, sweep any stray slurmstepd.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 1; }
S=$(cd "$1" && pwd)
export SLURM_CONF="$S/slurm.conf"
cd /

pid_of() { [ -s "$S/run/$1.pid" ] && cat "$S/run/$1.pid" || true; }
# alive PID: exists and is not a zombie (PID 1 here reaps orphans late)
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*zombie' "/proc/$1/status" 2>/dev/null; }
# Pids of this cluster's processes: started with SLURM_LOCAL_CLUSTER=$S (the
# daemons) or running in $S/log (slurmd's cwd, inherited by slurmstepd),
# plus all their descendants (job processes).
marked() {
  local d pid cwd roots=" "
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}; [ "$pid" = $$ ] && continue
    cwd=$(readlink "$d/cwd" 2>/dev/null) || continue
    if [ "$cwd" = "$S/log" ] ||
       { tr '\0' '\n' 2>/dev/null < "$d/environ" | grep -qxF "SLURM_LOCAL_CLUSTER=$S"; }; then
      roots+="$pid "; fi
  done
  # add descendants (a few passes over the pid/ppid table)
  local table; table=$(ps -eo pid=,ppid=)
  for _ in 1 2 3 4 5; do
    roots+=$(awk -v r="$roots" 'index(r, " " $2 " ") && !index(r, " " $1 " ") { printf "%s ", $1 }' <<<"$table")
  done
  echo $roots
}
stop() {   # stop NAME PID: TERM, wait up to 20 s, then KILL
  local name=$1 pid=$2
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do alive "$pid" || return 0; sleep 0.2; done
  echo "stop-cluster: $name ($pid) ignored SIGTERM, killing" >&2
  kill -KILL "$pid" 2>/dev/null || true; sleep 0.2
}

# Cancel running/pending jobs while slurmctld is still there, so that job
# processes are cleaned up by their slurmstepd.
if alive "$(pid_of slurmctld)"; then
  jobs=$(timeout 10 squeue -h -o %i 2>/dev/null || true)
  if [ -n "$jobs" ]; then
    # shellcheck disable=SC2086
    timeout 10 scancel $jobs 2>/dev/null || true
    for _ in $(seq 50); do [ -z "$(timeout 5 squeue -h -t PD,R,CG -o %i 2>/dev/null)" ] && break; sleep 0.2; done
  fi
fi

pids="$(pid_of slurmd) $(pid_of slurmctld) $(pid_of munged)"
stop slurmd "$(pid_of slurmd)"
stop slurmctld "$(pid_of slurmctld)"
stop munged "$(pid_of munged)"
# give PID 1 up to 5 s to reap the zombies, so that pgrep shows nothing
for _ in $(seq 25); do gone=1; for p in $pids; do [ -e "/proc/$p" ] && gone=0; done; [ $gone = 1 ] && break; sleep 0.2; done
for p in $(marked); do echo "stop-cluster: killing stray $(tr '\0' ' ' 2>/dev/null < /proc/$p/cmdline) ($p)" >&2; kill -KILL "$p" 2>/dev/null || true; done
rm -f "$S"/run/*.pid
left=$(marked)
[ -z "$left" ] || { echo "stop-cluster: processes still alive: $left" >&2; exit 1; }
echo "stop-cluster: stopped ($S)" >&2
