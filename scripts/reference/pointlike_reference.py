#!/usr/bin/env python
"""Reference values for GammaKit's point-like (RAD_MAX) 1D ON/OFF reduction, from Gammapy 2.1.

With point-like IRFs the ON and OFF regions take the size of the directional cut RAD_MAX
(an energy/offset-dependent RAD_MAX_2D table or a fixed RAD_MAX header keyword). Gammapy's chain,
reproduced here for every run:

    SpectrumDataset.create(RegionGeom.create(region=PointSkyRegion(ON), axes=[energy]), energy_axis_true)
    -> SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False)
         (ON counts: makers.utils.make_counts_rad_max -> EventList.select_rad_max)
    -> ReflectedRegionsBackgroundMaker(region_finder=WobbleRegionsFinder(n_off_regions=N))
         (OFF centres from the finder, then _filter_regions_off_rad_max drops *all* of them if any
          pair of [ON] + OFF centres is closer than 2 * rad_max; OFF counts: make_counts_off_rad_max)

Writes one JSON file (Tests/MakersTests/Fixtures/pointlike-regions.json) with

* "magic": $GAMMAPY_DATA/magic/rad_max/data (2 Crab runs, RAD_MAX_2D HDU, energy-dependent). Axes as
  in Gammapy's tutorial "Spectral analysis with energy-dependent directional cuts"
  (energy 50 GeV - 1e5 GeV 5/decade, energy_true 10 GeV - 1e5 GeV 10/decade, unit GeV). N = 1, 3
  and the smallest N for which Gammapy drops all OFF regions (overlap warning), found here by trying
  N = 1, 2, ... on the first run.
* "veritas": $GAMMAPY_DATA/veritas/crab-point-like-ED (4 runs, fixed RAD_MAX keyword in the IRF
  headers, no RAD_MAX_2D HDU), same axes and chain, N = 1, 3 and the smallest overlapping N.
  Plus "veritas_circle": CircleSkyRegion ON of radius sqrt(0.008) deg (= the RAD_MAX keyword, as
  in Gammapy's VERITAS tutorial) with the default ReflectedRegionsFinder and WobbleRegionsFinder(3),
  no exclusion (counts from RegionNDMap.fill_events, i.e. pixel containment, not rad_max).
* "errors": ReflectedRegionsBackgroundMaker with a CircleSkyRegion (0.1 deg) ON region on MAGIC
  (energy-dependent RAD_MAX -> ValueError), on VERITAS with a radius != RAD_MAX (ValueError),
  ReflectedRegionsFinder with a PointSkyRegion (TypeError) directly and through the maker.

Per run: pointing at tmid (obs.get_pointing_icrs(obs.tmid), which the finder rotates about), the
events-header pointing RA_PNT/DEC_PNT (which select_rad_max and the overlap test measure offsets
from), the ON offset, RAD_MAX evaluated at that offset at every RAD_MAX energy node (linear
evaluate as used by the overlap test, and nearest as used by select_rad_max), exposure, livetime.
Per run and N: the finder's WCS and OFF centres (pixel and sky) before and after
_filter_regions_off_rad_max, the overlap test's inputs (pairwise separations, masked rad_max),
counts / counts_off / acceptance / acceptance_off / alpha / mask_safe per energy bin, totals,
counts per OFF region, Gammapy's log warnings. Every count is cross-checked by re-implementing
select_rad_max here (nearest RAD_MAX node in log energy / offset, great-circle separation <= rad_max).

Floats are JSON numbers written by Python's repr (round-trip exact); NaN is written as null.
Sky positions ICRS deg; off_regions rows are [ra_deg, dec_deg] (points) or [ra, dec, radius_deg].

Run:  GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python \
          scripts/reference/pointlike_reference.py OUT.json
(default OUT: Tests/MakersTests/Fixtures/pointlike-regions.json; GAMMAPY_DATA defaults to
/work/shared/gammapy-data). Takes ~15 s.
"""
import json
import logging
import os
import re
import sys
import warnings
from itertools import combinations
from pathlib import Path

os.environ.setdefault("GAMMAPY_DATA", "/work/shared/gammapy-data")

import numpy as np
import astropy.units as u
from astropy.coordinates import Angle, SkyCoord
from regions import CircleSkyRegion, PointSkyRegion

