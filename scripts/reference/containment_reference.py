"""PSF containment correction of a spectrum's exposure, from Gammapy 2.1:
Tests/MakersTests/Fixtures/containment-exposure.json.

    /tmp/gammapy-ref/bin/python scripts/reference/containment_reference.py > Tests/MakersTests/Fixtures/containment-exposure.json

The makers tutorial's ON region (0.2 deg circle at the centre of its 5 deg CAR geometry at
83.63, 22.01) and true-energy axis (0.3-10 TeV, 31 log bins); SpectrumDatasetMaker(selection
["exposure"], containment_correction=True) on H.E.S.S. DR1 runs 23523 and 23592 (psf_table);
prints the exposure per true-energy bin and the containment fraction it applied.
"""
import json
import os

import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion

from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom, WcsGeom

geom2d = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs")
region = CircleSkyRegion(center=geom2d.center_skydir, radius=0.2 * u.deg)
energy = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
energy_true = MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit="TeV", name="energy_true")
geom = RegionGeom.create(region=region, axes=[energy])
store = DataStore.from_dir(os.path.expandvars("$GAMMAPY_DATA/hess-dl3-dr1"))
out = {}
for obs in store.get_observations([23523, 23592]):
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_true)
    corrected = SpectrumDatasetMaker(selection=["exposure"], containment_correction=True).run(empty, obs)
    plain = SpectrumDatasetMaker(selection=["exposure"], containment_correction=False).run(empty, obs)
    out[int(obs.obs_id)] = {
        "exposure_m2s": [float(x) for x in corrected.exposure.data.ravel()],
        "containment": [float(a / b) if b else None for a, b in zip(corrected.exposure.data.ravel(), plain.exposure.data.ravel())],
    }
print(json.dumps(out))
