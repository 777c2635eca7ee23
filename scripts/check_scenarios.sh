#!/usr/bin/env bash
# Runs every 3D and 1D scenario (ours in scenarios/ and the shared seeds) with Gammapy 2.1 and with
# GammaKit (gammakit.yaml instead of config.yaml where a scenario has one), and compares the two reductions map by map with ../shared/reference/compare.py.
#   scripts/check_scenarios.sh [NAME ...]      (default: all)
# Gammapy's outputs are cached in $REF_CACHE (default /tmp/gammakit-ref); a summary table goes to
# bench-results/scenarios.md.
set -uo pipefail
cd "$(dirname "$0")/.."
export GAMMAPY_DATA=${GAMMAPY_DATA:-$(cd .. && pwd)/shared/gammapy-data}
python=${GAMMAPY_PYTHON:-/tmp/gammapy-ref/bin/python}
cache=${REF_CACHE:-/tmp/gammakit-ref}
out=$(mktemp -d)
shared=../shared/reference
release=(-c release --static-swift-stdlib)  # as the Makefile builds it
swift build "${release[@]}" --product gammakit >&2 || exit 1
bin=$(swift build "${release[@]}" --show-bin-path)/gammakit
dirs=()
for d in scenarios/*/ $shared/scenarios/seed-3d-*/ $shared/scenarios/seed-1d-*/; do
  name=$(basename "$d")
  if [[ $# -gt 0 ]] && [[ ! " $* " == *" $name "* ]]; then continue; fi
  dirs+=("$d")
done
mkdir -p bench-results
summary="| scenario | result | GammaKit ms | Gammapy ms |\n|---|---|---|---|\n"
status=0
for d in "${dirs[@]}"; do
  name=$(basename "$d")
  if [[ ! -f $cache/$name/datasets.yaml ]]; then
    t0=$(date +%s%N)
    "$python" $shared/run_reference.py "$d" "$cache/$name" > "$out/$name.ref.log" 2>&1 || { echo "$name: Gammapy failed, see $out/$name.ref.log"; status=1; continue; }
    echo $(( ($(date +%s%N) - t0) / 1000000 )) > "$cache/$name/.milliseconds"
  fi
  t0=$(date +%s%N)
  ours_config=$d/config.yaml
  [[ -f $d/gammakit.yaml ]] && ours_config=$d/gammakit.yaml  # where our config names an extension
  "$bin" reduce "$ours_config" --output "$out/$name" > "$out/$name.log" 2>&1 || { echo "$name: GammaKit failed:"; cat "$out/$name.log"; status=1; continue; }
  ours=$(( ($(date +%s%N) - t0) / 1000000 ))
  if "$python" $shared/compare.py "$cache/$name" "$out/$name" > "$out/$name.compare" 2>&1; then result=PASS; else result=FAIL; status=1; fi
  echo "== $name: $result"
  grep -v "^OK" "$out/$name.compare"
  summary+="| $name | $result | $ours | $(cat "$cache/$name/.milliseconds" 2>/dev/null || echo '?') |\n"
done
printf "$summary" | tee bench-results/scenarios.md
exit $status
