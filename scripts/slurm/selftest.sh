#!/usr/bin/env bash
# End-to-end check of start-cluster.sh / stop-cluster.sh in a fresh STATE_DIR.
# Jobs are submitted as SLURM_TEST_USER (default: nobody; empty = root).
# Usage: selftest.sh [PROGRAM]   (PROGRAM: an extra executable a job must run, e.g. .build/.../gammakit)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
user=${SLURM_TEST_USER-nobody}
prog=${1:-}
S=$(mktemp -d /tmp/slurm-selftest.XXXXXX)
trap '"$here/stop-cluster.sh" "$S"' EXIT
"$here/start-cluster.sh" "$S" >/dev/null
. "$S/env.sh"
W="$S/work"; mkdir -p "$W/bin"; chmod 1777 "$W"; cd "$W"
printf '#!/bin/sh\necho hello-from-$(basename "$0") > "%s/hello.$SLURM_JOB_ID"\n' "$W" > "$W/bin/hello"
chmod 0755 "$W/bin/hello"

as() { if [ -n "$user" ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*" >&2; exit 1; }
wait_gone() {   # wait (<= 60 s) until jobs $* left squeue's active states
  for _ in $(seq 300); do [ -z "$(squeue -h -t PD,R,CG,CF -j "$(IFS=,; echo "$*")" 2>/dev/null)" ] && return 0; sleep 0.2; done
  bad "jobs $* still active after 60 s"
}

cfg=$(scontrol show config)
grep -q 'MaxArraySize *= 1001' <<<"$cfg" && ok "MaxArraySize=1001" || bad "MaxArraySize"

# 3-task array + dependent job; environment and working directory are passed.
A=$(as sbatch --parsable --array=1-3 --wrap "echo \$SLURM_ARRAY_TASK_ID > $W/x.\$SLURM_ARRAY_TASK_ID")
squeue -h -j "$A" >/dev/null && scontrol show job "$A" >/dev/null && ok "squeue/scontrol see array $A"
export GK_MARK=marked-$$
B=$(as sbatch --parsable --dependency=afterany:"$A" --wrap 'pwd; echo "PATH=$PATH"; echo "GK_MARK=$GK_MARK"; echo "TASK=${SLURM_ARRAY_TASK_ID-unset}"')
wait_gone "$A" "$B"
for k in 1 2 3; do [ "$(cat "$W/x.$k" 2>/dev/null)" = "$k" ] || bad "array task $k output"; done; ok "array tasks wrote x.1..x.3"
out="$W/slurm-$B.out"
[ "$(head -1 "$out")" = "$W" ] && grep -qxF "PATH=$PATH" "$out" && grep -qxF "GK_MARK=$GK_MARK" "$out" ||
  { cat "$out" >&2; bad "dependent job: workdir/env not passed"; }
ok "dependent job $B ran after $A with workdir and env (PATH, GK_MARK)"

# A failing task shows as FAILED with ExitCode=1:0 in scontrol (no accounting -> no sacct).
F=$(as sbatch --parsable --array=1-3 --wrap 'exit $(( SLURM_ARRAY_TASK_ID == 2 ))')
wait_gone "$F"
line=$(scontrol show job -o "${F}_2")
grep -q 'JobState=FAILED' <<<"$line" && grep -q 'ExitCode=1:0' <<<"$line" || bad "failed task: $line"
grep -q 'JobState=COMPLETED' <<<"$(scontrol show job -o "${F}_1")" || bad "task 1 not COMPLETED"
ok "task ${F}_2 FAILED ExitCode=1:0, ${F}_1 COMPLETED"

# Two 1-CPU jobs run at the same time; programs from arbitrary paths run.
P1=$(as sbatch --parsable --wrap 'sleep 3'); P2=$(as sbatch --parsable --wrap 'sleep 3')
for _ in $(seq 50); do [ "$(squeue -h -t R -j "$P1,$P2" | wc -l)" -eq 2 ] && break; sleep 0.2; done
[ "$(squeue -h -t R -j "$P1,$P2" | wc -l)" -eq 2 ] && ok "two jobs running concurrently" || bad "jobs not concurrent"
H=$(as sbatch --parsable --wrap "$W/bin/hello${prog:+ && $prog --help > $W/prog.out}")
wait_gone "$P1" "$P2" "$H"
grep -q hello-from-hello "$W/hello.$H" || bad "program in $W/bin did not run"
[ -z "$prog" ] || [ -s "$W/prog.out" ] || bad "$prog did not run"
ok "ran $W/bin/hello${prog:+ and $prog}"
echo "selftest: all checks passed (user: ${user:-root})"
