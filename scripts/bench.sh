#!/usr/bin/env bash
# Benchmarks GammaKit against Gammapy 2.1 on the same machine in the same run.
#   scripts/bench.sh            (make bench) every benchmark, 7 alternating rounds each
#   ROUNDS=3 scripts/bench.sh
#   BENCH_ONLY=rxj1713 scripts/bench.sh   only the benchmarks whose name contains it (dr1: the full-DR1 one)
# Gammapy runs from the reference venv (GAMMAPY_PYTHON, default /tmp/gammapy-ref/bin/python),
# created with ../shared/reference/setup.sh when missing. Results: bench-results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-7}
export GAMMAPY_DATA=${GAMMAPY_DATA:-$(cd .. && pwd)/shared/gammapy-data}
python=${GAMMAPY_PYTHON:-/tmp/gammapy-ref/bin/python}
if [[ ! -x $python ]]; then
  echo "bench: creating the Gammapy reference venv with ../shared/reference/setup.sh" >&2
  LOCK=1 VENV=$(dirname "$(dirname "$python")") ../shared/reference/setup.sh >&2
fi
release=(-c release --static-swift-stdlib)  # as the Makefile builds them
swift build "${release[@]}" --product gammakit-bench >&2
swift build "${release[@]}" --product gammakit >&2
bin=$(swift build "${release[@]}" --show-bin-path)
mkdir -p bench-results
"$python" Benchmarks/run_benchmarks.py --rounds "$rounds" --gammakit-bin "$bin" --out bench-results/latest.md
# The full-DR1 benchmark (Gammapy takes about two minutes a round): DR1_ROUNDS rounds (default 3) over
# DR1_OBSERVATIONS runs (default all 105); BENCH_ONLY=dr1 runs it alone.
if [[ -z ${BENCH_ONLY:-} || ${BENCH_ONLY:-} == dr1 ]]; then
  "$python" Benchmarks/run_dr1_benchmark.py --gammakit-bin "$bin" --out bench-results/dr1.md --rounds "${DR1_ROUNDS:-3}" \
    ${DR1_OBSERVATIONS:+--observations "$DR1_OBSERVATIONS"}
fi