import gammapy
from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import (
    ReflectedRegionsBackgroundMaker,
    ReflectedRegionsFinder,
    SafeMaskMaker,
    SpectrumDatasetMaker,
    WobbleRegionsFinder,
)
from gammapy.makers.background.reflected import are_regions_overlapping_rad_max
from gammapy.maps import MapAxis, RegionGeom, RegionNDMap

warnings.simplefilter("ignore")
ROOT = Path(__file__).resolve().parents[2]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Tests" / "MakersTests" / "Fixtures" / "pointlike-regions.json"

ON_CENTER = SkyCoord(83.633, 22.014, unit="deg", frame="icrs")

# axes of Gammapy's tutorial analysis-1d/spectral_analysis_rad_max.py (in GeV, as there)
ENERGY = dict(e_min=50.0, e_max=1e5, nbin=5, per_decade=True, unit="GeV", interp="log")
ENERGY_TRUE = dict(e_min=10.0, e_max=1e5, nbin=10, per_decade=True, unit="GeV", interp="log")
energy_axis = MapAxis.from_energy_bounds(50, 1e5, nbin=5, per_decade=True, unit="GeV", name="energy")
energy_axis_true = MapAxis.from_energy_bounds(10, 1e5, nbin=10, per_decade=True, unit="GeV", name="energy_true")

SPECTRUM_MAKER = dict(selection=["counts", "exposure", "edisp"], containment_correction=False,
                      use_region_center=True)


# ----------------------------------------------------------------------------- log capture
class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        if record.name.startswith("gammapy.makers"):  # drop the io noise ('THETA' axis is stored as a scalar)
            self.records.append(f"{record.name}: {record.getMessage()}")


CAPTURE = Capture()
logging.getLogger("gammapy").addHandler(CAPTURE)
logging.getLogger("gammapy").setLevel(logging.WARNING)


def take_log():
    out = list(CAPTURE.records)
    CAPTURE.records.clear()
    return out


# ----------------------------------------------------------------------------- helpers
def fl(x):
    """Float list (NaN -> None)."""
    a = np.asarray(x, dtype=float).ravel()
    return [None if not np.isfinite(v) else float(v) for v in a]


def radec(c):
    c = c.icrs
    return [float(c.ra.deg), float(c.dec.deg)]


def axis_dict(axis, spec):
    return dict(spec, name=axis.name, build=(f"MapAxis.from_energy_bounds({spec['e_min']}, {spec['e_max']}, "
                                             f"nbin={spec['nbin']}, per_decade=True, unit='{spec['unit']}', "
                                             f"name='{axis.name}')"),
                nbin_actual=int(axis.nbin),
                edges=fl(axis.edges.to_value(spec["unit"])), edges_tev=fl(axis.edges.to_value("TeV")))


def wcs_dict(wcs, shape=None):
    w = wcs.wcs
    d = dict(ctype=list(w.ctype), crval=fl(w.crval), crpix=fl(w.crpix), cdelt=fl(w.cdelt))
    if shape is not None:
        d["npix"] = [int(shape[1]), int(shape[0])]
    return d


def pointing_info(obs):
    p = obs.get_pointing_icrs(obs.tmid)
    meta = obs.events.table.meta
    hdr = obs.events.pointing_radec
    return dict(
        pointing_tmid=dict(ra=float(p.ra.deg), dec=float(p.dec.deg), call="obs.get_pointing_icrs(obs.tmid)",
                           tmid_mjd_tt=float(obs.tmid.tt.mjd)),
        pointing_events_header=dict(ra=float(hdr.ra.deg), dec=float(hdr.dec.deg),
                                    RA_PNT=float(meta["RA_PNT"]), DEC_PNT=float(meta["DEC_PNT"]),
                                    call="obs.events.pointing_radec (events header RA_PNT/DEC_PNT)"),
        tmid_minus_header_separation_deg=float(p.separation(hdr).deg),
        pointing_mode=str(obs.pointing.mode),
    )


# ----------------------------------------------------------------------------- RAD_MAX
def hdu_types(store, obs_id):
    t = store.hdu_table
    return [str(v).strip() for v in t["HDU_TYPE"][t["OBS_ID"] == obs_id]]


def rad_max_source(store, obs):
    if "rad_max" in hdu_types(store, obs.obs_id):
        return "RAD_MAX_2D HDU (hdu-index entry HDU_TYPE 'rad_max', read lazily into observation._rad_max)"
    return ("RAD_MAX header keyword of the point-like AEFF: no rad_max HDU, observation.rad_max = "
            "RadMax2D.from_irf(obs.aeff) (1x1 table, energy = AEFF energy_true axis squashed, offset = AEFF "
            "offset axis squashed, interp nearest, fill_value None)")


