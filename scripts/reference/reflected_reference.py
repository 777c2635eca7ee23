#!/usr/bin/env python
"""Reference values for GammaKit's reflected-regions background (1D ON/OFF), from Gammapy 2.1.

Writes one JSON file (Tests/MakersTests/Fixtures/reflected-regions.json):

* "tutorial": the 1D loop at the end of Gammapy's makers tutorial on H.E.S.S. DR1 runs 23523,
  23592, 23526, 23559: SpectrumDataset.create(RegionGeom(ON circle), energy 1-10 TeV/11 log,
  energy_true 0.3-10 TeV/31 log) -> SpectrumDatasetMaker(selection counts/exposure/edisp,
  containment_correction=False) -> ReflectedRegionsBackgroundMaker(exclusion_mask) ->
  SafeMaskMaker(["aeff-max"], aeff_percent=10). The tutorial's ON region is
  CircleSkyRegion(geom.center_skydir, 0.2 deg) of the 5 deg / 0.05 deg CAR geometry at
  (83.63, 22.01), and its exclusion mask is the same circle (geom.region_mask(inside=False)
  reduced over energy with logical_or). Two ON regions are reduced: "tutorial" (exactly the
  tutorial's) and "crab-0.11" (the Crab at (83.633, 22.014), r = 0.11 deg, same exclusion).
  Per run: the pointing the finder gets, the finder's WCS, the OFF regions (and each one's
  counts), counts / counts_off / acceptance / acceptance_off / alpha / mask_safe per energy bin,
  totals, exposure per true-energy bin, livetime, info_dict over safe bins; plus the stacked sums.
* "finder_params": ReflectedRegionsFinder on run 23523 for several settings and exclusions
  (none, the tutorial's, a 0.5 deg galactic circle on zeta Tau on a mask built like the one of
  Gammapy's spectral-analysis tutorial, and a mask excluding everything but the ON region), with
  the accepted angles.
* "wobble": WobbleRegionsFinder(n_off_regions = 1, 3, 5 and 8 [overlapping]) on run 23523.
* "rotation_internals": for run 23523, default finder: the reference WcsGeom, centre pixel, ON
  pixel region, angular size / angle_min / angle_max (Gammapy's private helpers, cross-checked by
  re-running their code here), the full rotation trace (the loop of ReflectedRegionsFinder.run
  re-run here and asserted equal to Gammapy's result), the OFF pixel regions and their sky radii.

Every case records its inputs (ON region, pointing, finder parameters, exclusion definition).
Floats are JSON numbers written by Python's repr (round-trip exact); NaN is written as null.
Exclusion masks: True = usable, False = excluded (Gammapy's convention).

Run:  GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python \
          scripts/reference/reflected_reference.py OUT.json
(default OUT: Tests/MakersTests/Fixtures/reflected-regions.json)
"""
import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import astropy.units as u
from astropy.coordinates import Angle, SkyCoord
from regions import CircleSkyRegion, PixCoord

import gammapy
from gammapy.data import DataStore
from gammapy.datasets import Datasets, SpectrumDataset
from gammapy.makers import (
    ReflectedRegionsBackgroundMaker,
    ReflectedRegionsFinder,
    SafeMaskMaker,
    SpectrumDatasetMaker,
    WobbleRegionsFinder,
)
from gammapy.maps import MapAxis, RegionGeom, RegionNDMap, WcsGeom

warnings.simplefilter("ignore")
ROOT = Path(__file__).resolve().parents[2]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Tests" / "MakersTests" / "Fixtures" / "reflected-regions.json"

OBS_IDS = [23523, 23592, 23526, 23559]
DATA_STORE = DataStore.from_dir("$GAMMAPY_DATA/hess-dl3-dr1")
OBSERVATIONS = {obs.obs_id: obs for obs in DATA_STORE.get_observations(OBS_IDS)}

