#!/usr/bin/env python
"""Gammapy's side of the theta² benchmark, the work `gammakit theta2` does: select a config's
observations with Analysis, make_theta_squared_table around a position (0-THETA2_MAX deg², 25
bins), write the table as FITS and draw plot_theta_squared_table as a PNG.
Prints one JSON line: {"seconds": in-process wall time, "counts": total ON counts}.
Usage: theta2_gammapy.py CONFIG.yaml OUT_DIR LON LAT [THETA2_MAX]
"""
import json
import sys
import time
import warnings
from pathlib import Path

import matplotlib
matplotlib.use("agg")
import astropy.units as u  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from astropy.coordinates import SkyCoord  # noqa: E402
from gammapy.analysis import Analysis, AnalysisConfig  # noqa: E402
from gammapy.makers.utils import make_theta_squared_table  # noqa: E402
from gammapy.maps import MapAxis  # noqa: E402
from gammapy.visualization import plot_theta_squared_table  # noqa: E402

warnings.simplefilter("ignore")
t0 = time.perf_counter()
out = Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
analysis = Analysis(AnalysisConfig.read(sys.argv[1]))
analysis.get_observations()
axis = MapAxis.from_bounds(0, float(sys.argv[5]) if len(sys.argv) > 5 else 0.2, nbin=25, interp="lin", unit="deg2")
table = make_theta_squared_table(analysis.observations, axis, SkyCoord(float(sys.argv[3]), float(sys.argv[4]), unit="deg"))
table.meta.clear()
table.write(out / "theta2.fits", overwrite=True)
plt.figure(figsize=(7, 6))
plot_theta_squared_table(table)
plt.savefig(out / "theta2.png")
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "counts": int(table["counts"].sum())}))
