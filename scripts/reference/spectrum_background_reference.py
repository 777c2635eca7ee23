#!/usr/bin/env python
"""Background spectrum of a 1D (RegionGeom) dataset from the bkg IRF, from Gammapy 2.1:
Tests/MakersTests/Fixtures/spectrum-background.json.

    GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/spectrum_background_reference.py

(optional first argument: output path; default Tests/MakersTests/Fixtures/spectrum-background.json;
GAMMAPY_DATA defaults to /work/shared/gammapy-data). Takes a few seconds.

SpectrumDatasetMaker(selection=["background"], use_region_center=U).run(
    SpectrumDataset.create(geom=RegionGeom.create(region=R, axes=[energy])), obs).background
for U in (True, False), Gammapy defaults otherwise (background_oversampling None,
background_interp_missing_data True, background_pad_offset True, fov_rotation_step 1 deg).

Cases: H.E.S.S. DR1 run 23523 ($GAMMAPY_DATA/hess-dl3-dr1), energy 1-10 TeV 11 log bins, with a 0.2 deg
circle and a 0.6 x 0.3 deg (30 deg) ellipse at (83.63, 22.01) and a 0.3 deg circle at (85.0, 22.01);
CTA 1DC GPS ($GAMMAPY_DATA/cta-1dc/index/gps) observation 110380, energy 0.1-100 TeV 10 log bins, 0.3 deg
circle at the Galactic centre (galactic frame).

Per case: background both ways, unit, geom.solid_angle(), bkg IRF class / FoV alignment, ontime, pointing,
the integrated rate (background / (solid angle * ontime)) and an independent numpy recomputation of both
ways from bkg.evaluate + log-log trapezoid. Floats are written with Python's repr (round-trip exact).
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
from astropy.coordinates import SkyCoord
from astropy.io import fits
from regions import CircleSkyRegion, EllipseSkyRegion

import gammapy
from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom
from gammapy.utils.coordinates import FoVICRSFrame
from gammapy.utils.integrate import trapz_loglog

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Tests" / "MakersTests" / "Fixtures" / "spectrum-background.json"

HESS_STORE = "$GAMMAPY_DATA/hess-dl3-dr1"
CTA_STORE = "$GAMMAPY_DATA/cta-1dc/index/gps"
HESS_ENERGY = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
CTA_ENERGY = MapAxis.from_energy_bounds(0.1, 100, nbin=10, unit="TeV")
CRAB = SkyCoord(83.63, 22.01, unit="deg", frame="icrs")
OFFAXIS = SkyCoord(85.0, 22.01, unit="deg", frame="icrs")
GC = SkyCoord(0, 0, unit="deg", frame="galactic")

# key, store, obs_id, energy axis, description, region
CASES = [
    ("hess_circle", HESS_STORE, 23523, HESS_ENERGY,
     "CircleSkyRegion(SkyCoord(83.63, 22.01, unit='deg'), 0.2 deg) icrs",
     CircleSkyRegion(center=CRAB, radius=0.2 * u.deg)),
    ("hess_ellipse", HESS_STORE, 23523, HESS_ENERGY,
     "EllipseSkyRegion(center (83.63, 22.01) icrs, width 0.6 deg, height 0.3 deg, angle 30 deg)",
     EllipseSkyRegion(center=CRAB, width=0.6 * u.deg, height=0.3 * u.deg, angle=30 * u.deg)),
    ("hess_offaxis", HESS_STORE, 23523, HESS_ENERGY,
     "CircleSkyRegion(SkyCoord(85.0, 22.01, unit='deg'), 0.3 deg) icrs",
     CircleSkyRegion(center=OFFAXIS, radius=0.3 * u.deg)),
    ("cta_circle", CTA_STORE, 110380, CTA_ENERGY,
     "CircleSkyRegion(SkyCoord(0, 0, unit='deg', frame='galactic'), 0.3 deg)",
     CircleSkyRegion(center=GC, radius=0.3 * u.deg)),
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
    """max |a/b - 1| over bins with b != 0; where b == 0, a must be 0 too (else a string)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    nz = b != 0
    if np.any(a[~nz] != 0):
        return "a != 0 where b == 0"
    return float(np.max(np.abs(a[nz] / b[nz] - 1))) if nz.any() else 0.0


