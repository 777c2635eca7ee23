#!/usr/bin/env python
"""Runs each benchmark as GammaKit and as Gammapy, alternating, and reports medians.

Both sides are timed twice: in-process (the work itself, as each program measures it) and as a
whole process (wall clock from spawn to exit, interpreter start-up and imports included).
Peak memory is the child's maximum resident set size.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = os.environ["GAMMAPY_DATA"]
SCENARIOS = HERE.parent.parent / "shared/reference/scenarios"
REFERENCE = HERE.parent.parent / "shared/reference/run_reference.py"
OURS = HERE.parent / "scenarios"
SCRATCH = Path(tempfile.mkdtemp(prefix="gammakit-bench-"))


def benchmarks(bin_dir, python):
    hess = f"{DATA}/hess-dl3-dr1"
    result = [
        {
            "name": "load 105 H.E.S.S. DR1 runs (events, GTI, every IRF)",
            "gammakit": [f"{bin_dir}/gammakit-bench", "load", hess],
            "gammapy": [python, str(HERE / "reference/load_gammapy.py"), hess],
        },
    ]
    # Whole reductions, as a user runs them: `gammakit reduce` against Gammapy's Analysis
    # (../shared/reference/run_reference.py) on the same AnalysisConfig, whole process.
    for scenario in ["seed-3d-stacked-nobkg", "seed-3d-stacked", "seed-1d-reflected"]:
        config = SCENARIOS / scenario / "config.yaml"
        result.append({
            "name": f"reduce {scenario} (4 Crab runs, whole process)",
            "gammakit": [f"{bin_dir}/gammakit", "reduce", str(config), "--output", str(SCRATCH / f"ours-{scenario}"), "--overwrite"],
            "gammapy": [python, str(REFERENCE), str(SCENARIOS / scenario), str(SCRATCH / f"ref-{scenario}")],
            "process_only": True,
        })
    # Ring backgrounds on RX J1713.7-3946 (15 runs, stacked); the adaptive ring's Gammapy side
    # is the scenario's config.py, ours its gammakit.yaml.
    for scenario, config in [("hess-rxj1713-ring", "config.yaml"), ("hess-rxj1713-adaptive-ring", "gammakit.yaml")]:
        result.append({
            "name": f"reduce {scenario} (15 runs, whole process)",
            "gammakit": [f"{bin_dir}/gammakit", "reduce", str(OURS / scenario / config), "--output", str(SCRATCH / f"ours-{scenario}"), "--overwrite"],
            "gammapy": [python, str(REFERENCE), str(OURS / scenario), str(SCRATCH / f"ref-{scenario}")],
            "process_only": True,
        })
    # The significance map of that ring reduction (both read the same stacked.fits) and the
    # theta² table of its runs, each with its FITS output and PNGs.
    ring = OURS / "hess-rxj1713-ring" / "config.yaml"
    stacked = SCRATCH / "ring-input" / "stacked.fits"
    result.append({
        "name": "significance map of hess-rxj1713-ring (ExcessMapEstimator 0.1°, FITS + 2 PNGs, whole process)",
        "setup": [f"{bin_dir}/gammakit", "reduce", str(ring), "--output", str(stacked.parent), "--overwrite"],
        "gammakit": [f"{bin_dir}/gammakit", "significance", str(stacked), "-o", str(SCRATCH / "sig-ours"), "--overwrite"],
        "gammapy": [python, str(HERE / "reference/significance_gammapy.py"), str(stacked), str(SCRATCH / "sig-ref")],
        "process_only": True,
    })
    result.append({
        "name": "theta² table of the 15 hess-rxj1713-ring runs (0-0.2 deg², FITS + PNG, whole process)",
        "gammakit": [f"{bin_dir}/gammakit", "theta2", str(ring), "-o", str(SCRATCH / "t2-ours"), "--overwrite"],
        "gammapy": [python, str(HERE / "reference/theta2_gammapy.py"), str(ring), str(SCRATCH / "t2-ref"), "258.1", "-39.8"],
        "process_only": True,
    })
    return result


def run(cmd):
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - t0
    if child.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{stderr}")
    try:
        result = json.loads(stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        result = {}
    result["process"] = wall
    result.setdefault("seconds", wall)
    return result


def peak_memory_mb(cmd):
    """Peak resident memory of one run of `cmd` (its own rusage, from wait4)."""
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--gammakit-bin", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    lines = [
        f"# GammaKit vs Gammapy benchmarks",
        "",
        f"Machine: {os.cpu_count()} cores; {args.rounds} alternating rounds; medians. "
        "'work' is each program's own timing of the task, 'process' the wall clock of the whole process.",
        "",
        "| benchmark | GammaKit work | Gammapy work | ratio | GammaKit process | Gammapy process | ratio | peak memory GammaKit / Gammapy |",
        "|---|---|---|---|---|---|---|---|",
    ]
    only = os.environ.get("BENCH_ONLY")  # a substring of the names to run, e.g. "rxj1713"
    for bench in benchmarks(args.gammakit_bin, sys.executable):
        if only and (only == "dr1" or only not in bench["name"]):
            continue
        if "setup" in bench:
            run(bench["setup"])
        ours, theirs = [], []
        for _ in range(args.rounds):
            ours.append(run(bench["gammakit"]))
            theirs.append(run(bench["gammapy"]))
        med = lambda rs, k: statistics.median(r[k] for r in rs)
        o, t = med(ours, "seconds"), med(theirs, "seconds")
        op, tp = med(ours, "process"), med(theirs, "process")
        mo, mt = peak_memory_mb(bench["gammakit"]), peak_memory_mb(bench["gammapy"])
        work = "–" if bench.get("process_only") else None
        lines.append(f"| {bench['name']} | {work or f'{o:.3f} s'} | {work or f'{t:.3f} s'} | {work or f'{t / o:.1f}×'} "
                     f"| {op:.3f} s | {tp:.3f} s | {tp / op:.1f}× | {mo:.0f} MB / {mt:.0f} MB |")
        print(lines[-1], file=sys.stderr)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
