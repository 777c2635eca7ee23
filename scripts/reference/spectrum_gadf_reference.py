"""An on/off spectrum in Gammapy 2.1's own FITS layout: Tests/DatasetsTests/Fixtures/gammapy_spectrum/.

    /tmp/gammapy-ref/bin/python scripts/reference/spectrum_gadf_reference.py Tests/DatasetsTests/Fixtures/gammapy_spectrum

The makers tutorial's 1D chain for H.E.S.S. DR1 run 23523 (as scripts/reference/ogip_reference.py)
written with Datasets([dataset]).write(OUT/datasets.yaml) (format "gadf": obs-23523.fits beside
the index).
"""
import sys

import astropy.units as u
import numpy as np
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion

from gammapy.data import DataStore
from gammapy.datasets import Datasets, SpectrumDataset
from gammapy.makers import ReflectedRegionsBackgroundMaker, SafeMaskMaker, SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom, WcsGeom

out = sys.argv[1]
geom2d = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs")
region = CircleSkyRegion(center=geom2d.center_skydir, radius=0.2 * u.deg)
energy = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
energy_true = MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit="TeV", name="energy_true")
exclusion = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs", axes=[energy])
exclusion_mask = exclusion.region_mask([region], inside=False).reduce_over_axes(np.logical_or, keepdims=False)
obs = DataStore.from_dir("$GAMMAPY_DATA/hess-dl3-dr1").obs(23523)
empty = SpectrumDataset.create(geom=RegionGeom.create(region=region, axes=[energy]), energy_axis_true=energy_true)
dataset = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False).run(empty.copy(name="obs-23523"), obs)
dataset = ReflectedRegionsBackgroundMaker(exclusion_mask=exclusion_mask).run(dataset, obs)
dataset = SafeMaskMaker(methods=["aeff-max"], aeff_percent=10).run(dataset, obs)
Datasets([dataset]).write(f"{out}/datasets.yaml", overwrite=True)