def run_maker(obs, geom, use_region_center):
    empty = SpectrumDataset.create(geom=geom)
    maker = SpectrumDatasetMaker(selection=["background"], use_region_center=use_region_center)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = maker.run(empty, obs)
    py_warnings = [f"{w.category.__name__}: {w.message}" for w in caught]
    return ds, maker, take_log(), py_warnings


def prepared_bkg(obs):
    """What MapDatasetMaker.make_background hands to make_map_background_irf (fresh copy, cache=False)."""
    bkg = obs.bkg
    bkg.interp_missing_data(axis_name="energy")
    if bkg.has_offset_axis:
        bkg = bkg.pad(1, mode="edge", axis_name="offset")
    return bkg


def fov_coords(skycoord, pointing, bkg):
    """Gammapy's _get_fov_coord for a RADEC-type Background3D (FoVICRSFrame reflects lon)."""
    fov = skycoord.transform_to(FoVICRSFrame(origin=pointing))
    sign = -1.0 if bkg.fov_alignment == "REVERSE_LON_RADEC" else 1.0
    return sign * fov.fov_lon.to("deg"), fov.fov_lat.to("deg")


def integrated_rate(bkg, energy_edges, skycoord, pointing):
    """∫ bkg dE over each energy bin (log-log trapezoid between edge values), shape (nE, n)."""
    lon, lat = fov_coords(skycoord, pointing, bkg)
    e = energy_edges[:, np.newaxis]
    if bkg.has_offset_axis:
        diff = bkg.evaluate(offset=skycoord.separation(pointing)[np.newaxis, :], energy=e, method="linear")
    else:
        diff = bkg.evaluate(fov_lon=lon[np.newaxis, :], fov_lat=lat[np.newaxis, :], energy=e, method="linear")
    return diff, trapz_loglog(diff, e, axis=0), lon, lat