def rad_max_dict(store, obs, offset):
    rm = obs.rad_max
    e_ax, o_ax = rm.axes["energy"], rm.axes["offset"]
    at_lin = rm.evaluate(offset=offset)  # as in are_regions_overlapping_rad_max
    at_near = rm.evaluate(offset=offset, method="nearest", energy=e_ax.center)  # as in select_rad_max
    return dict(
        source=rad_max_source(store, obs),
        hdu_types_in_index=hdu_types(store, obs.obs_id),
        edisp_RAD_MAX_keyword=(float(obs.edisp.meta["RAD_MAX"]) if "RAD_MAX" in obs.edisp.meta else None),
        aeff_RAD_MAX_keyword=(float(obs.aeff.meta["RAD_MAX"]) if "RAD_MAX" in obs.aeff.meta else None),
        aeff_is_pointlike=bool(obs.aeff.is_pointlike),
        is_fixed_rad_max=bool(rm.is_fixed_rad_max),
        unit=str(rm.unit), data_dtype=str(rm.data.dtype),
        interp_kwargs={k: v for k, v in rm.interp_kwargs.items()},
        shape_energy_offset=[int(s) for s in rm.data.shape],
        energy_axis=dict(unit=str(e_ax.unit), interp=e_ax.interp, node_type=e_ax.node_type,
                         edges=fl(e_ax.edges.value), centers=fl(e_ax.center.value)),
        offset_axis=dict(unit=str(o_ax.unit), interp=o_ax.interp, node_type=o_ax.node_type,
                         edges=fl(o_ax.edges.value), centers=fl(o_ax.center.value)),
        table_values=[fl(row) for row in rm.quantity.to_value("deg")],
        offset_deg=float(offset.to_value("deg")),
        offset_from="ON centre . separation(events.pointing_radec)",
        at_offset_evaluate_default=fl(at_lin.to_value("deg")),
        at_offset_evaluate_nearest=fl(at_near.to_value("deg")),
        at_offset_0p3deg_evaluate_nearest=fl(rm.evaluate(offset=0.3 * u.deg, method="nearest",
                                                        energy=e_ax.center).to_value("deg")),
        aeff_offset_axis=dict(edges=fl(obs.aeff.axes["offset"].edges.to_value("deg")),
                              centers=fl(obs.aeff.axes["offset"].center.to_value("deg"))),
    )


def my_rad_max_nearest(rm, energy, offset):
    """Re-implementation of rad_max.evaluate(method='nearest', energy=..., offset=...) (scalar offset)."""
    e_ax, o_ax = rm.axes["energy"], rm.axes["offset"]
    data = rm.quantity.to_value("deg")
    e = energy.to_value(e_ax.unit)
    le, lc = np.log(e), np.log(e_ax.center.value)
    ie = np.argmin(np.abs(le[:, None] - lc[None, :]), axis=1)
    off = float(offset.to_value(o_ax.unit))
    io = int(np.argmin(np.abs(off - o_ax.center.value)))
    vals = data[ie, io].astype(float)
    if rm.interp_kwargs.get("fill_value", 0.0) is not None:
        fill = rm.interp_kwargs["fill_value"]
        ed, od = e_ax.edges.value, o_ax.edges.value
        out = (e < ed[0]) | (e > ed[-1]) | (off < od[0]) | (off > od[-1])
        vals[out] = fill
    return vals


def check_select(events, rm, position):
    """Gammapy's select_rad_max re-done; returns (mask, margin info)."""
    pnt = events.pointing_radec
    offset = position.separation(pnt)
    sep = position.separation(events.radec).deg
    gp = rm.evaluate(method="nearest", energy=events.energy, offset=offset).to_value("deg")
    mine = my_rad_max_nearest(rm, events.energy, offset)
    assert np.array_equal(np.asarray(gp, float).ravel(), mine), "rad_max nearest re-implementation differs"
    sel = sep <= mine
    gsel = events.select_rad_max(rad_max=rm, position=position)
    assert len(gsel.table) == int(sel.sum())
    margin = np.abs(sep - mine)
    return sel, offset, dict(n_selected=int(sel.sum()), min_abs_sep_minus_rad_max_deg=float(margin.min()),
                             n_within_1e_6_deg_of_cut=int(np.count_nonzero(margin < 1e-6)))