# --- the tutorial's axes and geometry (makers tutorial, "Dataset" and "Spectrum dataset") ---
ENERGY = dict(e_min=1.0, e_max=10.0, nbin=11, unit="TeV", interp="log")
ENERGY_TRUE = dict(e_min=0.3, e_max=10.0, nbin=31, unit="TeV", interp="log")
energy_axis = MapAxis.from_bounds(1, 10, nbin=11, name="energy", unit="TeV", interp="log")
energy_axis_true = MapAxis.from_bounds(0.3, 10, nbin=31, name="energy_true", unit="TeV", interp="log")
TUT_GEOM = dict(skydir=[83.63, 22.01], width_deg=5.0, binsz_deg=0.05, frame="icrs", proj="CAR")
tut_geom = WcsGeom.create(skydir=(83.63, 22.01), axes=[energy_axis], width=5 * u.deg,
                          binsz=0.05 * u.deg, frame="icrs")
assert tut_geom.projection == "CAR"
tut_circle = CircleSkyRegion(center=tut_geom.center_skydir, radius=0.2 * u.deg)

ON_REGIONS = {
    "tutorial": tut_circle,
    "crab-0.11": CircleSkyRegion(center=SkyCoord(83.633, 22.014, unit="deg", frame="icrs"),
                                 radius=0.11 * u.deg),
}


# ----------------------------------------------------------------------------- helpers
def fl(x):
    """Float list (NaN -> None)."""
    a = np.asarray(x, dtype=float).ravel()
    return [None if not np.isfinite(v) else float(v) for v in a]


def sky(c):
    return dict(frame=c.frame.name, lon=float(c.spherical.lon.deg), lat=float(c.spherical.lat.deg))


def circle_dict(r):
    c = r.center.icrs
    return dict(ra=float(c.ra.deg), dec=float(c.dec.deg), radius_deg=float(r.radius.to_value("deg")))


def circle_row(r):
    """[ra_deg, dec_deg, radius_deg] (ICRS)."""
    c = r.center.icrs
    return [float(c.ra.deg), float(c.dec.deg), float(r.radius.to_value("deg"))]


def region_def(r):
    """Input definition of a circle (in its own frame)."""
    return dict(type="circle", center=sky(r.center), radius_deg=float(r.radius.to_value("deg")))


def wcs_dict(geom):
    w = geom.wcs.wcs
    return dict(ctype=list(w.ctype), proj=geom.projection, frame=geom.frame,
                crval=fl(w.crval), crpix=fl(w.crpix), cdelt=fl(w.cdelt),
                npix=[int(geom.npix[0][0]), int(geom.npix[1][0])])


def pointing(obs):
    p = obs.get_pointing_icrs(obs.tmid)
    return dict(ra=float(p.ra.deg), dec=float(p.dec.deg),
                call="obs.get_pointing_icrs(obs.tmid)", tmid_mjd_tt=float(obs.tmid.tt.mjd))