def one_case(key, store_path, obs_id, energy, desc, region, stores):
    if store_path not in stores:
        take_log()
        stores[store_path] = DataStore.from_dir(os.path.expandvars(store_path))
        store_log = take_log()
    else:
        store_log = []
    store = stores[store_path]
    obs = store.obs(obs_id)
    take_log()
    bkg_raw = obs.bkg
    bkg_log = take_log()

    geom = RegionGeom.create(region=region, axes=[energy])
    ds_t, maker, log_t, pyw_t = run_maker(obs, geom, True)
    ds_f, _, log_f, pyw_f = run_maker(obs, geom, False)
    bg_t = ds_t.background.data.ravel()
    bg_f = ds_f.background.data.ravel()

    solid_angle = geom.solid_angle().to_value("sr")
    ontime = u.Quantity(obs.observation_time_duration).to_value("s")
    livetime = u.Quantity(obs.observation_live_time_duration).to_value("s")
    pointing = obs.pointing.fixed_icrs
    centre = geom.center_skydir

    # ---- independent recomputation
    bkg = prepared_bkg(obs)
    edges = energy.edges
    c = geom.to_image().get_coord().skycoord.ravel()  # == center_skydir
    diff_c, rate_c, lon_c, lat_c = integrated_rate(bkg, edges, c, pointing)
    rate_c = rate_c[:, 0]
    rec_t = (rate_c * geom.solid_angle() * obs.observation_time_duration).to_value("")

    wcs_geom = geom.to_wcs_geom().to_image()
    coords, weights = geom.get_wcs_coord_and_weights()
    sky = coords.skycoord
    idx = wcs_geom.coord_to_idx(coords)
    pix_sa = wcs_geom.solid_angle()[idx[1], idx[0]]  # == solid_angle().T[idx] in Gammapy
    _, rate_p, lon_p, lat_p = integrated_rate(bkg, edges, sky, pointing)  # (nE, n)
    rec_f = (np.sum(weights * rate_p * pix_sa, axis=1) * obs.observation_time_duration).to_value("")
    weighted_sa = float(np.sum(weights * pix_sa.to_value("sr")))

    with fits.open(os.path.expandvars(store.hdu_table.hdu_location(obs_id, "bkg").path())) as hdul:
        hdu_name = store.hdu_table.hdu_location(obs_id, "bkg").hdu_name
        hdr = hdul[hdu_name].header
        fovalign_header = hdr.get("FOVALIGN")
        bkg_unit_header = None
        for i in range(1, int(hdr.get("TFIELDS", 0)) + 1):
            if str(hdr.get(f"TTYPE{i}", "")).strip() in ("BKG", "BGD"):
                bkg_unit_header = hdr.get(f"TUNIT{i}")

    # ---- sensitivity of U=True to two easy-to-miss details
    bkg_noflip = prepared_bkg(obs)
    bkg_noflip._fov_alignment = "RADEC" if bkg_noflip.fov_alignment == "REVERSE_LON_RADEC" else "REVERSE_LON_RADEC"
    _, rate_flip, _, _ = integrated_rate(bkg_noflip, edges, c, pointing)
    flip_t = (rate_flip[:, 0] * geom.solid_angle() * obs.observation_time_duration).to_value("")
    maker_noint = SpectrumDatasetMaker(selection=["background"], use_region_center=True)
    maker_noint.background_interp_missing_data = False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        noint_t = maker_noint.run(SpectrumDataset.create(geom=geom), obs).background.data.ravel()
    take_log()
    raw = obs.bkg
    n_missing = int(np.count_nonzero(~np.isfinite(raw.data) | (raw.data == 0)))
    n_missing_after = int(np.count_nonzero(~np.isfinite(bkg.data) | (bkg.data == 0)))
    take_log()

    rate_unit = "s-1 sr-1"
    rate_from_division = bg_t[:3] / (solid_angle * ontime)

    return dict(
        region=desc,
        observation=dict(obs_id=obs_id, datastore=store_path,
                         bkg_file=str(store.hdu_table.hdu_location(obs_id, "bkg").path()).replace(
                             os.environ["GAMMAPY_DATA"], "$GAMMAPY_DATA"),
                         bkg_hdu=store.hdu_table.hdu_location(obs_id, "bkg").hdu_name),
        energy_edges_tev=fl(edges.to_value("TeV")),
        region_frame=region.center.frame.name,
        region_center_deg=[float(region.center.data.lon.deg), float(region.center.data.lat.deg)],
        geom_center_skydir_deg=[float(centre.data.lon.deg), float(centre.data.lat.deg)],
        geom_center_icrs_deg=[float(centre.icrs.ra.deg), float(centre.icrs.dec.deg)],
        solid_angle_sr=float(solid_angle),
        bkg_irf=dict(cls=type(bkg_raw).__name__, fov_alignment_gammapy=str(bkg_raw.fov_alignment.value),
                     fovalign_header=fovalign_header, unit_header=bkg_unit_header, axes=list(bkg_raw.axes.names),
                     shape=list(bkg_raw.data.shape), unit=str(bkg_raw.unit),
                     has_offset_axis=bool(bkg_raw.has_offset_axis),
                     lon_reversed=bool(bkg_raw.fov_alignment == "REVERSE_LON_RADEC"),
                     read_log=bkg_log),
        ontime_s=ontime,
        livetime_s=livetime,
        pointing_icrs_deg=[float(pointing.ra.deg), float(pointing.dec.deg)],
        pointing_mode=str(obs.pointing.mode.name),
        tstart_mjd=float(obs.tstart.mjd),
        background_unit=str(ds_t.background.unit),
        background_true=fl(bg_t),
        background_false=fl(bg_f),
        background_sum_true=float(bg_t.sum()),
        background_sum_false=float(bg_f.sum()),
        ratio_false_over_true=fl(np.divide(bg_f, bg_t, out=np.full_like(bg_f, np.nan), where=bg_t != 0)),
        integrated_rate_true_first3=dict(
            unit=rate_unit,
            from_division=fl(rate_from_division),
            recomputed=fl(rate_c[:3].to_value(rate_unit)),
            max_rel_diff=max_rel(rate_c[:3].to_value(rate_unit), rate_from_division),
            differential_rate_at_first4_edges_MeV_s_sr=fl(diff_c[:4, 0].to_value("MeV-1 s-1 sr-1")),
        ),
        centre_fov_deg=dict(fov_lon=float(lon_c[0].value), fov_lat=float(lat_c[0].value),
                            offset=float(c[0].separation(pointing).deg),
                            note="fov_lon after the REVERSE_LON sign flip when it applies"),
        check=dict(
            recomputed_true=fl(rec_t),
            recomputed_true_max_rel_diff=max_rel(rec_t, bg_t),
            recomputed_false=fl(rec_f),
            recomputed_false_max_rel_diff=max_rel(rec_f, bg_f),
            n_weighted_pixels=int(len(weights)),
            weight_sum=float(np.sum(weights)),
            weighted_pixel_solid_angle_sum_sr=weighted_sa,
            weighted_solid_angle_over_region_solid_angle=weighted_sa / float(solid_angle),
            pixels_lon_lat_weight_solidangle_fovlon_fovlat=[
                [float(a), float(b), float(w), float(s), float(x), float(y)]
                for a, b, w, s, x, y in zip(np.ravel(u.Quantity(coords["lon"], "deg").value),
                                            np.ravel(u.Quantity(coords["lat"], "deg").value),
                                            weights, pix_sa.to_value("sr"), lon_p.value, lat_p.value)],
        ),
        sensitivity=dict(
            background_true_fov_lon_sign_flipped=fl(flip_t),
            fov_lon_sign_flipped_max_rel_diff=max_rel(flip_t, bg_t),
            background_true_interp_missing_data_false=fl(noint_t),
            interp_missing_data_false_max_rel_diff=max_rel(noint_t, bg_t),
            bkg_zero_or_nonfinite_bins_before_interp=n_missing,
            bkg_zero_or_nonfinite_bins_after_interp=n_missing_after,
            bkg_total_bins=int(raw.data.size),
        ),
        maker=dict(background_oversampling=maker.background_oversampling,
                   background_interp_missing_data=maker.background_interp_missing_data,
                   background_pad_offset=maker.background_pad_offset,
                   fov_rotation_step_deg=float(u.Quantity(maker.fov_rotation_step).to_value("deg"))),
        log_store=store_log,
        log_true=log_t,
        log_false=log_f,
        python_warnings_true=pyw_t,
        python_warnings_false=pyw_f,
    )


