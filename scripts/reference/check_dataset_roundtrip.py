#!/usr/bin/env python
"""Opens dataset directories written by GammaKit with Gammapy 2.1 (`MapDataset.read` and
`Datasets.read`, checksum verified) and compares every map with what Gammapy itself holds for
the same datasets: data bit for bit, dtype, unit, geometry (Gammapy's ==), GTI, meta table,
exposure meta, printed summary.

The directories come from the Datasets test `MapDatasetFITSTests/writesFilesForGammapy`:

    GAMMAKIT_DATASET_ROUNDTRIP_DIR=/tmp/gk-datasets swift test --skip-build --filter writesFilesForGammapy
    /tmp/gammapy-ref/bin/python scripts/reference/check_dataset_roundtrip.py /tmp/gk-datasets

  small/    GammaKit's re-write of Tests/DatasetsTests/Fixtures/gammapy_datasets (Gammapy-written)
  stacked/  GammaKit's stack of stack_ds1 and stack_ds2     vs Fixtures/stack_result.fits.gz (Gammapy)
  migra/    GammaKit's stack with an EDispMap               vs Fixtures/stack_result_migra.fits.gz
  empty/    GammaKit's MapDataset.create (makers tutorial)  vs Gammapy's MapDataset.create, rebuilt here

Exit status 0 when every check passes.
"""
import os
import sys
import warnings

import numpy as np

from gammapy.datasets import Datasets, MapDataset
from gammapy.maps import MapAxis, WcsGeom

DIR = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gk-datasets"
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "DatasetsTests", "Fixtures")
failures = 0


def check(label, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {label}{(': ' + detail) if detail else ''}")
    if not ok:
        failures += 1


def maps(ds):
    out = {"counts": ds.counts, "exposure": ds.exposure, "background": ds.background, "mask_safe": ds.mask_safe,
           "mask_fit": ds.mask_fit}
    if ds.psf is not None:
        out["psf"], out["psf_exposure"] = ds.psf.psf_map, ds.psf.exposure_map
    if ds.edisp is not None:
        out["edisp"], out["edisp_exposure"] = ds.edisp.edisp_map, ds.edisp.exposure_map
    return out


def compare(label, cand, ref, same_name=True):
    check(f"{label}: type", type(cand) is type(ref), type(cand).__name__)
    if same_name:
        check(f"{label}: name", cand.name == ref.name, f"{cand.name!r} vs {ref.name!r}")
    check(f"{label}: edisp class", type(cand.edisp) is type(ref.edisp), type(cand.edisp).__name__)
    mc, mr = maps(cand), maps(ref)
    for name in mr:
        a, b = mc.get(name), mr[name]
        if a is None or b is None:
            check(f"{label}/{name}: present in both", a is None and b is None)
            continue
        check(f"{label}/{name}: geometry ==", a.geom == b.geom)
        check(f"{label}/{name}: unit", a.unit == b.unit, f"{a.unit} vs {b.unit}")
        # FITS data are big-endian: compare kind and size
        same_dtype = (a.data.dtype.kind, a.data.dtype.itemsize) == (b.data.dtype.kind, b.data.dtype.itemsize)
        check(f"{label}/{name}: dtype", same_dtype, f"{a.data.dtype} vs {b.data.dtype}")
        same = np.array_equal(a.data, b.data, equal_nan=a.data.dtype.kind == "f")
        detail = "" if same else f"{int(np.sum(a.data != b.data))} of {a.data.size} values differ"
        check(f"{label}/{name}: data identical", same, detail)
    check(f"{label}: exposure meta", cand.exposure.meta == ref.exposure.meta, f"{cand.exposure.meta} vs {ref.exposure.meta}")
    if ref.gti is not None:
        dt = np.max(np.abs((cand.gti.time_start - ref.gti.time_start).to_value("s")), initial=0) if len(ref.gti.table) else 0
        check(f"{label}: GTI", len(cand.gti.table) == len(ref.gti.table) and dt < 1e-6, f"{len(cand.gti.table)} intervals, max |dt| {dt:.2g} s")
        check(f"{label}: GTI reference", abs((cand.gti.time_ref - ref.gti.time_ref).to_value("s")) < 1e-6
              and cand.gti.time_ref.scale == ref.gti.time_ref.scale, f"{cand.gti.time_ref.scale} {cand.gti.time_ref.mjd}")
    if ref.meta_table is not None:
        same = cand.meta_table is not None and cand.meta_table.colnames == ref.meta_table.colnames and all(
            np.array_equal(np.asarray(cand.meta_table[c]), np.asarray(ref.meta_table[c])) for c in ref.meta_table.colnames)
        check(f"{label}: meta table", same)
    text_c, text_r = str(cand).split("\n"), str(ref).split("\n")
    if not same_name:
        text_c, text_r = text_c[:3] + text_c[4:], text_r[:3] + text_r[4:]
    check(f"{label}: print(dataset) identical", text_c == text_r)


def read(directory):
    """Datasets.read with the checksum verified (a mismatch is an error here), both lazy and not."""
    path = os.path.join(DIR, directory, "datasets.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        try:
            lazy = Datasets.read(path)
            eager = Datasets.read(path, lazy=False, checksum=True)
            check(f"{directory}: datasets.yaml checksum verified", True)
        except UserWarning as w:
            check(f"{directory}: datasets.yaml checksum verified", False, str(w))
            warnings.simplefilter("ignore")
            lazy, eager = Datasets.read(path), Datasets.read(path, lazy=False)
    check(f"{directory}: lazy read names", lazy.names == eager.names)
    check(f"{directory}: lazy counts", np.array_equal(lazy[0].counts.data, eager[0].counts.data))
    name = eager[0].name.replace(" ", "_")
    single = MapDataset.read(os.path.join(DIR, directory, f"{name}.fits"))
    check(f"{directory}: MapDataset.read name", single.name == eager[0].name)
    return eager[0]


warnings.filterwarnings("ignore", message=".*Invalid unit.*")
compare("small", read("small"), Datasets.read(os.path.join(FIXTURES, "gammapy_datasets", "datasets.yaml"), lazy=False)[0])
compare("stacked", read("stacked"), MapDataset.read(os.path.join(FIXTURES, "stack_result.fits.gz")))
compare("migra", read("migra"), MapDataset.read(os.path.join(FIXTURES, "stack_result_migra.fits.gz")))
energy = MapAxis.from_energy_bounds(1.0, 10.0, 11, unit="TeV")
geom = WcsGeom.create(skydir=(83.63, 22.01), binsz=0.05, width=(5, 5), frame="icrs", proj="CAR", axes=[energy])
empty = MapDataset.create(geom, energy_axis_true=MapAxis.from_energy_bounds(0.3, 10.0, 31, unit="TeV", name="energy_true"),
                          name="empty")
compare("empty", read("empty"), empty)
print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