# ----------------------------------------------------------------------------- exclusions
def make_exclusion(name):
    """Return (definition dict, 2D WcsNDMap or None)."""
    if name == "none":
        return dict(name="none"), None
    if name == "tutorial":
        # exactly the tutorial: geom.region_mask([circle], inside=False) on the 3D geom,
        # then .reduce_over_axes(np.logical_or, keepdims=False)
        mask3 = tut_geom.region_mask([tut_circle], inside=False)
        mask = mask3.reduce_over_axes(np.logical_or, keepdims=False)
        d = dict(name="tutorial", geom=dict(TUT_GEOM, center_skydir=sky(mask.geom.center_skydir)),
                 regions=[region_def(tut_circle)], inside=False,
                 build="WcsGeom.create(skydir=(83.63, 22.01), axes=[energy], width=5 deg, binsz=0.05 deg, "
                       "frame='icrs').region_mask([circle], inside=False).reduce_over_axes(np.logical_or, keepdims=False)")
    elif name == "zeta-tau":
        # built like the exclusion of Gammapy's spectral-analysis tutorial (150x150 TAN, 0.05 deg, at
        # (83.63, 22.01), mask = ~region_mask), but with a galactic circle r=0.5 deg on zeta Tau
        # (l, b = 185.686, -5.636; ICRS 84.41, 21.14), which cuts the ring of reflected regions of 23523
        g = WcsGeom.create(npix=(150, 150), binsz=0.05, skydir=SkyCoord(83.63, 22.01, unit="deg"),
                           proj="TAN", frame="icrs")
        reg = CircleSkyRegion(center=SkyCoord(185.686, -5.636, unit="deg", frame="galactic"), radius=0.5 * u.deg)
        mask = ~g.region_mask([reg])
        d = dict(name="zeta-tau", geom=dict(skydir=[83.63, 22.01], npix=[150, 150], binsz_deg=0.05,
                                            frame="icrs", proj="TAN", center_skydir=sky(g.center_skydir)),
                 regions=[region_def(reg)], inside=False,
                 build="~WcsGeom.create(npix=(150, 150), binsz=0.05, skydir=(83.63, 22.01), proj='TAN', "
                       "frame='icrs').region_mask([galactic circle])")
    elif name.startswith("all-but-on:"):
        # everything excluded except the ON region; wide enough to cover the finder's geometry
        on = ON_REGIONS[name.split(":", 1)[1]]
        g = WcsGeom.create(skydir=on.center, width=8 * u.deg, binsz=0.02 * u.deg, frame="icrs", proj="TAN")
        mask = g.region_mask([on], inside=True)
        d = dict(name=name, geom=dict(skydir=[float(on.center.ra.deg), float(on.center.dec.deg)], width_deg=8.0,
                                      binsz_deg=0.02, frame="icrs", proj="TAN", center_skydir=sky(g.center_skydir)),
                 regions=[region_def(on)], inside=True,
                 build="WcsGeom.create(skydir=on.center, width=8 deg, binsz=0.02 deg, frame='icrs', proj='TAN')"
                       ".region_mask([on_region], inside=True)")
    else:
        raise KeyError(name)
    assert mask.is_mask and mask.geom.is_flat
    iy, ix = np.nonzero(~mask.data)
    d["wcs"] = wcs_dict(mask.geom)
    d["n_excluded_pixels"] = int(ix.size)
    if ix.size < 2000:
        d["excluded_pixels_ix_iy"] = [[int(a), int(b)] for a, b in zip(ix, iy)]
    return d, mask


EXCLUSIONS = {}


def exclusion(name):
    if name not in EXCLUSIONS:
        EXCLUSIONS[name] = make_exclusion(name)
    return EXCLUSIONS[name]


# ----------------------------------------------------------------------------- finder re-run
def trace_reflected(finder, region, center, exclusion_mask):
    """ReflectedRegionsFinder.run re-done step by step with Gammapy's own helpers.

    Returns the internals and the loop trace; asserts the regions equal finder.run's.
    """
    ref_geom = finder._create_reference_geometry(region, center)
    center_pix = finder._get_center_pixel(center, ref_geom)
    region_pix = finder._get_region_pixels(region, ref_geom)
    excluded = finder._get_excluded_pixels(ref_geom, exclusion_mask)
    angle_min, angle_max = finder._get_angle_range(region=region, reference_geom=ref_geom, center_pix=center_pix)

    # _region_angular_size's code, re-run here to expose its intermediate values
    mask = ref_geom.region_mask([region]).data
    py, px = np.nonzero(mask)
    angles = np.arctan2(center_pix.x - px, center_pix.y - py)
    size = angles.max() - angles.min()
    wrapped = bool(size > np.pi)
    if wrapped:
        aw = Angle(angles, "rad").wrap_at(0 * u.rad).rad
        size = aw.max() - aw.min()
    assert size == finder._region_angular_size(region, ref_geom, center_pix).rad

    trace, regions, pix_regions = [], [], []
    angle = angle_min + finder.min_distance_input
    while angle < angle_max:
        test = region_pix.rotate(center_pix, angle)
        n_in = int(np.count_nonzero(test.contains(excluded)))
        trace.append([float(angle.rad), n_in])
        if n_in == 0:
            regions.append(test.to_sky(ref_geom.wcs))
            pix_regions.append(test)
            if len(regions) >= finder.max_region_number:
                break
            angle += angle_min
        else:
            angle += finder.angle_increment

    gp_regions, gp_wcs = finder.run(region=region, center=center, exclusion_mask=exclusion_mask)
    assert len(gp_regions) == len(regions)
    for a, b in zip(gp_regions, regions):
        assert a.center.ra.deg == b.center.ra.deg and a.center.dec.deg == b.center.dec.deg
        assert a.radius.to_value("deg") == b.radius.to_value("deg")
    assert gp_wcs.to_header() == ref_geom.wcs.to_header()

    separation = region.center.separation(center)
    internals = dict(
        reference_geom=dict(wcs_dict(ref_geom), skydir=sky(center), binsz_deg=float(finder.binsz.deg),
                            width_deg=float((4 * separation + Angle("0.3 deg")).deg),
                            separation_on_pointing_deg=float(separation.deg),
                            build="WcsGeom.create(skydir=pointing, binsz=binsz, width=4*sep+0.3 deg, "
                                  "frame=region frame, proj='TAN')"),
        center_pixel=[float(center_pix.x), float(center_pix.y)],
        on_region_pixel=dict(x=float(region_pix.center.x), y=float(region_pix.center.y),
                             radius_pix=float(region_pix.radius)),
        on_mask_n_pixels=int(px.size),
        angular_size=dict(rad=float(size), wrapped=wrapped,
                          arctan2_min_rad=float(angles.min()), arctan2_max_rad=float(angles.max()),
                          note="arctan2(cx - x, cy - y) over ON mask pixel centres (reference_geom.region_mask)"),
        angle_min_rad=float(angle_min.rad),
        angle_max_rad=float(angle_max.rad),
        start_angle_rad=float((angle_min + finder.min_distance_input).rad),
        n_excluded_pixels_reference=int(excluded.x.size),
    )
    return internals, trace, regions, pix_regions, ref_geom


