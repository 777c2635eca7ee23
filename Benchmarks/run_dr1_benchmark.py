#!/usr/bin/env python
"""The full-DR1 benchmark: GammaKit (`gammakit-bench dr1`) and Gammapy
(../shared/reference/bench/full_dr1_gammapy.py) reduce every H.E.S.S. DR1 observation into its own
dataset, alternated in the same run; also GammaKit at one thread and the measured floor
(`gammakit-bench floor`: the runs' files inflated and parsed, the datasets' bytes written once).
Both print the observations' total counts, which must be equal (280603 for all 105).
Reports medians over rounds of wall time, CPU time (the child's user + system, from wait4), the
per-observation median and peak memory. Usage: run_dr1_benchmark.py --gammakit-bin DIR --out FILE
[--rounds 3] [--observations N]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = os.environ["GAMMAPY_DATA"]
GAMMAPY = HERE.parent.parent / "shared/reference/bench/full_dr1_gammapy.py"


def measured(cmd):
    """(wall, CPU, stdout) of one run of `cmd`; CPU is the child's user + system time."""
    before = os.times()
    t0 = time.perf_counter()
    child = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = os.times()
    if child.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{child.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, child.stdout


def peak_mb(cmd):
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return usage.ru_maxrss / 1024


def ours(out):
    d = json.loads(out.strip().splitlines()[-1])
    return d["observations"], d.get("counts"), d["per_obs_median"]


def theirs(out):
    m = re.search(r"observations (\d+) counts (\d+) .* per-obs median ([0-9.]+)s", out)
    if not m:
        raise SystemExit(f"cannot read Gammapy's output: {out}")
    return int(m.group(1)), int(m.group(2)), float(m.group(3))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gammakit-bin", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--observations", type=int, default=None)
    args = ap.parse_args()
    n = [] if args.observations is None else [str(args.observations)]
    store = f"{DATA}/hess-dl3-dr1"
    bench = f"{args.gammakit_bin}/gammakit-bench"
    cores = str(os.cpu_count())
    sides = {
        f"GammaKit, {cores} threads": ([bench, "dr1", store, *(n or ["1000000"]), cores], ours),
        "GammaKit, 1 thread": ([bench, "dr1", store, *(n or ["1000000"]), "1"], ours),
        "Gammapy 2.1 (one process)": ([sys.executable, str(GAMMAPY), *n], theirs),
        "floor: inflate + write, 1 thread": ([bench, "floor", store, *(n or ["1000000"]), "1"], ours),
    }
    results = {name: [] for name in sides}
    for _ in range(args.rounds):
        for name, (cmd, parse) in sides.items():
            wall, cpu, out = measured(cmd)
            nobs, counts, median = parse(out)
            results[name].append((wall, cpu, median, counts, nobs))
            print(f"{name}: wall {wall:.2f} s, cpu {cpu:.2f} s, per-obs median {median:.4f} s, counts {counts}", file=sys.stderr)
    counts = {name: {r[3] for r in rs} for name, rs in results.items() if "floor" not in name}
    lines = [
        "# Full H.E.S.S. DR1 benchmark",
        "",
        f"Machine: {os.cpu_count()} cores; {args.rounds} alternating rounds; medians. Observations: "
        f"{args.observations or 'all'}; total counts {sorted(set().union(*counts.values()))} (must be one value).",
        "",
        "| side | wall | CPU | CPU per observation | per-observation median | peak memory |",
        "|---|---|---|---|---|---|",
    ]
    for name, (cmd, _) in sides.items():
        rs = results[name]
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        med = statistics.median(r[2] for r in rs)
        nobs = rs[0][4]
        lines.append(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {cpu / nobs * 1000:.1f} ms | {med * 1000:.1f} ms | {peak_mb(cmd):.0f} MB |")
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text)
    print(text)
    if any(len(c) != 1 for c in counts.values()) or len(set().union(*counts.values())) != 1:
        raise SystemExit("the total counts differ between the sides")


if __name__ == "__main__":
    main()