def hist(events, sel):
    e = events.energy.to_value("GeV")[sel]
    edges = energy_axis.edges.to_value("GeV")
    idx = np.searchsorted(edges, e, side="right") - 1
    ok = (idx >= 0) & (idx < energy_axis.nbin)
    return np.bincount(idx[ok], minlength=energy_axis.nbin).astype(float)


# ----------------------------------------------------------------------------- one run, one N
def info_safe(onoff):
    try:
        info = onoff.info_dict()
    except Exception as e:  # noqa: BLE001  (counts_off None: Gammapy's info_dict raises)
        return dict(raised=True, type=type(e).__name__, message=str(e))
    return dict(counts=float(info["counts"]), counts_off=float(info["counts_off"]),
                alpha=(None if not np.isfinite(info["alpha"]) else float(info["alpha"])),
                acceptance=float(info["acceptance"]),
                acceptance_off=(None if not np.isfinite(info["acceptance_off"]) else float(info["acceptance_off"])),
                excess=float(info["excess"]),
                sqrt_ts=(None if not np.isfinite(info["sqrt_ts"]) else float(info["sqrt_ts"])),
                n_fit_bins=int(info["n_fit_bins"]))


def onoff_dict(onoff):
    d = dict(
        counts=fl(onoff.counts.data),
        counts_off=(fl(onoff.counts_off.data) if onoff.counts_off is not None else None),
        acceptance=fl(onoff.acceptance.data),
        acceptance_off=fl(onoff.acceptance_off.data),
        alpha=fl(onoff.alpha.data),
        mask_safe=[bool(v) for v in onoff.mask_safe.data.ravel()],
        counts_total=float(onoff.counts.data.sum()),
        counts_off_total=(float(onoff.counts_off.data.sum()) if onoff.counts_off is not None else None),
        counts_dtype=str(onoff.counts.data.dtype),
        counts_off_dtype=(str(onoff.counts_off.data.dtype) if onoff.counts_off is not None else None),
        acceptance_off_dtype=str(onoff.acceptance_off.data.dtype),
        info_dict_safe=info_safe(onoff),
    )
    return d