def finder_params(finder):
    return dict(angle_increment_rad=float(finder.angle_increment.rad),
                min_distance_rad=float(finder.min_distance.rad),
                min_distance_input_rad=float(finder.min_distance_input.rad),
                max_region_number=int(finder.max_region_number),
                binsz_deg=float(finder.binsz.deg))


# ----------------------------------------------------------------------------- 1. tutorial loop
def run_tutorial(on_name):
    on = ON_REGIONS[on_name]
    ex_def, ex_mask = exclusion("tutorial")
    geom = RegionGeom.create(region=on, axes=[energy_axis])
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
    spectrum_maker = SpectrumDatasetMaker(containment_correction=False, selection=["counts", "exposure", "edisp"])
    bkg_maker = ReflectedRegionsBackgroundMaker(exclusion_mask=ex_mask)
    safe_maker = SafeMaskMaker(methods=["aeff-max"], aeff_percent=10)

    runs, datasets = [], Datasets()
    for obs_id in OBS_IDS:
        obs = OBSERVATIONS[obs_id]
        ds = spectrum_maker.run(empty.copy(name=f"obs-{obs_id}"), obs)
        onoff = bkg_maker.run(ds, obs)
        onoff = safe_maker.run(onoff, obs)
        datasets.append(onoff)

        center = obs.get_pointing_icrs(obs.tmid)
        internals, trace, regions, _, ref_geom = trace_reflected(bkg_maker.region_finder, on, center, bkg_maker.exclusion_mask)
        events = obs.events
        per_off = []
        for r in regions:
            m = RegionNDMap.from_geom(RegionGeom.from_regions(regions=[r], axes=[energy_axis], wcs=ref_geom.wcs))
            m.fill_events(events)
            per_off.append(float(m.data.sum()))
        # OFF regions do not overlap here, so the maker's counts_off is the sum over the regions
        # adjacent OFF regions can overlap slightly (the angular size is measured on pixel centres);
        # the compound OFF region counts an event in two regions once
        n_double = sum(per_off) - float(onoff.counts_off.data.sum())
        seps = [float(a.center.separation(b.center).deg) for a, b in zip(regions[:-1], regions[1:])]
        radii_sum = [float((a.radius + b.radius).to_value("deg")) for a, b in zip(regions[:-1], regions[1:])]
        # great-circle check (not Gammapy's test; Gammapy tests pixel distance in the geom WCS)
        ev = events.radec
        e = events.energy.to_value("TeV")
        in_e = (e >= 1.0) & (e < 10.0)
        sep_on = int(np.count_nonzero(in_e & (ev.separation(on.center) < on.radius)))
        sep_off = [int(np.count_nonzero(in_e & (ev.separation(r.center) < r.radius))) for r in regions]

        info = onoff.info_dict()
        mask_safe = onoff.mask_safe.data.ravel()
        runs.append(dict(
            obs_id=obs_id,
            name=onoff.name,
            pointing=pointing(obs),
            finder_wcs=internals["reference_geom"],
            n_off_regions=len(regions),
            off_regions=[circle_row(r) for r in regions],
            off_angles_rad=[t[0] for t in trace if t[1] == 0],
            counts_per_off_region=per_off,
            sum_per_off_region_minus_counts_off=n_double,
            adjacent_off_center_separation_deg=seps,
            adjacent_off_radii_sum_deg=radii_sum,
            counts=fl(onoff.counts.data),
            counts_off=fl(onoff.counts_off.data),
            acceptance=fl(onoff.acceptance.data),
            acceptance_off=fl(onoff.acceptance_off.data),
            alpha=fl(onoff.alpha.data),
            mask_safe=[bool(v) for v in mask_safe],
            counts_total=float(onoff.counts.data.sum()),
            counts_off_total=float(onoff.counts_off.data.sum()),
            counts_safe=float(onoff.counts.data.ravel()[mask_safe].sum()),
            counts_off_safe=float(onoff.counts_off.data.ravel()[mask_safe].sum()),
            exposure_m2s=fl(onoff.exposure.quantity.to_value("m2 s")),
            exposure_dtype=str(onoff.exposure.data.dtype),
            counts_dtype=str(onoff.counts.data.dtype),
            livetime_s=float(onoff.exposure.meta["livetime"].to_value("s")),
            obs_livetime_s=float(obs.observation_live_time_duration.to_value("s")),
            info_dict_safe=dict(counts=float(info["counts"]), counts_off=float(info["counts_off"]),
                                alpha=float(info["alpha"]), acceptance=float(info["acceptance"]),
                                acceptance_off=float(info["acceptance_off"]), excess=float(info["excess"]),
                                sqrt_ts=float(info["sqrt_ts"]), n_fit_bins=int(info["n_fit_bins"])),
            great_circle_check=dict(note="events with 1 <= E/TeV < 10 and separation < radius (diagnostic only)",
                                    on=sep_on, off=sep_off),
        ))
    # the tutorial prints only the Datasets listing (names obs-23523 ... obs-23559, SpectrumDatasetOnOff)
    assert [d.name for d in datasets] == [f"obs-{i}" for i in OBS_IDS]
    assert all(type(d).__name__ == "SpectrumDatasetOnOff" for d in datasets)
    stacked = datasets.stack_reduce().info_dict()
    return dict(
        on_region=dict(name=on_name, **circle_dict(on), definition=region_def(on)),
        on_geom_wcs=dict(crval=fl(geom.wcs.wcs.crval), crpix=fl(geom.wcs.wcs.crpix), cdelt=fl(geom.wcs.wcs.cdelt),
                         ctype=list(geom.wcs.wcs.ctype)),
        energy_axis=dict(ENERGY, name="energy", edges_tev=fl(energy_axis.edges.to_value("TeV"))),
        energy_axis_true=dict(ENERGY_TRUE, name="energy_true", edges_tev=fl(energy_axis_true.edges.to_value("TeV"))),
        exclusion=ex_def,
        finder=finder_params(bkg_maker.region_finder),
        spectrum_maker=dict(selection=["counts", "exposure", "edisp"], containment_correction=False,
                            use_region_center=True),
        safe_mask=dict(methods=["aeff-max"], aeff_percent=10),
        tutorial_text_check=("the tutorial's output shows only the Datasets listing (4 SpectrumDatasetOnOff named "
                             "obs-<id>, no counts); names and types asserted equal"),
        runs=runs,
        stacked_info_dict=dict(counts=float(stacked["counts"]), counts_off=float(stacked["counts_off"]),
                               alpha=float(stacked["alpha"]), acceptance=float(stacked["acceptance"]),
                               acceptance_off=float(stacked["acceptance_off"]), excess=float(stacked["excess"]),
                               sqrt_ts=float(stacked["sqrt_ts"])),
    )


