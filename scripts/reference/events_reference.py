#!/usr/bin/env python
"""Reference event statistics for Tests/DL3Tests/Fixtures/events-reference.json.

For every observation of every data store in $GAMMAPY_DATA that GammaKit's tests load, read
the events and GTI with gammapy 2.1 / astropy and record counts and float64 sums.
Run:  GAMMAPY_DATA=../shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/events_reference.py
"""
import json
import os
import sys

import numpy as np
import gammapy
from gammapy.data import DataStore

STORES = {
    "hess-dl3-dr1": {},
    "cta-1dc/index/gps": {},
    "magic/rad_max/data": {},
    "veritas/crab-point-like-ED": {},
}

out = {
    "how_made": f"scripts/reference/events_reference.py with gammapy {gammapy.__version__}, astropy; "
                "sums are numpy float64 sums of the columns as astropy reads them (float32 upcast)",
    "stores": {},
}
root = os.environ["GAMMAPY_DATA"]
for store, _ in STORES.items():
    ds = DataStore.from_dir(f"{root}/{store}")
    rows = {}
    for obs_id in ds.obs_ids:
        obs = ds.obs(int(obs_id), required_irf="all-optional")
        t = obs.events.table
        met = (obs.events.time - obs.events.time_ref).to_value("s")
        rows[str(int(obs_id))] = {
            "n_events": len(t),
            "sum_ra": float(np.sum(t["RA"].quantity.to_value("deg").astype(np.float64))),
            "sum_dec": float(np.sum(t["DEC"].quantity.to_value("deg").astype(np.float64))),
            "sum_energy_tev": float(np.sum(t["ENERGY"].quantity.to_value("TeV").astype(np.float64))),
            "sum_time_met": float(np.sum(met.astype(np.float64))),
            "gti_sum_s": float(obs.gti.time_sum.to_value("s")),
            "deadtime_fraction": float(obs.observation_dead_time_fraction),
            "livetime_s": float(obs.observation_live_time_duration.to_value("s")),
            "tstart_mjd_tt": float(obs.tstart.tt.mjd),
            "tstop_mjd_tt": float(obs.tstop.tt.mjd),
            "colnames": list(t.colnames),
        }
    out["stores"][store] = rows
    print(store, len(rows), file=sys.stderr)
json.dump(out, sys.stdout, indent=1)