def run_point(obs, empty, n, safe_maker=None):
    """PointSkyRegion ON + WobbleRegionsFinder(n) on one observation."""
    on = empty.counts.geom.region
    rm = obs.rad_max
    events = obs.events
    take_log()
    ds = SpectrumDatasetMaker(**{k: SPECTRUM_MAKER[k] for k in ("selection", "containment_correction")}).run(
        empty.copy(name=f"{obs.obs_id}"), obs)
    finder = WobbleRegionsFinder(n_off_regions=n)
    bkg = ReflectedRegionsBackgroundMaker(region_finder=finder)
    onoff = bkg.run(ds, obs)
    log_maker = take_log()

    # finder output (before the rad_max filter), re-run with the same inputs
    center = obs.get_pointing_icrs(obs.tmid)
    found, wcs = finder.run(region=on, center=center)
    ref_geom = finder._create_reference_geometry(on, center)
    cpix = finder._get_center_pixel(center, ref_geom)
    rpix = finder._get_region_pixels(on, ref_geom)
    pix_positions = []
    for i in range(1, n + 1):
        ang = i * (2 * np.pi * u.rad) / (n + 1)
        t = rpix.rotate(cpix, Angle(ang))
        pix_positions.append([float(Angle(ang).rad), float(t.center.x), float(t.center.y)])
    kept = ReflectedRegionsBackgroundMaker._filter_regions_off_rad_max(
        list(found), energy_axis, ds.counts.geom, events, rm)
    take_log()

    # overlap test inputs (are_regions_overlapping_rad_max)
    regions = [on] + list(found)
    offset_on = on.center.separation(events.pointing_radec)
    seps = [float(a.center.separation(b.center).deg) for a, b in combinations(regions, 2)]
    e_min, e_max = energy_axis.bounds
    edges_min, edges_max = rm.axes["energy"].edges_min, rm.axes["energy"].edges_max
    emask = (edges_max >= e_min) & (edges_min <= e_max)
    rm_at = rm.evaluate(offset=offset_on).to_value("deg")
    rm_masked = np.asarray(rm_at)[emask]
    overlap = bool(are_regions_overlapping_rad_max(regions, rm, offset_on, e_min, e_max)) if found else False
    if found:
        assert overlap == bool(np.any(np.asarray(seps)[None, :] < 2 * rm_masked))
    assert (len(kept) == 0) == (overlap or not found)

    # cross-checks of the counts
    sel_on, off_on, chk_on = check_select(events, rm, on.center)
    assert np.array_equal(hist(events, sel_on), np.asarray(onoff.counts.data, float).ravel())
    per_off, chk_off, off_offsets = [], [], []
    tot = np.zeros(energy_axis.nbin)
    for r in kept:
        sel, o, chk = check_select(events, rm, r.center)
        h = hist(events, sel)
        tot += h
        per_off.append(fl(h))
        chk_off.append(chk)
        off_offsets.append(float(o.deg))
    if kept:
        assert np.array_equal(tot, np.asarray(onoff.counts_off.data, float).ravel())

    case = dict(
        obs_id=int(obs.obs_id), n_off_regions_param=n,
        finder=dict(type="WobbleRegionsFinder", n_off_regions=n, binsz_deg=float(finder.binsz.deg)),
        finder_center=radec(center),
        finder_wcs=dict(wcs_dict(wcs, ref_geom.data_shape),
                        width_deg=float((4 * on.center.separation(center) + Angle("0.3 deg")).deg),
                        build="WcsGeom.create(skydir=pointing_tmid, binsz=binsz, width=4*sep(ON, pointing_tmid)+0.3 deg,"
                              " frame='icrs', proj='TAN')"),
        center_pixel=[float(cpix.x), float(cpix.y)],
        on_pixel=[float(rpix.center.x), float(rpix.center.y)],
        rotated_pixels_angle_x_y=pix_positions,
        off_regions_finder=[radec(r.center) for r in found],
        off_regions_kept=[radec(r.center) for r in kept],
        n_off_regions_found=len(found), n_off_regions_kept=len(kept),
        overlap_check=dict(
            regions="[ON] + finder OFF (point centres)",
            offset_deg=float(offset_on.deg),
            pair_order="itertools.combinations([ON, OFF1, OFF2, ...], 2)",
            pair_separations_deg=seps,
            rad_max_energy_mask=[bool(v) for v in np.asarray(emask).ravel()],
            rad_max_at_offset_masked_deg=fl(rm_masked),
            two_rad_max_max_deg=(float(2 * rm_masked.max()) if rm_masked.size else None),
            min_pair_separation_deg=(float(min(seps)) if seps else None),
            overlap=overlap,
            rule=("any(sep < 2*rad_max(offset_ON, E_node)) over all pairs and all RAD_MAX energy bins with "
                  "edge_hi >= e_min and edge_lo <= e_max of the dataset axis -> drop ALL OFF regions"),
        ),
        off_offsets_deg=off_offsets,
        counts_per_off_region=per_off,
        select_check_on=chk_on, select_check_off=chk_off,
        gammapy_log_warnings=log_maker,
        **onoff_dict(onoff),
    )
    if safe_maker is not None:
        s = safe_maker.run(onoff.copy(name=onoff.name), obs)
        case["tutorial_safe_mask_aeff_default"] = [bool(v) for v in s.mask_safe.data.ravel()]
    return case


def run_circle(obs, empty, finder, label):
    """CircleSkyRegion ON (radius = fixed RAD_MAX) with a given finder; counts by fill_events."""
    on = empty.counts.geom.region
    take_log()
    ds = SpectrumDatasetMaker(**{k: SPECTRUM_MAKER[k] for k in ("selection", "containment_correction")}).run(
        empty.copy(name=f"{obs.obs_id}"), obs)
    onoff = ReflectedRegionsBackgroundMaker(region_finder=finder).run(ds, obs)
    log_maker = take_log()
    center = obs.get_pointing_icrs(obs.tmid)
    found, wcs = finder.run(region=on, center=center)
    per_off = []
    for r in found:
        m = RegionNDMap.from_geom(RegionGeom.from_regions(regions=[r], axes=[energy_axis], wcs=wcs))
        m.fill_events(obs.events)
        per_off.append(fl(m.data))
    sep_on = obs.events.radec.separation(on.center).deg
    e = obs.events.energy.to_value("GeV")
    in_e = (e >= energy_axis.edges[0].to_value("GeV")) & (e < energy_axis.edges[-1].to_value("GeV"))
    return dict(
        obs_id=int(obs.obs_id), finder_label=label, finder_center=radec(center),
        finder_wcs=wcs_dict(wcs),
        n_off_regions=len(found), off_regions=[[*radec(r.center), float(r.radius.to_value("deg"))] for r in found],
        counts_per_off_region=per_off,
        great_circle_check=dict(note="events in the energy range with separation < / <= radius (diagnostic only; "
                                     "Gammapy tests pixel containment in the region WCS)",
                                on_lt=int(np.count_nonzero(in_e & (sep_on < on.radius.to_value("deg")))),
                                on_le=int(np.count_nonzero(in_e & (sep_on <= on.radius.to_value("deg"))))),
        gammapy_log_warnings=log_maker,
        **onoff_dict(onoff),
    )


