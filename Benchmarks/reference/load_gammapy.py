#!/usr/bin/env python
"""Gammapy's side of the load benchmark: open a data store, get every observation and touch
its events, GTI and every IRF (as `DataStore.get_observations` users do).
Prints one JSON line: {"seconds": in-process wall time, "observations": n, "events": total}.
Usage: load_gammapy.py DATASTORE_DIR
"""
import json
import sys
import time
import warnings

from gammapy.data import DataStore

warnings.simplefilter("ignore")
t0 = time.perf_counter()
store = DataStore.from_dir(sys.argv[1])
observations = store.get_observations(required_irf="all-optional")
events = 0
for obs in observations:
    events += len(obs.events.table)
    obs.gti
    for name in obs.available_irfs:
        getattr(obs, name)
elapsed = time.perf_counter() - t0
print(json.dumps({"seconds": elapsed, "observations": len(observations), "events": events}))