# ----------------------------------------------------------------------------- 2. finder settings
SETTINGS = [
    ("a-defaults", dict()),
    ("b-min_distance-0.2rad", dict(min_distance="0.2 rad")),
    ("b-min_distance-10deg", dict(min_distance=Angle("10 deg"))),
    ("c-max_region_number-3", dict(max_region_number=3)),
    ("d-angle_increment-0.5rad-min_distance_input-0.3rad",
     dict(angle_increment=Angle("0.5 rad"), min_distance_input=Angle("0.3 rad"))),
    ("e-binsz-0.02deg", dict(binsz=Angle("0.02 deg"))),
]


def kwargs_repr(kw):
    return {k: (str(v) if isinstance(v, (Angle, u.Quantity)) else v) for k, v in kw.items()}


def run_finder_params(on_name, obs_id=23523):
    on = ON_REGIONS[on_name]
    obs = OBSERVATIONS[obs_id]
    center = obs.get_pointing_icrs(obs.tmid)
    cases = []
    plan = [(s, kw, ex) for s, kw in SETTINGS for ex in ("none", "zeta-tau")]
    plan.insert(1, ("a-defaults", dict(), "tutorial"))
    plan.append(("f-all-but-on", dict(), f"all-but-on:{on_name}"))
    for label, kw, ex in plan:
        finder = ReflectedRegionsFinder(**kw)
        ex_def, ex_mask = exclusion(ex)
        internals, trace, regions, _, _ = trace_reflected(finder, on, center, ex_mask)
        case = dict(label=f"{label}/{ex}", obs_id=obs_id, on_region=on_name, pointing=pointing(obs),
                    finder_kwargs=kwargs_repr(kw), finder=finder_params(finder), exclusion=ex_def["name"],
                    angle_min_rad=internals["angle_min_rad"], angle_max_rad=internals["angle_max_rad"],
                    n_off_regions=len(regions), off_regions=[circle_row(r) for r in regions],
                    off_angles_rad=[t[0] for t in trace if t[1] == 0],
                    n_angles_tried=len(trace))
        if ex.startswith("all-but-on"):
            # what ReflectedRegionsBackgroundMaker does with no OFF region
            geom = RegionGeom.create(region=on, axes=[energy_axis])
            empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
            ds = SpectrumDatasetMaker(containment_correction=False,
                                      selection=["counts", "exposure", "edisp"]).run(empty.copy(name="x"), obs)
            onoff = ReflectedRegionsBackgroundMaker(exclusion_mask=ex_mask).run(ds, obs)
            case["maker_result"] = dict(counts_off_is_none=onoff.counts_off is None,
                                        acceptance_off=fl(onoff.acceptance_off.data),
                                        alpha=fl(onoff.alpha.data),
                                        mask_safe=[bool(v) for v in onoff.mask_safe.data.ravel()],
                                        counts=fl(onoff.counts.data))
        cases.append(case)
    return cases