def exposure_dict(obs, empty):
    ds = SpectrumDatasetMaker(**{k: SPECTRUM_MAKER[k] for k in ("selection", "containment_correction")}).run(
        empty.copy(name="x"), obs)
    return dict(exposure_m2s=fl(ds.exposure.quantity.to_value("m2 s")), exposure_dtype=str(ds.exposure.data.dtype),
                livetime_s=float(ds.exposure.meta["livetime"].to_value("s")),
                obs_livetime_s=float(obs.observation_live_time_duration.to_value("s")))


def smallest_overlapping_n(obs, empty, n_max=60):
    ds = SpectrumDatasetMaker(selection=["counts"]).run(empty.copy(name="x"), obs)
    on = empty.counts.geom.region
    center = obs.get_pointing_icrs(obs.tmid)
    for n in range(1, n_max + 1):
        found, _ = WobbleRegionsFinder(n_off_regions=n).run(region=on, center=center)
        kept = ReflectedRegionsBackgroundMaker._filter_regions_off_rad_max(
            list(found), energy_axis, ds.counts.geom, obs.events, obs.rad_max)
        if found and not kept:
            take_log()
            return n
    raise RuntimeError("no overlapping N found")


# ----------------------------------------------------------------------------- instruments
def instrument(name, path, obs_ids=None, ns=(1, 3), tutorial_safe=False):
    store = DataStore.from_dir(path)
    obs_list = store.get_observations(obs_ids, required_irf="point-like")
    on = PointSkyRegion(ON_CENTER)
    geom = RegionGeom.create(region=on, axes=[energy_axis])
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
    n_overlap = smallest_overlapping_n(obs_list[0], empty)
    ns = list(ns) + [n_overlap]
    safe = SafeMaskMaker(methods=["aeff-default"]) if tutorial_safe else None
    runs, cases = [], []
    for obs in obs_list:
        offset = ON_CENTER.separation(obs.events.pointing_radec)
        runs.append(dict(obs_id=int(obs.obs_id), **pointing_info(obs),
                         on_offset_deg=float(offset.deg),
                         on_offset_from_tmid_pointing_deg=float(ON_CENTER.separation(obs.get_pointing_icrs(obs.tmid)).deg),
                         n_events=int(len(obs.events.table)),
                         aeff_LO_THRES_TeV=(float(obs.aeff.meta["LO_THRES"]) if "LO_THRES" in obs.aeff.meta else None),
                         rad_max=rad_max_dict(store, obs, offset), **exposure_dict(obs, empty)))
        for n in ns:
            cases.append(run_point(obs, empty, n, safe))
    return dict(
        data=path, obs_ids=[int(o.obs_id) for o in obs_list],
        on_region=dict(type="point", ra=float(ON_CENTER.ra.deg), dec=float(ON_CENTER.dec.deg), frame="icrs"),
        energy_axis=axis_dict(energy_axis, ENERGY), energy_axis_true=axis_dict(energy_axis_true, ENERGY_TRUE),
        spectrum_maker=SPECTRUM_MAKER, background_maker="ReflectedRegionsBackgroundMaker(region_finder=WobbleRegionsFinder(n_off_regions=N)), no exclusion mask",
        n_values=ns,
        n_overlap=dict(value=n_overlap, how=("smallest N >= 1 for which WobbleRegionsFinder(N) on the first run gives "
                                             "OFF regions that _filter_regions_off_rad_max drops (log warning 'Found "
                                             "overlapping on/off regions, choose less off regions')")),
        tutorial_safe_mask=(dict(methods=["aeff-default"], note="as the MAGIC tutorial; uses the AEFF LO_THRES")
                            if tutorial_safe else None),
        runs=runs, cases=cases,
    )


