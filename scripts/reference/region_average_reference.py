#!/usr/bin/env python
"""Region-averaged versus region-centre IRFs of a 1D spectrum, from Gammapy 2.1:
Tests/MakersTests/Fixtures/region-average.json.

    GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/region_average_reference.py

(optional first argument: output path; default Tests/MakersTests/Fixtures/region-average.json;
GAMMAPY_DATA defaults to /work/shared/gammapy-data). Takes a few seconds.

H.E.S.S. DR1 run 23523; SpectrumDataset.create(geom=RegionGeom.create(region=R, axes=[energy]),
energy_axis_true=energy_true) with energy 1-10 TeV (11 log bins) and energy_true 0.3-10 TeV (31);
SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False) with
use_region_center=False and =True, for five ON regions R near the Crab: circles of 0.2 and 0.5 deg,
an ellipse 0.6 x 0.3 deg at 30 deg, a rectangle 0.5 x 0.3 deg at 15 deg (ICRS, centre 83.63, 22.01)
and a 0.3 deg circle at (184.5575, -5.7844) in the galactic frame.

Per case: exposure (m2 s) both ways, counts both ways, edisp kernel comparison, and the
intermediates of Gammapy's averaging (RegionGeom.get_wcs_coord_and_weights(), to_wcs_geom() WCS)
plus an independent numpy recomputation of the weighted average from aeff.evaluate.
Floats are written with Python's repr (round-trip exact).
"""
import json
import logging
import os
import re
import sys
import warnings
from pathlib import Path

os.environ.setdefault("GAMMAPY_DATA", "/work/shared/gammapy-data")

import astropy
import astropy.units as u
import numpy as np
import regions
from astropy.coordinates import Angle, SkyCoord
from regions import CircleSkyRegion, EllipseSkyRegion, RectangleSkyRegion

import gammapy
from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Tests" / "MakersTests" / "Fixtures" / "region-average.json"

ENERGY = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
ENERGY_TRUE = MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit="TeV", name="energy_true")
CRAB = SkyCoord(83.63, 22.01, unit="deg", frame="icrs")
CRAB_GAL = SkyCoord(184.5575, -5.7844, unit="deg", frame="galactic")

CASES = [
    ("circle_0p2", "CircleSkyRegion(SkyCoord(83.63, 22.01, unit='deg'), 0.2 deg) icrs",
     CircleSkyRegion(center=CRAB, radius=0.2 * u.deg)),
    ("circle_0p5", "CircleSkyRegion(SkyCoord(83.63, 22.01, unit='deg'), 0.5 deg) icrs",
     CircleSkyRegion(center=CRAB, radius=0.5 * u.deg)),
    ("ellipse", "EllipseSkyRegion(center (83.63, 22.01) icrs, width 0.6 deg, height 0.3 deg, angle 30 deg)",
     EllipseSkyRegion(center=CRAB, width=0.6 * u.deg, height=0.3 * u.deg, angle=30 * u.deg)),
    ("rectangle", "RectangleSkyRegion(center (83.63, 22.01) icrs, width 0.5 deg, height 0.3 deg, angle 15 deg)",
     RectangleSkyRegion(center=CRAB, width=0.5 * u.deg, height=0.3 * u.deg, angle=15 * u.deg)),
    ("galactic_circle_0p3", "CircleSkyRegion(SkyCoord(184.5575, -5.7844, unit='deg', frame='galactic'), 0.3 deg)",
     CircleSkyRegion(center=CRAB_GAL, radius=0.3 * u.deg)),
]


# ----------------------------------------------------------------------------- log capture
class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")


CAPTURE = Capture()
logging.getLogger("gammapy").addHandler(CAPTURE)
logging.getLogger("gammapy").setLevel(logging.WARNING)


def take_log():
    out = list(CAPTURE.records)
    CAPTURE.records.clear()
    return out


def fl(x):
    a = np.asarray(x, dtype=float).ravel()
    return [None if not np.isfinite(v) else float(v) for v in a]