# ----------------------------------------------------------------------------- 3. wobble
def run_wobble(on_name, obs_id=23523):
    on = ON_REGIONS[on_name]
    obs = OBSERVATIONS[obs_id]
    center = obs.get_pointing_icrs(obs.tmid)
    cases = []
    for ex in ("none", "tutorial", "zeta-tau"):
        ex_def, ex_mask = exclusion(ex)
        for n in (1, 3, 5, 8):
            finder = WobbleRegionsFinder(n_off_regions=n)
            regions, wcs = finder.run(region=on, center=center, exclusion_mask=ex_mask)
            # which positions were excluded (Gammapy's test, re-run)
            ref_geom = finder._create_reference_geometry(on, center)
            cpix = finder._get_center_pixel(center, ref_geom)
            rpix = finder._get_region_pixels(on, ref_geom)
            excl = finder._get_excluded_pixels(ref_geom, ex_mask)
            positions = []
            for i in range(1, n + 1):
                ang = i * (2 * np.pi * u.rad) / (n + 1)
                t = rpix.rotate(cpix, Angle(ang))
                n_in = int(np.count_nonzero(t.contains(excl))) if ex_mask is not None else 0
                positions.append(dict(angle_rad=float(Angle(ang).rad), n_excluded_inside=n_in,
                                      pixel=[float(t.center.x), float(t.center.y)]))
            cases.append(dict(label=f"n{n}/{ex}", obs_id=obs_id, on_region=on_name, pointing=pointing(obs),
                              n_off_regions_param=n, binsz_deg=float(finder.binsz.deg), exclusion=ex_def["name"],
                              positions=positions, n_off_regions=len(regions),
                              off_regions=[circle_row(r) for r in regions],
                              note=("returned []: the non-excluded OFF regions overlap (to_mask().to_image test)"
                                    if not regions and any(p["n_excluded_inside"] == 0 for p in positions) else "")))
    return cases