def veritas_circle(path):
    store = DataStore.from_dir(path)
    obs_list = store.get_observations(None, required_irf="point-like")
    radius = Angle(f"{np.sqrt(0.008)} deg")
    on = CircleSkyRegion(center=ON_CENTER, radius=radius)
    geom = RegionGeom.create(region=on, axes=[energy_axis])
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
    out = []
    for obs in obs_list:
        for label, finder in (("ReflectedRegionsFinder()", ReflectedRegionsFinder()),
                              ("WobbleRegionsFinder(n_off_regions=3)", WobbleRegionsFinder(n_off_regions=3))):
            out.append(run_circle(obs, empty, finder, label))
    return dict(
        data=path,
        on_region=dict(type="circle", ra=float(ON_CENTER.ra.deg), dec=float(ON_CENTER.dec.deg),
                       radius_deg=float(radius.deg), radius_def="sqrt(0.008) deg (Gammapy VERITAS tutorial)",
                       rad_max_keyword=float(obs_list[0].aeff.meta["RAD_MAX"]),
                       on_geom_wcs=wcs_dict(geom.wcs)),
        energy_axis=axis_dict(energy_axis, ENERGY), energy_axis_true=axis_dict(energy_axis_true, ENERGY_TRUE),
        spectrum_maker=SPECTRUM_MAKER,
        note=("CircleSkyRegion with radius matching the fixed RAD_MAX (rtol 1e-3) is accepted; counts use "
              "fill_events (pixel containment in the region WCS, strict <), OFF regions need not be points, "
              "ReflectedRegionsFinder is allowed and no rad_max overlap filter is applied"),
        cases=out,
    )


# ----------------------------------------------------------------------------- errors
def exc(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return dict(raised=True, type=type(e).__name__, message=str(e))
    return dict(raised=False)


def errors(magic_path, veritas_path):
    magic = DataStore.from_dir(magic_path).get_observations(None, required_irf="point-like")[0]
    veritas = DataStore.from_dir(veritas_path).get_observations(None, required_irf="point-like")[0]
    out = []

    def chain(obs, region, finder):
        geom = RegionGeom.create(region=region, axes=[energy_axis])
        empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
        ds = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False).run(
            empty.copy(name="x"), obs)
        return ReflectedRegionsBackgroundMaker(region_finder=finder).run(ds, obs)

    circ01 = CircleSkyRegion(center=ON_CENTER, radius=0.1 * u.deg)
    point = PointSkyRegion(ON_CENTER)
    out.append(dict(label="magic-circle-0.1deg-wobble3", obs_id=int(magic.obs_id),
                    on_region=dict(type="circle", ra=83.633, dec=22.014, radius_deg=0.1),
                    call="ReflectedRegionsBackgroundMaker(region_finder=WobbleRegionsFinder(3)).run (energy-dependent RAD_MAX_2D)",
                    **exc(lambda: chain(magic, circ01, WobbleRegionsFinder(n_off_regions=3)))))
    out.append(dict(label="magic-circle-0.1deg-reflected", obs_id=int(magic.obs_id),
                    on_region=dict(type="circle", ra=83.633, dec=22.014, radius_deg=0.1),
                    call="ReflectedRegionsBackgroundMaker().run (energy-dependent RAD_MAX_2D)",
                    **exc(lambda: chain(magic, circ01, ReflectedRegionsFinder()))))
    out.append(dict(label="veritas-circle-0.1deg", obs_id=int(veritas.obs_id),
                    on_region=dict(type="circle", ra=83.633, dec=22.014, radius_deg=0.1),
                    call="ReflectedRegionsBackgroundMaker().run (fixed RAD_MAX != radius)",
                    **exc(lambda: chain(veritas, circ01, ReflectedRegionsFinder()))))
    out.append(dict(label="reflected-finder-point", on_region=dict(type="point", ra=83.633, dec=22.014),
                    call="ReflectedRegionsFinder().run(region=PointSkyRegion, center=MAGIC pointing_tmid)",
                    **exc(lambda: ReflectedRegionsFinder().run(region=point,
                                                               center=magic.get_pointing_icrs(magic.tmid)))))
    out.append(dict(label="magic-point-default-maker", obs_id=int(magic.obs_id),
                    on_region=dict(type="point", ra=83.633, dec=22.014),
                    call="ReflectedRegionsBackgroundMaker().run (default ReflectedRegionsFinder) with a PointSkyRegion ON",
                    **exc(lambda: chain(magic, point, ReflectedRegionsFinder()))))
    take_log()
    return out


