"""Energy-dispersion kernels of spectra from Gammapy 2.1: Tests/MakersTests/Fixtures/spectrum-edisp.json.

    /tmp/gammapy-ref/bin/python scripts/reference/spectrum_edisp_reference.py > Tests/MakersTests/Fixtures/spectrum-edisp.json

The makers tutorial's ON region (0.2 deg circle at the centre of its 5 deg CAR geometry at
83.63, 22.01), energy axis 1-10 TeV (11 log bins) and true-energy axis 0.3-10 TeV (31);
SpectrumDatasetMaker(selection=["edisp"]) (use_region_center=True) on H.E.S.S. DR1 runs 23523
and 23592: the kernel's pdf_matrix (rows: true energy, columns: reconstructed energy) and the
exposure map stored with it (m2 s per true-energy bin).
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
    dataset = SpectrumDatasetMaker(selection=["edisp"]).run(empty, obs)
    kernel = dataset.edisp.get_edisp_kernel()
    out[int(obs.obs_id)] = {
        "pdf_matrix": [[float(x) for x in row] for row in kernel.pdf_matrix],
        "exposure_m2s": [float(x) for x in dataset.edisp.exposure_map.data.ravel()],
    }
print(json.dumps(out))