def max_rel(a, b):
    """max |a/b - 1| over bins with b != 0; where b == 0, a must be 0 too (else inf)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    nz = b != 0
    if np.any(a[~nz] != 0):
        return "a != 0 where b == 0"
    return float(np.max(np.abs(a[nz] / b[nz] - 1))) if nz.any() else 0.0


def wcs_info(wcs, npix):
    w = wcs.wcs
    return dict(ctype=list(w.ctype), crval=fl(w.crval), crpix=fl(w.crpix), cdelt=fl(w.cdelt),
                npix=[int(np.ravel(npix[0])[0]), int(np.ravel(npix[1])[0])],
                radesys=str(w.radesys), equinox=None if not np.isfinite(w.equinox) else float(w.equinox))


def run_maker(obs, geom, use_region_center):
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=ENERGY_TRUE)
    maker = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], use_region_center=use_region_center,
                                 containment_correction=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = maker.run(empty, obs)
    py_warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    return ds, take_log(), py_warnings


def one_case(obs, key, desc, region):
    geom = RegionGeom.create(region=region, axes=[ENERGY])
    ds_false, log_false, pyw_false = run_maker(obs, geom, False)
    ds_true, log_true, pyw_true = run_maker(obs, geom, True)

    # ---- intermediates of the averaging (same cached call project_irf_on_geom makes)
    geom_true_e = ds_false.exposure.geom  # RegionGeom with the energy_true axis (what make_exposure gets)
    coords, weights = geom_true_e.get_wcs_coord_and_weights()
    wcs_geom = geom_true_e.to_wcs_geom()
    lon = np.ravel(u.Quantity(coords["lon"], "deg").value)
    lat = np.ravel(u.Quantity(coords["lat"], "deg").value)
    n = len(weights)
    all_triples = [[float(a), float(b), float(c)] for a, b, c in zip(lon, lat, weights)]
    # pixel indices (x, y) in the to_wcs_geom image of each weighted pixel
    idx = wcs_geom.to_image().coord_to_idx(coords.skycoord)
    # weights image over the whole to_wcs_geom image (row-major: lat rows, lon columns)
    weights_image = wcs_geom.to_image().region_weights(regions=[geom_true_e.region], oversampling_factor=10)

    # ---- independent recomputation
    pointing = obs.get_pointing_icrs(obs.tmid)
    livetime = obs.observation_live_time_duration
    offsets = coords.skycoord.separation(pointing)
    aeff = obs.aeff.evaluate(offset=offsets[np.newaxis, :], energy_true=ENERGY_TRUE.center[:, np.newaxis])
    avg = np.average(aeff, axis=-1, weights=weights)
    recomputed = (avg * livetime).to_value("m2 s")
    centre = geom_true_e.center_skydir
    off_centre = centre.separation(pointing)
    aeff_c = obs.aeff.evaluate(offset=off_centre, energy_true=ENERGY_TRUE.center)
    recomputed_c = (aeff_c * livetime).to_value("m2 s")

    exp_f = ds_false.exposure.data.ravel()
    exp_t = ds_true.exposure.data.ravel()

    kern_f = ds_false.edisp.edisp_map.data
    kern_t = ds_true.edisp.edisp_map.data
    kern_same = bool(np.array_equal(kern_f, kern_t))
    edisp = dict(
        identical=kern_same,
        shape=list(kern_f.shape),
        max_abs_diff=float(np.max(np.abs(kern_f - kern_t))),
        exposure_map_identical=bool(np.array_equal(ds_false.edisp.exposure_map.data, ds_true.edisp.exposure_map.data)),
        exposure_map_false_m2s=fl(ds_false.edisp.exposure_map.data),
    )
    if not kern_same:
        edisp["kernel_false_flat"] = fl(kern_f)

    counts_f = ds_false.counts.data.ravel()
    counts_t = ds_true.counts.data.ravel()

    return dict(
        region=desc,
        region_frame=region.center.frame.name,
        region_center_deg=[float(region.center.data.lon.deg), float(region.center.data.lat.deg)],
        geom_center_skydir_deg=[float(centre.data.lon.deg), float(centre.data.lat.deg)],
        geom_width_deg=fl(geom_true_e.width.to_value("deg")),
        region_geom_wcs=wcs_info(geom_true_e.wcs, geom_true_e.to_wcs_geom().npix) | dict(
            note="RegionGeom's own WCS (binsz_wcs 0.1 deg TAN at the region centre, width = bbox width); "
                 "npix here is to_wcs_geom's"),
        exposure_unit=str(ds_false.exposure.unit),
        exposure_false_m2s=fl(exp_f),
        exposure_true_m2s=fl(exp_t),
        exposure_ratio_false_over_true=fl(np.divide(exp_f, exp_t, out=np.full_like(exp_f, np.nan), where=exp_t != 0)),
        exposure_sum_ratio_false_over_true=float(exp_f.sum() / exp_t.sum()),
        counts_false=fl(counts_f),
        counts_true=fl(counts_t),
        counts_identical=bool(np.array_equal(counts_f, counts_t)),
        counts_total=float(counts_f.sum()),
        edisp=edisp,
        averaging=dict(
            to_wcs_geom=wcs_info(wcs_geom.wcs, wcs_geom.npix),
            n_weighted_pixels=int(n),
            weight_sum=float(np.sum(weights)),
            first5_lon_lat_weight=all_triples[:5],
            last5_lon_lat_weight=all_triples[-5:],
            all_lon_lat_weight=all_triples,
            pixel_idx_x=[int(v) for v in np.ravel(idx[0])],
            pixel_idx_y=[int(v) for v in np.ravel(idx[1])],
            weights_image_rows=[fl(r) for r in weights_image.data],
            offsets_deg=fl(offsets.deg),
            coord_frame=str(coords.frame),
        ),
        check=dict(
            pointing_icrs_tmid_deg=[float(pointing.ra.deg), float(pointing.dec.deg)],
            livetime_s=float(u.Quantity(livetime).to_value("s")),
            center_offset_deg=float(off_centre.deg),
            recomputed_average_m2s=fl(recomputed),
            recomputed_average_max_rel_diff=max_rel(recomputed, exp_f),
            recomputed_centre_m2s=fl(recomputed_c),
            recomputed_centre_max_rel_diff=max_rel(recomputed_c, exp_t),
        ),
        log_false=log_false,
        log_true=log_true,
        python_warnings_false=pyw_false,
        python_warnings_true=pyw_true,
    )


def dumps(doc):
    """indent=1, but every list of scalars on one line."""
    s = json.dumps(doc, indent=1, allow_nan=False)
    scalar = r'(?:-?\d[\d.eE+-]*|null|true|false|"[^"\n]*")'
    s = re.sub(r'\[\s*(' + scalar + r'(?:,\s*' + scalar + r')*)\s*\]',
               lambda m: "[" + re.sub(r',\s+', ', ', m.group(1)) + "]", s)
    return s + "\n"


README = (
    "SpectrumDatasetMaker(selection=['counts','exposure','edisp'], containment_correction=False) with "
    "use_region_center False vs True, Gammapy " + gammapy.__version__ + ", H.E.S.S. DR1 run 23523 "
    "($GAMMAPY_DATA/hess-dl3-dr1); SpectrumDataset.create(geom=RegionGeom.create(region=R, axes=[energy 1-10 TeV, "
    "11 log bins]), energy_axis_true=0.3-10 TeV 31 log bins). Exposure flat over energy_true (m2 s). "
    "What Gammapy does (makers/map.py MapDatasetMaker.make_exposure -> makers/utils.py "
    "make_map_exposure_true_energy(pointing=obs.get_pointing_icrs(obs.tmid), livetime=observation_live_time_duration) "
    "-> project_irf_on_geom(geom, aeff, FoVICRSFrame(origin=pointing), use_region_center)): "
    "use_region_center=True evaluates aeff(offset, energy_true) at ONE position, geom.get_coord().skycoord = "
    "RegionGeom.center_skydir, which is the centre of the region's pixel bounding box converted back to sky "
    "(geom_center_skydir_deg; not exactly region.center), offset = great-circle separation from the tmid pointing. "
    "use_region_center=False: coords, weights = geom.get_wcs_coord_and_weights(factor=10): "
    "wcs_geom = geom.to_wcs_geom() = WcsGeom(wcs=geom.wcs).cutout(position=center_skydir, width=geom.width) (geom.wcs "
    "is TAN, binsz 0.1 deg, in the region's frame, centred at region.center; width = sky size of the pixel bounding "
    "box); weights = wcs_geom.to_image().region_weights([region], oversampling_factor=10) = upsample the image x10, "
    "region_mask there (region.to_pixel(upsampled wcs).contains(pixel centre)), cast to float, downsample by "
    "block nansum / block count, i.e. the fraction of the 10x10 sub-pixel centres inside the region; keep pixels "
    "with weight > 0 in C (row-major: lat row y, then lon column x) order; coords = PIXEL CENTRES of those pixels "
    "(wcs_geom.get_coord(sparse=True).apply_mask). Then aeff is evaluated at each pixel centre's offset from the "
    "tmid pointing and data = np.average(data, axis=-1, weights=weights, keepdims=True) (weighted mean over pixel "
    "centres, normalised by the weight sum, NOT by the region solid angle), times livetime, to m2 s. "
    "check.recomputed_* redo this in numpy from obs.aeff.evaluate. "
    "Edisp: SpectrumDatasetMaker.make_edisp_kernel passes use_region_center to make_edisp_kernel_map -> "
    "make_edisp_map, but make_edisp_map calls project_irf_on_geom(geom, edisp, fov_frame) WITHOUT it, so the "
    "kernel is always evaluated at the region centre and is identical for False and True; the edisp exposure_map "
    "comes from make_exposure_irf(geom.squash('energy'), obs) with the default use_region_center=True (also "
    "identical, equal to exposure_true). Counts are made by RegionNDMap.fill_events (region containment of each "
    "event), independent of use_region_center. Log: the only use_region_center-related warning in the maker is "
    "'MapMaker: use_region_center=False should not be used with point-like IRF' (only for point-like IRFs; H.E.S.S. "
    "DR1 is full-enclosure, so none expected); log_* hold gammapy log records >= WARNING during each run, "
    "python_warnings_* Python warnings. Sky coordinates in the region's frame (deg); all_lon_lat_weight lists every "
    "weighted pixel (in order); pixel_idx_x/y are their (x, y) indices in to_wcs_geom's image; weights_image_rows "
    "is the full weights image (rows = y). get_wcs_coord_and_weights is called on the exposure's RegionGeom "
    "(energy_true axis), spatially identical to the counts geom. Pixel geometry: RegionGeom.create builds its WCS "
    "with WcsGeom.create(binsz 0.1, skydir=region.center, TAN) whose default npix is even, so region.center sits "
    "on a pixel CORNER (crpix n+0.5) and the pixel centres are offset by half a pixel from it; the bounding box "
    "(regions' RegionBoundingBox of region.to_pixel(wcs)) is padded, e.g. 6x6 pixels (0.6 deg) for the 0.2 deg "
    "circle, so the outer ring of to_wcs_geom has weight 0 and is dropped. exposure bin 0 (0.3-0.336 TeV) is 0 "
    "both ways (aeff 0 there), its ratio is null. edisp.shape is the EDispKernelMap data shape (energy_true, "
    "energy, lat, lon); kernel_false_flat is only written if the kernels differ."
)


def main():
    store = DataStore.from_dir(os.path.expandvars("$GAMMAPY_DATA/hess-dl3-dr1"))
    obs = store.obs(23523)
    take_log()
    doc = dict(
        readme=README,
        versions=dict(gammapy=gammapy.__version__, numpy=np.__version__, astropy=astropy.__version__,
                      regions=regions.__version__),
        observation=dict(obs_id=23523, datastore="$GAMMAPY_DATA/hess-dl3-dr1"),
        axes=dict(energy_edges_tev=fl(ENERGY.edges.to_value("TeV")),
                  energy_true_edges_tev=fl(ENERGY_TRUE.edges.to_value("TeV")),
                  energy_true_center_tev=fl(ENERGY_TRUE.center.to_value("TeV"))),
        cases={},
    )
    for key, desc, region in CASES:
        doc["cases"][key] = one_case(obs, key, desc, region)
    OUT.write_text(dumps(doc))


if __name__ == "__main__":
    main()
