#!/usr/bin/env python
"""Gammapy's side of the significance benchmark, the work `gammakit significance` does: read a
stacked dataset, run ExcessMapEstimator(correlation_radius), write the maps and draw sqrt_ts
(RdBu_r, symmetric) and npred_excess as PNGs.
Prints one JSON line: {"seconds": in-process wall time, "max_sqrt_ts": ...}.
Usage: significance_gammapy.py DATASET.fits OUT_DIR [RADIUS_DEG]
"""
import json
import sys
import time
import warnings
from pathlib import Path

import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from gammapy.datasets import MapDataset  # noqa: E402
from gammapy.estimators import ExcessMapEstimator  # noqa: E402

warnings.simplefilter("ignore")
t0 = time.perf_counter()
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
radius = sys.argv[3] if len(sys.argv) > 3 else "0.1"
dataset = MapDataset.read(sys.argv[1])
maps = ExcessMapEstimator(correlation_radius=f"{radius} deg").run(dataset)
maps.write(out / "significance.fits", overwrite=True)
for name, cmap in [("sqrt_ts", "RdBu_r"), ("npred_excess", "RdBu_r")]:
    image = maps[name]
    limit = np.nanmax(np.abs(image.data))
    ax = image.plot(cmap=cmap, vmin=-limit, vmax=limit, add_cbar=True)
    plt.savefig(out / f"{name}.png")
    plt.close("all")
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "max_sqrt_ts": float(np.nanmax(maps["sqrt_ts"].data))}))