# ----------------------------------------------------------------------------- 4. internals
def run_internals(on_name, obs_id=23523):
    on = ON_REGIONS[on_name]
    obs = OBSERVATIONS[obs_id]
    center = obs.get_pointing_icrs(obs.tmid)
    out = []
    for ex in ("none", "tutorial"):
        finder = ReflectedRegionsFinder()
        ex_def, ex_mask = exclusion(ex)
        internals, trace, regions, pix_regions, _ = trace_reflected(finder, on, center, ex_mask)
        r0 = float(on.radius.to_value("deg"))
        out.append(dict(
            label=f"defaults/{ex}", obs_id=obs_id, on_region=on_name, pointing=pointing(obs),
            finder=finder_params(finder), exclusion=ex_def["name"], **internals,
            how=("reference_geom/center_pixel/region pixels/excluded pixels/angle range from Gammapy's private "
                 "helpers (_create_reference_geometry, _get_center_pixel, _get_region_pixels, _get_excluded_pixels, "
                 "_get_angle_range); _region_angular_size and the run() loop re-run in this script and asserted "
                 "equal to Gammapy's"),
            trace_angle_rad_n_excluded_inside=trace,
            off_pixel_regions=[[float(p.center.x), float(p.center.y), float(p.radius)] for p in pix_regions],
            off_regions=[circle_row(r) for r in regions],
            off_radius_drift_deg=[float(r.radius.to_value("deg")) - r0 for r in regions],
        ))
    return out


# ----------------------------------------------------------------------------- main
def dumps(doc):
    """indent=1, but every list of scalars on one line."""
    s = json.dumps(doc, indent=1, allow_nan=False)
    scalar = r'(?:-?\d[\d.eE+-]*|null|true|false|"[^"\n]*")'
    s = re.sub(r'\[\s*(' + scalar + r'(?:,\s*' + scalar + r')*)\s*\]',
               lambda m: "[" + re.sub(r',\s+', ', ', m.group(1)) + "]", s)
    return s + "\n"


def main():
    doc = dict(
        readme=("Reflected-regions background reference from Gammapy " + gammapy.__version__ +
                " (scripts/reference/reflected_reference.py). H.E.S.S. DL3 DR1 ($GAMMAPY_DATA/hess-dl3-dr1). "
                "Angles in rad unless *_deg; sky positions ICRS deg; off_regions rows are [ra_deg, dec_deg, "
                "radius_deg]; trace rows [angle_rad, n excluded pixel centres inside]; OFF radii are as returned by "
                "PixCoord region .to_sky (they drift from the ON radius). Exclusion masks True=usable."),
        versions=dict(gammapy=gammapy.__version__, numpy=np.__version__,
                      astropy=__import__("astropy").__version__, regions=__import__("regions").__version__),
        on_regions={k: dict(**circle_dict(v), definition=region_def(v)) for k, v in ON_REGIONS.items()},
        tutorial={k: run_tutorial(k) for k in ON_REGIONS},
        finder_params={k: run_finder_params(k) for k in ON_REGIONS},
        wobble={k: run_wobble(k) for k in ON_REGIONS},
        rotation_internals={k: run_internals(k) for k in ON_REGIONS},
    )
    doc["exclusions"] = {k: v[0] for k, v in EXCLUSIONS.items()}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dumps(doc))
    print("wrote", OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
