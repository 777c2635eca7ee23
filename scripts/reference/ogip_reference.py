"""OGIP spectrum files as Gammapy 2.1 writes them: Tests/DatasetsTests/Fixtures/gammapy_ogip/.

    /tmp/gammapy-ref/bin/python scripts/reference/ogip_reference.py Tests/DatasetsTests/Fixtures/gammapy_ogip

The makers tutorial's 1D loop for H.E.S.S. DR1 run 23523 (0.2 deg ON circle at the centre of its
5 deg CAR geometry at 83.63, 22.01; energy 1-10 TeV in 11 bins, true energy 0.3-10 TeV in 31;
SpectrumDatasetMaker counts/exposure/edisp without containment correction;
ReflectedRegionsBackgroundMaker with the tutorial's exclusion circle; SafeMaskMaker aeff-max 10 %)
written with SpectrumDatasetOnOff.write(format="ogip"): obs-23523.fits (PHA), _bkg, _arf, _rmf.
"""
import sys

import astropy.units as u
import numpy as np
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion

from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import ReflectedRegionsBackgroundMaker, SafeMaskMaker, SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom, WcsGeom

out = sys.argv[1]
geom2d = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs")
region = CircleSkyRegion(center=geom2d.center_skydir, radius=0.2 * u.deg)
energy = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
energy_true = MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit="TeV", name="energy_true")
exclusion = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs", axes=[energy])
exclusion_mask = exclusion.region_mask([region], inside=False).reduce_over_axes(np.logical_or, keepdims=False)
store = DataStore.from_dir("$GAMMAPY_DATA/hess-dl3-dr1")
obs = store.obs(23523)
empty = SpectrumDataset.create(geom=RegionGeom.create(region=region, axes=[energy]), energy_axis_true=energy_true)
dataset = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False).run(empty.copy(name="obs-23523"), obs)
dataset = ReflectedRegionsBackgroundMaker(exclusion_mask=exclusion_mask).run(dataset, obs)
dataset = SafeMaskMaker(methods=["aeff-max"], aeff_percent=10).run(dataset, obs)
dataset.write(f"{out}/obs-23523.fits", format="ogip", overwrite=True)
print(dataset)