# ----------------------------------------------------------------------------- main
QUIRKS = [
    "No OFF region kept (overlap): counts_off null, acceptance_off 0 in every bin, alpha = acceptance/acceptance_off "
    "through np.nan_to_num -> 1.7976931348623157e+308 (DBL_MAX), mask_safe all False, and "
    "SpectrumDatasetOnOff.info_dict() raises IndexError (recorded in info_dict_safe).",
    "The overlap filter is all-or-nothing: one pair of [ON]+OFF centres closer than 2*rad_max (any RAD_MAX energy "
    "bin overlapping the dataset's energy range, rad_max evaluated at the ON offset with the default method) drops "
    "every OFF region. WobbleRegionsFinder itself never checks overlap for points.",
    "MAGIC RAD_MAX_2D has one offset bin (edges 0.39-0.41 deg) and interp fill_value 0.0: an ON/OFF centre whose "
    "offset from the events-header pointing lies outside [0.39, 0.41] deg (or an event energy outside "
    "0.01-100 TeV) gets rad_max 0 and selects no event (see at_offset_0p3deg_evaluate_nearest).",
    "RAD_MAX values of MAGIC are float32 (0.14142135 -> 0.1414213478565216 as float64); the cut is "
    "separation_deg (float64) <= float64(rad_max_f32), inclusive; nearest node in log energy over the node centres "
    "sqrt(lo*hi) of the float32 edges.",
    "VERITAS: no RAD_MAX_2D HDU; RAD_MAX keyword sqrt(0.008) deg in the AEFF (and EDISP) header; observation.rad_max "
    "= RadMax2D.from_irf(aeff), one bin, fill_value None (applies at every energy/offset).",
    "Offsets (select_rad_max, overlap test) are measured from the events header RA_PNT/DEC_PNT; the finder rotates "
    "about obs.get_pointing_icrs(obs.tmid). For these fixed-pointing (POINTING mode) runs both are identical.",
    "PointSkyRegion geometries contain every event: ON/OFF counts are only the rad_max-selected events binned in "
    "reco energy (lo <= E < hi).",
]


def dumps(doc):
    """indent=1, but every list of scalars on one line."""
    s = json.dumps(doc, indent=1, allow_nan=False)
    scalar = r'(?:-?\d[\d.eE+-]*|null|true|false|"[^"\n]*")'
    s = re.sub(r'\[\s*(' + scalar + r'(?:,\s*' + scalar + r')*)\s*\]',
               lambda m: "[" + re.sub(r',\s+', ', ', m.group(1)) + "]", s)
    return s + "\n"


def main():
    magic_path = "$GAMMAPY_DATA/magic/rad_max/data"
    veritas_path = "$GAMMAPY_DATA/veritas/crab-point-like-ED"
    doc = dict(
        readme=("Point-like (RAD_MAX) 1D ON/OFF reference from Gammapy " + gammapy.__version__ +
                " (scripts/reference/pointlike_reference.py). Sky positions ICRS deg; off_regions rows [ra, dec] "
                "(points) or [ra, dec, radius_deg]; energies in the axis unit (GeV) plus *_tev. ON/OFF event "
                "selection: great-circle separation(region centre, event) <= rad_max, rad_max = RAD_MAX table at the "
                "nearest node in log energy (event reco energy) and offset (separation(region centre, events-header "
                "pointing)); out of the table's edges the RAD_MAX_2D value is fill_value 0 (no event selected); the "
                "fixed-RAD_MAX table (from_irf) has fill_value None (no bounds). WobbleRegionsFinder rotates about "
                "obs.get_pointing_icrs(obs.tmid) in a TAN WCS (binsz 0.01 deg); pixel coordinates (center_pixel, "
                "on_pixel, rotated_pixels_angle_x_y rows [angle_rad, x, y]) are 0-based (regions/astropy), crpix is "
                "FITS 1-based. See 'quirks'."),
        versions=dict(gammapy=gammapy.__version__, numpy=np.__version__,
                      astropy=__import__("astropy").__version__, regions=__import__("regions").__version__),
        magic=instrument("magic", magic_path, tutorial_safe=True),
        veritas=instrument("veritas", veritas_path),
        veritas_circle=veritas_circle(veritas_path),
        errors=errors(magic_path, veritas_path),
        quirks=QUIRKS,
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dumps(doc))
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
