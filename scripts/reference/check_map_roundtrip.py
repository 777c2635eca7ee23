#!/usr/bin/env python
"""Opens map files written by GammaKit with Gammapy 2.1 and compares them with the same maps
built by Gammapy itself (geometry with Gammapy's ==, data bit for bit, unit).

The files come from the GammaMaps test `MapFITSTests/writesFilesForGammapy`:

    GAMMAKIT_ROUNDTRIP_DIR=/tmp/gk-roundtrip swift test --skip-build --filter writesFilesForGammapy
    /tmp/gammapy-ref/bin/python scripts/reference/check_map_roundtrip.py /tmp/gk-roundtrip

Exit status 0 when every check passes.
"""
import os
import sys
import warnings

import numpy as np

import astropy.units as u
from astropy.coordinates import SkyCoord
from gammapy.maps import Map, MapAxis, RegionGeom, RegionNDMap, WcsGeom
from regions import CircleSkyRegion, EllipseSkyRegion

warnings.simplefilter("ignore")
DIR = sys.argv[1] if len(sys.argv) > 1 else "/tmp/gk-roundtrip"
failures = 0


def check(label, ok, detail=""):
    global failures
    print(f"{'ok  ' if ok else 'FAIL'} {label}{(': ' + detail) if detail else ''}")
    if not ok:
        failures += 1


energy = MapAxis.from_energy_bounds(1, 10, 11, unit="TeV")
car = WcsGeom.create(skydir=(83.63, 22.01), width=5.0, binsz=0.05, frame="icrs", proj="CAR", axes=[energy])
tan = WcsGeom.create(skydir=(10.5, -1.2), width=(4.0, 3.0), binsz=0.02, frame="galactic", proj="TAN")
ait = WcsGeom.create(binsz=1.0, frame="galactic", proj="AIT", skydir=(0.0, 0.0))

cube_data = ((np.arange(np.prod(car.data_shape)) % 97) * 0.25).astype(np.float32).reshape(car.data_shape)

# 1. a float32 cube with an energy axis in the primary HDU
m = Map.read(os.path.join(DIR, "wcs_cube.fits"))
check("wcs_cube: geometry == Gammapy's", m.geom == car)
check("wcs_cube: header equal to Gammapy's to_header()", dict(m.geom.to_header()) == dict(car.to_header()))
check("wcs_cube: dtype float32 (FITS big-endian)", m.data.dtype.kind == "f" and m.data.dtype.itemsize == 4, str(m.data.dtype))
check("wcs_cube: data identical", np.array_equal(m.data, cube_data))
check("wcs_cube: unit", m.unit == u.Unit("cm-2 s-1 TeV-1"), str(m.unit))

# 2. a boolean mask in a named HDU (Gammapy reads HDUs named *mask* as bool)
mask = Map.read(os.path.join(DIR, "wcs_mask.fits"), hdu="MASK_SAFE")
region = EllipseSkyRegion(SkyCoord(10.2, -1.0, unit="deg", frame="galactic"), 1.5 * u.deg, 0.6 * u.deg, angle=30 * u.deg)
expected_mask = tan.region_mask([region], inside=False)
check("wcs_mask: geometry == Gammapy's", mask.geom == tan)
check("wcs_mask: dtype bool", mask.data.dtype == bool, str(mask.data.dtype))
check("wcs_mask: identical to Gammapy's region_mask", np.array_equal(mask.data, expected_mask.data),
      f"{int((mask.data != expected_mask.data).sum())} pixels differ")

# 3. an all-sky AIT map of GammaKit's solid angles, NaN outside the projection
allsky = Map.read(os.path.join(DIR, "ait_allsky.fits"))
solid = ait.solid_angle().to_value("sr")
check("ait_allsky: geometry == Gammapy's", allsky.geom == ait)
same_nan = np.array_equal(np.isnan(allsky.data), np.isnan(solid))
finite = np.isfinite(solid)
rel = np.max(np.abs(allsky.data[finite] / solid[finite] - 1))
check("ait_allsky: GammaKit's solid angles vs Gammapy's", same_nan and rel < 1e-10, f"max relative difference {rel:.2e}, NaN pattern equal: {same_nan}")

# 4. a region map (SKYMAP, SKYMAP_BANDS, SKYMAP_REGION)
rmap = RegionNDMap.read(os.path.join(DIR, "region_map.fits"), format="gadf")
rgeom = RegionGeom.create("icrs;circle(83.63,22.01,0.2)", axes=[MapAxis.from_energy_bounds(1, 10, 4, unit="TeV")])
check("region_map: geometry == Gammapy's", rmap.geom == rgeom)
check("region_map: data", np.array_equal(rmap.data.ravel(), [3, 1.5, 0.25, 0]), str(rmap.data.ravel()))
check("region_map: unit", rmap.unit == u.Unit("TeV-1"), str(rmap.unit))
r = rmap.geom.region
check("region_map: circle region back", isinstance(r, CircleSkyRegion)
      and abs(r.center.ra.deg - 83.63) < 1e-9 and abs(r.center.dec.deg - 22.01) < 1e-9
      and abs(r.radius.to_value("deg") - 0.2) < 1e-9, repr(r))
check("region_map: solid angle", np.isclose(rmap.geom.solid_angle(), rgeom.solid_angle(), rtol=1e-10),
      f"{rmap.geom.solid_angle():.12e} vs {rgeom.solid_angle():.12e}")

# 5. several maps appended to one file, as a MapDataset file holds them
path = os.path.join(DIR, "dataset_like.fits")
counts = Map.read(path, hdu="COUNTS")
exposure = Map.read(path, hdu="EXPOSURE")
safe = Map.read(path, hdu="MASK_SAFE")
check("dataset_like: COUNTS", counts.geom == car and np.array_equal(counts.data, cube_data))
check("dataset_like: EXPOSURE", exposure.geom == car and np.array_equal(exposure.data, 2 * cube_data))
expected_safe = car.region_mask([CircleSkyRegion(car.center_skydir, 1.5 * u.deg)])
check("dataset_like: MASK_SAFE bool and identical", safe.data.dtype == bool and np.array_equal(safe.data, expected_safe.data))

print(f"\n{failures} failure(s)")
sys.exit(1 if failures else 0)
