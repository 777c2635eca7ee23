"""Adaptive ring backgrounds from Gammapy 2.1 where the ring size varies from pixel to pixel.

ring_reference.py's adaptive_small uses threshold_alpha 0.1, which the first ring meets everywhere. Here the same
small dataset (run 20326, 50 x 50 pixels of 0.04 deg, one energy bin, exclusion circle 0.3 deg) goes through
AdaptiveRingBackgroundMaker(r_in 0.3, r_out_max 0.8, width 0.2, stepsize 0.05, theta 0.22 deg) with thresholds at
which larger rings are chosen, and some pixels find none (NaN). Arrays as in ring_reference.py.
Run: /tmp/gammapy-ref/bin/python scripts/reference/adaptive_ring_reference.py [OUT.json]
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ring_reference as rr  # noqa: E402  (its helpers: the small dataset, array encoding)
import numpy as np  # noqa: E402
import os  # noqa: E402
from gammapy.data import DataStore  # noqa: E402
from gammapy.makers import AdaptiveRingBackgroundMaker  # noqa: E402

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else rr.ROOT / "Tests" / "MakersTests" / "Fixtures" / "adaptive-ring.json"
CASES = [("fixed_width", 0.006), ("fixed_width", 0.004), ("fixed_r_in", 0.005)]


def main():
    obs = DataStore.from_dir(os.path.expandvars(rr.DATASTORE)).obs(rr.SMALL_OBS)
    geom = rr.small_geom()
    excl = rr.small_exclusion(geom)
    ds = rr.small_dataset(obs, geom)
    doc = dict(readme=__doc__, cases=[])
    for method, threshold in CASES:
        params = dict(rr.ADAPTIVE, threshold_alpha=threshold)
        maker = AdaptiveRingBackgroundMaker(method=method, exclusion_mask=excl, **params)
        cubes = maker.make_cubes(ds)
        ok = maker._alpha_approx_cube(cubes) <= threshold
        chosen = np.where(ok.any(axis=2), np.argmax(ok, axis=2), -1)
        on = maker.run(ds)
        doc["cases"].append(dict(
            method=method, threshold_alpha=threshold,
            n_pixels_per_kernel=[int((chosen == i).sum()) for i in range(cubes["counts_off"].shape[2])],
            n_pixels_no_kernel=int((chosen == -1).sum()),
            chosen_kernel_index=rr.int_map(chosen),
            arrays=dict(counts_off=rr.arr(on.counts_off, rounded=True), acceptance=rr.arr(on.acceptance),
                        acceptance_off=rr.arr(on.acceptance_off, rounded=True), alpha=rr.arr(on.alpha, rounded=True),
                        mask_safe=rr.mask_map(on.mask_safe)),
        ))
    OUT.write_text(rr.enc(doc) + "\n")
    print(OUT, [c["n_pixels_per_kernel"] + [c["n_pixels_no_kernel"]] for c in doc["cases"]])


if __name__ == "__main__":
    main()
