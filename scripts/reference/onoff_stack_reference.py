"""MapDatasetOnOff stacking on sky maps from Gammapy 2.1: ring_reference.py's small dataset (50 x 50 pixels of
0.04 deg around RX J1713.7-3946, one energy bin, safe mask offset-max 2.5 deg, exclusion circle 0.3 deg) made for
runs 20326 and 20327, each through RingBackgroundMaker(0.3 deg, 0.2 deg), stacked into
MapDatasetOnOff.create(geom, energy_axis_true, name="stacked") in that order. Arrays as in ring_reference.py.
Run: /tmp/gammapy-ref/bin/python scripts/reference/onoff_stack_reference.py [OUT.json]
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ring_reference as rr  # noqa: E402
from gammapy.data import DataStore  # noqa: E402
from gammapy.datasets import MapDatasetOnOff  # noqa: E402
from gammapy.makers import RingBackgroundMaker  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else rr.ROOT / "Tests" / "MakersTests" / "Fixtures" / "onoff-stack.json"
RUNS = [20326, 20327]


def main():
    store = DataStore.from_dir(os.path.expandvars(rr.DATASTORE))
    geom = rr.small_geom()
    excl = rr.small_exclusion(geom)
    stacked = MapDatasetOnOff.create(geom, energy_axis_true=rr.ENERGY_TRUE, name="stacked")
    for obs_id in RUNS:
        on = RingBackgroundMaker(rr.RING_R_IN, rr.RING_WIDTH, exclusion_mask=excl).run(rr.small_dataset(store.obs(obs_id), geom))
        stacked.stack(on)
    doc = dict(readme=__doc__, runs=RUNS, summary=str(stacked),
               dtypes={k: str(getattr(stacked, k).data.dtype) for k in ("counts", "counts_off", "acceptance", "acceptance_off")},
               arrays=dict(counts=rr.arr(stacked.counts), counts_off=rr.arr(stacked.counts_off), acceptance=rr.arr(stacked.acceptance),
                           acceptance_off=rr.arr(stacked.acceptance_off), alpha=rr.arr(stacked.alpha),
                           mask_safe=rr.mask_map(stacked.mask_safe), exposure_sum=float(stacked.exposure.data.sum())))
    OUT.write_text(rr.enc(doc) + "\n")
    print(OUT, doc["dtypes"])


if __name__ == "__main__":
    main()
