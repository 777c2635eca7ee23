"""The makers tutorial's 1D setup, shared by the spectrum reference scripts.

The ON region is the tutorial's 0.2 deg circle at the centre of its 5 deg, 0.05 deg CAR geometry at
(83.63, 22.01); energy 1-10 TeV in 11 log bins, true energy 0.3-10 TeV in 31; the exclusion mask is
the same circle (region_mask(inside=False) reduced over energy with logical_or).
"""
import os

import astropy.units as u
import numpy as np
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion

from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import ReflectedRegionsBackgroundMaker, SafeMaskMaker, SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom, WcsGeom

GEOM_2D = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs")
ON_REGION = CircleSkyRegion(center=GEOM_2D.center_skydir, radius=0.2 * u.deg)
ENERGY = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
ENERGY_TRUE = MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit="TeV", name="energy_true")


def empty_spectrum():
    """SpectrumDataset.create on the ON region with the tutorial's axes."""
    return SpectrumDataset.create(geom=RegionGeom.create(region=ON_REGION, axes=[ENERGY]), energy_axis_true=ENERGY_TRUE)


def data_store():
    return DataStore.from_dir(os.path.expandvars("$GAMMAPY_DATA/hess-dl3-dr1"))


def exclusion_mask():
    geom = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs", axes=[ENERGY])
    return geom.region_mask([ON_REGION], inside=False).reduce_over_axes(np.logical_or, keepdims=False)


def on_off_23523():
    """Run 23523 through the tutorial's 1D chain: SpectrumDatasetMaker (counts, exposure, edisp,
    no containment correction), ReflectedRegionsBackgroundMaker with the exclusion mask,
    SafeMaskMaker aeff-max 10 %; named obs-23523."""
    obs = data_store().obs(23523)
    dataset = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False).run(
        empty_spectrum().copy(name="obs-23523"), obs)
    dataset = ReflectedRegionsBackgroundMaker(exclusion_mask=exclusion_mask()).run(dataset, obs)
    return SafeMaskMaker(methods=["aeff-max"], aeff_percent=10).run(dataset, obs)