def dumps(doc):
    """indent=1, but every list of scalars on one line."""
    s = json.dumps(doc, indent=1, allow_nan=False)
    scalar = r'(?:-?\d[\d.eE+-]*|null|true|false|"[^"\n]*")'
    s = re.sub(r'\[\s*(' + scalar + r'(?:,\s*' + scalar + r')*)\s*\]',
               lambda m: "[" + re.sub(r',\s+', ', ', m.group(1)) + "]", s)
    return s + "\n"


README = (
    "SpectrumDatasetMaker(selection=['background'], use_region_center=U).run(SpectrumDataset.create("
    "geom=RegionGeom.create(region=R, axes=[energy])), obs).background for U True and False, Gammapy "
    + gammapy.__version__ + ", maker defaults (background_oversampling None, background_interp_missing_data True, "
    "background_pad_offset True, fov_rotation_step 1 deg). background_* are predicted counts per reco-energy bin "
    "(unit '' = dimensionless), flat in energy order. "
    "Chain: MapDatasetMaker.make_background(geom, obs): bkg = obs.bkg (re-read from disk on every access, "
    "LazyFitsData(cache=False)); bkg.interp_missing_data('energy') (in place on that fresh copy: every bin that is 0 or "
    "non-finite is replaced by np.interp over the bin INDEX along energy of log(values) of the valid bins of the same "
    "(fov_lon, fov_lat) column, no extrapolation: leading/trailing zeros stay 0); pad(1, 'edge', 'offset') only for "
    "IRFs with an offset axis (Background2D), so NOT for these Background3D; then make_map_background_irf(pointing="
    "obs.pointing (FixedPointingInfo), ontime=obs.observation_time_duration, ...); ontime = GTI time_sum = sum over "
    "GTI rows of (STOP - START) through astropy Time (1687.0000000000016 s for 23523 where the header ONTIME is 1687.0; "
    "dead time NOT removed, livetime_s is only for reference). "
    "Since the IRFs here are RADEC-type Background3D (not ALTAZ), there is no time splitting: fov_frame = "
    "FoVICRSFrame(origin=pointing.fixed_icrs) (the fixed RA/Dec pointing, not the tmid one). "
    "integrate_project_irf_on_geom: FoVICRSFrame is a sky-offset frame around the pointing with the longitude "
    "REFLECTED (fov_lon = -(lon of SkyOffsetFrame)); if bkg.fov_alignment == REVERSE_LON_RADEC, fov_lon is negated "
    "again (sign -1). rate = bkg.integrate_log_log(fov_lon, fov_lat, energy=EDGES of the reco energy axis) = "
    "bkg.evaluate at each edge (linear interpolation of log(values) on the IRF axes' scales, 0 outside), then per bin "
    "a power-law integral between adjacent edges (utils.integrate.trapz_loglog; index from the two edge values; if "
    "either is 0 the index is inf -> 0). U=True: one position, geom.to_image().get_coord().skycoord = "
    "RegionGeom.center_skydir (centre of the region's pixel bounding box, geom_center_skydir_deg, not exactly "
    "region.center), background = rate * geom.solid_angle() * ontime, geom.solid_angle() = region.to_pixel(geom.wcs)."
    "area * proj_plane_pixel_area(geom.wcs) (analytic region area in pixels of the region's 0.1 deg TAN WCS times the "
    "reference pixel area). U=False: coords, weights = geom.get_wcs_coord_and_weights() (pixel centres of to_wcs_geom() "
    "with weight > 0, weight = fraction of 10x10 sub-pixel centres inside the region, as in region-average.json); "
    "background = ontime * SUM_i weights_i * rate(pixel centre i) * Omega_pix_i, Omega_pix_i = "
    "to_wcs_geom().to_image().solid_angle() of pixel i (Gammapy indexes solid_angle().T[x_idx, y_idx] = "
    "solid_angle[y, x], i.e. the right pixel). This confirms the reading 'sum over weighted pixels of weight x "
    "integrated rate x pixel solid angle, times ontime'. It is a SUM, not normalised by the weight sum and not "
    "scaled to geom.solid_angle(): the effective area is sum_i w_i Omega_pix_i (check.weighted_pixel_solid_angle_sum_sr), "
    "which differs from solid_angle_sr by check.weighted_solid_angle_over_region_solid_angle, so even a flat "
    "background gives False/True = that ratio. (Contrast exposure, where U=False is a weighted MEAN.) "
    "sensitivity: background_true recomputed with the opposite fov_lon sign, and the maker's U=True result with "
    "background_interp_missing_data=False, to show which details matter; bkg_zero_or_nonfinite_bins_* count the IRF "
    "bins that interp_missing_data treats as missing, before and after. "
    "check.recomputed_* redo both in numpy from bkg.evaluate + trapz_loglog with the same prepared IRF. "
    "integrated_rate_true_first3.from_division = background_true[:3] / (solid_angle_sr * ontime_s) in s-1 sr-1; "
    "recomputed = the integral itself; differential_rate_at_first4_edges is bkg.evaluate at the centre at the first "
    "four energy edges (MeV-1 s-1 sr-1, after interp_missing_data). "
    "H.E.S.S. DR1 surprise: the bkg HDU header says FOVALIGN='RADEC' but Observation.bkg sets fov_alignment to "
    "REVERSE_LON_RADEC when the events meta has CREATOR 'SASH FITS::EventListWriter' and HDUVERS '0.2' (backward "
    "compatibility for old H.E.S.S. files), which DR1 run 23523 has, so fov_lon = +(SkyOffsetFrame lon) for H.E.S.S. "
    "(bkg_irf.fov_alignment_gammapy vs fovalign_header). "
    "CTA 1DC: DataStore.from_dir('$GAMMAPY_DATA/cta-1dc/index/gps') works as-is (hdu-index FILE_DIR points to "
    "../../caldb/data/cta/1dc/bcf/South_z20_50h/irf_file.fits for the IRFs and ../../data/baseline/gps for events; "
    "no environment variable beyond GAMMAPY_DATA, no CALDB). The bkg HDU 'BACKGROUND' has no FOVALIGN key -> "
    "Gammapy default RADEC (no lon reversal) and a unit string '1/s/MeV/sr' that astropy does not parse as a FITS unit; "
    "Gammapy logs 'Invalid unit found in background table! Assuming (s-1 MeV-1 sr-1)' (bkg_irf.read_log) and uses "
    "s-1 MeV-1 sr-1. The CTA region is given in the galactic frame; the RegionGeom WCS is then galactic and the "
    "pixel centres are transformed to ICRS/FoV. log_* are gammapy log records >= WARNING during each maker run, "
    "python_warnings_* Python warnings. check.pixels_* lists every weighted pixel (lon, lat in the region frame deg, "
    "weight, pixel solid angle sr, fov_lon, fov_lat deg as used for the IRF lookup) in Gammapy's order."
)


def main():
    stores = {}
    doc = dict(
        readme=README,
        versions=dict(gammapy=gammapy.__version__, numpy=np.__version__, astropy=astropy.__version__,
                      regions=regions.__version__),
        cases={},
    )
    for key, store_path, obs_id, energy, desc, region in CASES:
        doc["cases"][key] = one_case(key, store_path, obs_id, energy, desc, region, stores)
    OUT.write_text(dumps(doc))


if __name__ == "__main__":
    main()
