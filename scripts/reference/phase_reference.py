#!/usr/bin/env python
"""Reference values for GammaKit's PhaseBackgroundMaker (ON/OFF from pulsar phase), from Gammapy 2.1.

There are no pulsar data in $GAMMAPY_DATA, so the phase is synthesised, identically here and in the
Swift tests: for every event

    PHASE = np.mod(TIME * 0.0337, 1.0)

with TIME the EVENTS HDU's TIME column read from the FITS file as float64 seconds (MET, exactly the
stored values; both files store TIME as '>f8'). Gammapy 2.1's EventList turns TIME into an
astropy Time, so the raw column is re-read with astropy (Table.read(file, hdu=EVENTS)["TIME"]),
checked row-by-row against the EventList (same length, same EVENT_ID order), added to a copy of
observation.events.table as a float64 column "PHASE", and set back with
``observation.events = EventList(table, meta=events.meta)`` (the Observation.events setter stores
it in the instance dict, so every later ``observation.events`` returns this list; checked). Every
maker output is cross-checked by re-selecting events here (lo <= PHASE < hi, as
EventList.select_parameter does).

Gammapy chain (gammapy/makers/background/phase.py, datasets/map.py):

    PhaseBackgroundMaker(on_phase, off_phase)   # __init__: _check_intervals(deepcopy(...)) each
    .run(dataset, observation):
        counts_off = fill(stack(select_parameter(PHASE, iv) for iv in off_phase))  # float32 Map
        counts     = same for on_phase   (RegionGeom of a PointSkyRegion -> make_counts_rad_max)
        acceptance     = Map(geom) filled with sum(hi - lo for on_phase)   (float64)
        acceptance_off = Map(geom) filled with sum(hi - lo for off_phase)  (float64)
        MapDatasetOnOff.from_map_dataset(dataset, counts_off, acceptance, acceptance_off); .counts = counts
        SpectrumDataset input -> .to_spectrum_dataset(dataset._geom.region), which recomputes
            acceptance_off = acceptance * counts_off / (alpha * counts_off), NaN -> 0
        (so bins with counts_off == 0 get acceptance_off = 0 and alpha = nan_to_num(inf) = max float).

Cases: "spectrum" and "spectrum_wrapped" (H.E.S.S. DR1 run 23523, tutorial 0.2 deg ON circle),
"check_intervals" (PhaseBackgroundMaker._check_intervals on 6 inputs), "map" (MapDataset on a 1 deg
WcsGeom), "pointlike" (MAGIC run 5029747, PointSkyRegion ON, RAD_MAX_2D).

Floats are JSON numbers written by Python's repr (round-trip exact); NaN -> null.
The dataset names in the printed summaries are random (gammapy.utils.scripts.make_name); they are
replaced by "<name>" in "str_result" (so a rerun writes byte-identical JSON).

Run:  GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python \
          scripts/reference/phase_reference.py [OUT.json]
(default OUT: Tests/MakersTests/Fixtures/phase-background.json; GAMMAPY_DATA defaults to
/work/shared/gammapy-data). Takes ~10 s.
"""
import json
import logging
import os
import sys
import warnings
from copy import deepcopy
from pathlib import Path

os.environ.setdefault("GAMMAPY_DATA", "/work/shared/gammapy-data")

import numpy as np
import astropy
import astropy.units as u
import regions
from astropy.coordinates import SkyCoord
from astropy.table import Table
from regions import CircleSkyRegion, PointSkyRegion

import gammapy
from gammapy.data import DataStore, EventList
from gammapy.datasets import MapDataset, SpectrumDataset
from gammapy.makers import MapDatasetMaker, PhaseBackgroundMaker, SpectrumDatasetMaker
from gammapy.maps import MapAxis, RegionGeom, WcsGeom

warnings.simplefilter("ignore")
logging.getLogger("gammapy").setLevel(logging.ERROR)  # EventList.from_stack logs "meta will be empty"

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "Tests" / "MakersTests" / "Fixtures" / "phase-background.json"

PHASE_FACTOR = 0.0337
PHASE_RECIPE = ("PHASE = np.mod(TIME * 0.0337, 1.0), TIME = astropy.table.Table.read(events_file, hdu=<events hdu>)"
                "['TIME'] as float64 seconds (the stored MET values, '>f8' in both files), row i of the EVENTS HDU; "
                "column added (float64) to a copy of observation.events.table and set back with "
                "observation.events = EventList(table, meta=observation.events.meta)")

HESS_DIR = "$GAMMAPY_DATA/hess-dl3-dr1"
MAGIC_DIR = "$GAMMAPY_DATA/magic/rad_max/data"

# tutorial_spectra.py's 1D setup
GEOM_2D = WcsGeom.create(skydir=SkyCoord(83.63, 22.01, unit="deg"), width=5 * u.deg, binsz=0.05, frame="icrs")
ON_REGION = CircleSkyRegion(center=GEOM_2D.center_skydir, radius=0.2 * u.deg)
ENERGY = MapAxis.from_energy_bounds(1, 10, nbin=11, unit="TeV")
ENERGY_TRUE = MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit="TeV", name="energy_true")

# map case
MAP_ENERGY = MapAxis.from_energy_bounds(1, 10, nbin=3, unit="TeV")
MAP_ENERGY_TRUE = MapAxis.from_energy_bounds(0.5, 20, nbin=5, unit="TeV", name="energy_true")

# MAGIC (Gammapy tutorial spectral_analysis_rad_max.py axes, as pointlike_reference.py)
MAGIC_ON = SkyCoord(83.633, 22.014, unit="deg", frame="icrs")
MAGIC_ENERGY = MapAxis.from_energy_bounds(50, 1e5, nbin=5, per_decade=True, unit="GeV", name="energy")
MAGIC_ENERGY_TRUE = MapAxis.from_energy_bounds(10, 1e5, nbin=10, per_decade=True, unit="GeV", name="energy_true")

ALL_EDGES = [0.0, 0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]


# ----------------------------------------------------------------------------- helpers
def fl(x):
    """Flat C-order float list (NaN -> None)."""
    a = np.asarray(x, dtype=float).ravel()
    return [None if np.isnan(v) else float(v) for v in a]


def axis_dict(axis, unit, build):
    return dict(name=axis.name, build=build, nbin=int(axis.nbin), unit=unit,
                edges=fl(axis.edges.to_value(unit)))


def intervals_json(intervals):
    """[[lo, hi], ...] plus the Python repr (shows int vs float, e.g. (0.9, 1))."""
    return dict(values=[[float(a), float(b)] for a, b in intervals], repr=repr(intervals),
                types=[[type(a).__name__, type(b).__name__] for a, b in intervals])


def map_summary(m):
    total = float(np.sum(m.data, dtype=np.float64))
    d = dict(dtype=str(m.data.dtype), shape=[int(v) for v in m.data.shape], unit=str(m.unit),
             data=fl(m.data), sum=total if np.isfinite(total) else None)
    if not np.isfinite(total):
        d["sum_note"] = f"float64 sum is {total!r} (overflow of 1.7976931348623157e308 entries)"
    return d


def str_fixed(dataset):
    return str(dataset).replace(dataset.name, "<name>")


def add_phase(observation, store, obs_id):
    """Add PHASE to observation.events (see module docstring). Returns (raw TIME, phase, info)."""
    loc = store.hdu_table.hdu_location(obs_id=obs_id, hdu_type="events")
    path = loc.path()
    raw = Table.read(path, hdu=loc.hdu_name)
    time_s = np.asarray(raw["TIME"], dtype=np.float64)
    events = observation.events
    table = events.table.copy()
    assert len(table) == len(time_s)
    assert np.array_equal(np.asarray(table["EVENT_ID"]), np.asarray(raw["EVENT_ID"]))
    phase = np.mod(time_s * PHASE_FACTOR, 1.0)
    table["PHASE"] = phase
    observation.events = EventList(table, meta=events.meta)

    check = observation.events.table
    assert "PHASE" in check.colnames and check["PHASE"].dtype == np.float64
    assert np.array_equal(np.asarray(check["PHASE"]), phase)

    # how far the Time column (time_ref + TIME) is from the raw TIME after the round trip
    from gammapy.utils.time import time_ref_from_dict
    back = (events.time - time_ref_from_dict(events.table.meta)).to_value("s")
    d = np.abs(time_s * PHASE_FACTOR % 1.0 - np.mod(back * PHASE_FACTOR, 1.0))
    edge_dist = np.min(np.abs(phase[:, None] - np.asarray(ALL_EDGES)[None, :]))
    info = dict(
        events_file=str(Path(loc.file_dir) / loc.file_name), hdu=loc.hdu_name,
        time_column_dtype_in_file=str(raw["TIME"].dtype), n_events=int(len(time_s)),
        time_first3=fl(time_s[:3]), phase_first3=fl(phase[:3]),
        time_min=float(time_s.min()), time_max=float(time_s.max()),
        phase_min=float(phase.min()), phase_max=float(phase.max()), phase_sum=float(np.sum(phase)),
        phase_min_distance_to_any_edge=float(edge_dist),
        edges_checked=ALL_EDGES,
        note_time_roundtrip=("max |phase(raw TIME) - phase((events.time - time_ref).to_value('s'))| = "
                             f"{float(np.max(d))!r}: use the raw FITS TIME column, not Gammapy's Time column"),
    )
    return time_s, phase, info


def phase_counts(phase, intervals):
    """Whole event list, no spatial selection, lo <= phase < hi (select_parameter)."""
    return [int(np.count_nonzero((lo <= phase) & (phase < hi))) for lo, hi in intervals]


def phase_mask(phase, intervals):
    m = np.zeros(len(phase), dtype=bool)
    for lo, hi in intervals:
        m |= (lo <= phase) & (phase < hi)
    return m


def run_phase(dataset, observation, phase, on_phase, off_phase, spatial_mask, energy_axis):
    """Run the maker, cross-check counts and return the JSON record."""
    maker = PhaseBackgroundMaker(on_phase=on_phase, off_phase=off_phase)
    result = maker.run(dataset, observation)

    # independent check: spatial selection (Gammapy's own for the region) x phase x energy histogram
    energy = observation.events.energy.to_value(energy_axis.unit)
    edges = energy_axis.edges.to_value(energy_axis.unit)
    for name, iv, m in [("counts", maker.on_phase, result.counts), ("counts_off", maker.off_phase, result.counts_off)]:
        sel = spatial_mask & phase_mask(phase, iv)
        h, _ = np.histogram(energy[sel], bins=edges)
        if m.data.ndim == 3 and m.data.shape[1:] == (1, 1):
            assert np.array_equal(h, m.data[:, 0, 0]), (name, h, m.data.ravel())
        # (maps are checked in run_map)

    doc = dict(
        maker=dict(on_phase_input=repr(on_phase), off_phase_input=repr(off_phase),
                   on_phase=intervals_json(maker.on_phase), off_phase=intervals_json(maker.off_phase),
                   phase_column_name=maker.phase_column_name, str=str(maker)),
        result_class=type(result).__name__,
        stat_type=result.stat_type,
        counts=map_summary(result.counts),
        counts_off=map_summary(result.counts_off),
        acceptance=map_summary(result.acceptance),
        acceptance_off=map_summary(result.acceptance_off),
        alpha=map_summary(result.alpha),
        background=map_summary(result.background),
        mask_safe=dict(dtype=str(result.mask_safe.data.dtype), data=[bool(v) for v in result.mask_safe.data.ravel()]),
        n_events_total=int(len(phase)),
        n_events_on_phase_per_interval=phase_counts(phase, maker.on_phase),
        n_events_off_phase_per_interval=phase_counts(phase, maker.off_phase),
        n_events_on_phase=int(np.count_nonzero(phase_mask(phase, maker.on_phase))),
        n_events_off_phase=int(np.count_nonzero(phase_mask(phase, maker.off_phase))),
        acceptance_sum_formula=dict(on=float(np.sum([b - a for a, b in maker.on_phase])),
                                    off=float(np.sum([b - a for a, b in maker.off_phase]))),
        components_none=dict(exposure=result.exposure is None, edisp=result.edisp is None, psf=result.psf is None,
                             mask_fit=result.mask_fit is None, gti=result.gti is None),
        zero_off_bins=[int(i) for i in np.flatnonzero(np.asarray(result.counts_off.data).ravel() == 0)],
    )
    doc["str_result"] = str_fixed(result)  # the random name is not kept, so reruns give identical JSON
    return doc, result


# ----------------------------------------------------------------------------- cases
def hess_observation():
    store = DataStore.from_dir(HESS_DIR)
    obs = store.obs(23523)
    time_s, phase, info = add_phase(obs, store, 23523)
    return obs, phase, info


def run_spectrum(obs, phase, info, on_phase, off_phase, label):
    empty = SpectrumDataset.create(geom=RegionGeom.create(region=ON_REGION, axes=[ENERGY]),
                                   energy_axis_true=ENERGY_TRUE, name="obs-23523")
    dataset = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"], containment_correction=False).run(empty, obs)
    geom = dataset.counts.geom
    spatial = geom.contains(obs.events.radec)  # RegionGeom.contains, as fill_events
    doc, result = run_phase(dataset, obs, phase, on_phase, off_phase, spatial, ENERGY)
    doc = dict(
        readme=(f"{label}: H.E.S.S. DR1 run 23523 ({HESS_DIR}); dataset = SpectrumDatasetMaker(selection=['counts', "
                "'exposure', 'edisp'], containment_correction=False).run(SpectrumDataset.create(geom=RegionGeom.create("
                "region=CircleSkyRegion(SkyCoord(83.63, 22.01, unit='deg', frame='icrs'), 0.2 deg), axes=[energy]), "
                "energy_axis_true=energy_true, name='obs-23523'), obs); result = PhaseBackgroundMaker(on_phase="
                f"{on_phase!r}, off_phase={off_phase!r}).run(dataset, obs). Arrays are per reconstructed-energy bin "
                "(data shape (11, 1, 1), flattened). n_events_* count the whole event list (no spatial cut)."),
        observation=dict(data_store=HESS_DIR, obs_id=23523, call="DataStore.from_dir(...).obs(23523)"),
        phase_column=info,
        on_region=dict(type="CircleSkyRegion", ra_deg=83.63, dec_deg=22.01, frame="icrs", radius_deg=0.2,
                       center_used=[float(ON_REGION.center.ra.deg), float(ON_REGION.center.dec.deg)]),
        energy=axis_dict(ENERGY, "TeV", "MapAxis.from_energy_bounds(1, 10, nbin=11, unit='TeV')"),
        energy_true=axis_dict(ENERGY_TRUE, "TeV",
                              "MapAxis.from_energy_bounds(0.3, 10, nbin=31, unit='TeV', name='energy_true')"),
        n_events_in_on_region=int(np.count_nonzero(spatial)),
        input_dataset_counts=map_summary(dataset.counts),
        **doc,
    )
    doc["exposure_sum_m2s"] = float(np.sum(result.exposure.quantity.to_value("m2 s")))
    doc["exposure_equals_input"] = bool(np.array_equal(result.exposure.data, dataset.exposure.data))
    return doc


def run_check_intervals():
    inputs = [(0.5, 0.6), [(0.9, 1.1)], [(0.8, 1.2), (0.95, 1.05)], [(0.8, 1.0)], [(-0.1, 0.1)],
              [(0.2, 0.3), (0.9, 1.1), (0.95, 1.3)]]
    cases = []
    for inp in inputs:
        out = PhaseBackgroundMaker._check_intervals(deepcopy(inp))
        cases.append(dict(input_repr=repr(inp), input_is_tuple=isinstance(inp, tuple),
                          input=[[float(a), float(b)] for a, b in ([inp] if isinstance(inp, tuple) else inp)],
                          output=intervals_json(out),
                          acceptance=float(np.sum([b - a for a, b in out]))))
    return dict(
        readme=("PhaseBackgroundMaker._check_intervals(deepcopy(input)) (what __init__ does). It iterates over the "
                "list while removing/appending: for each visited (lo, hi) with lo % 1 > hi % 1 it removes it, appends "
                "(lo % 1, 1) (int 1) and, if hi % 1 != 0, (0, hi % 1). Elements shifted by the removal are skipped, "
                "appended (x, 1) pieces that are visited are removed and re-appended, so some wrapped intervals stay "
                "unsplit. 'acceptance' = sum(hi - lo) of the output, as the maker computes it."),
        cases=cases,
    )


def run_map(obs, phase, info):
    on_phase, off_phase = (0.5, 0.6), (0.7, 1.0)
    geom = WcsGeom.create(skydir=(83.63, 22.01), binsz=0.1, width=(1.0, 1.0), frame="icrs", proj="CAR",
                          axes=[MAP_ENERGY])
    empty = MapDataset.create(geom, energy_axis_true=MAP_ENERGY_TRUE, name="map-23523")
    dataset = MapDatasetMaker(selection=["counts"]).run(empty, obs)

    # cross-check: fill a Map with the phase-selected events directly
    from gammapy.maps import Map
    checks = {}
    for name, iv in [("counts", PhaseBackgroundMaker._check_intervals(deepcopy(on_phase))),
                     ("counts_off", PhaseBackgroundMaker._check_intervals(deepcopy(off_phase)))]:
        m = Map.from_geom(geom)
        m.fill_events(obs.events.select_row_subset(phase_mask(phase, iv)))
        checks[name] = m
    spatial = np.ones(len(phase), dtype=bool)
    doc, result = run_phase(dataset, obs, phase, on_phase, off_phase, spatial, MAP_ENERGY)
    assert np.array_equal(checks["counts"].data, result.counts.data)
    assert np.array_equal(checks["counts_off"].data, result.counts_off.data)
    for key in ["acceptance", "acceptance_off", "alpha", "background"]:
        d = doc[key]
        d["unique"] = fl(np.unique(np.asarray(d["data"], dtype=float)))
        if len(d["unique"]) == 1:
            del d["data"]  # constant map: keep shape + unique value only
    doc.pop("mask_safe")
    doc["mask_safe"] = dict(dtype=str(result.mask_safe.data.dtype), all_true=bool(np.all(result.mask_safe.data)))
    return dict(
        readme=(f"H.E.S.S. DR1 run 23523 with PHASE; geom = WcsGeom.create(skydir=(83.63, 22.01), binsz=0.1, "
                "width=(1.0, 1.0), frame='icrs', proj='CAR', axes=[energy]); dataset = MapDatasetMaker(selection="
                "['counts']).run(MapDataset.create(geom, energy_axis_true=energy_true, name='map-23523'), obs); result = "
                "PhaseBackgroundMaker(on_phase=(0.5, 0.6), off_phase=(0.7, 1.0)).run(dataset, obs) -> MapDatasetOnOff "
                "(no to_spectrum_dataset, acceptance_off is NOT recomputed). Map data are numpy shape (energy, lat, "
                "lon) = (3, 10, 10), flattened in C order. Constant maps give shape + 'unique' only. MapDatasetMaker(selection=['counts']) leaves exposure, "
                "edisp, psf and background None, so str(result) prints 'Exposure min/max : nan cm s'."),
        geom=dict(skydir=[83.63, 22.01], frame="icrs", proj="CAR", binsz_deg=0.1, width_deg=[1.0, 1.0],
                  npix=[int(v) for v in geom.npix[0].ravel()[:1]] + [int(v) for v in geom.npix[1].ravel()[:1]],
                  data_shape=[int(v) for v in geom.data_shape], wcs=dict(crval=fl(geom.wcs.wcs.crval), crpix=fl(geom.wcs.wcs.crpix),
                                                             cdelt=fl(geom.wcs.wcs.cdelt), ctype=list(geom.wcs.wcs.ctype))),
        energy=axis_dict(MAP_ENERGY, "TeV", "MapAxis.from_energy_bounds(1, 10, nbin=3, unit='TeV')"),
        energy_true=axis_dict(MAP_ENERGY_TRUE, "TeV",
                              "MapAxis.from_energy_bounds(0.5, 20, nbin=5, unit='TeV', name='energy_true')"),
        input_dataset_counts=dict(sum=float(np.sum(dataset.counts.data, dtype=np.float64)),
                                  dtype=str(dataset.counts.data.dtype)),
        **doc,
    )


def run_pointlike():
    on_phase, off_phase = (0.5, 0.6), (0.7, 1.0)
    store = DataStore.from_dir(MAGIC_DIR)
    obs = store.get_observations([5029747], required_irf="point-like")[0]
    time_s, phase, info = add_phase(obs, store, 5029747)
    empty = SpectrumDataset.create(geom=RegionGeom.create(region=PointSkyRegion(MAGIC_ON), axes=[MAGIC_ENERGY]),
                                   energy_axis_true=MAGIC_ENERGY_TRUE, name="magic-5029747")
    dataset = SpectrumDatasetMaker(selection=["counts", "exposure", "edisp"]).run(empty, obs)
    # spatial selection as make_counts_rad_max: EventList.select_rad_max (nearest RAD_MAX node)
    ev = obs.events
    offset = MAGIC_ON.separation(ev.pointing_radec)
    rad_max = obs.rad_max.evaluate(method="nearest", energy=ev.energy, offset=offset)
    spatial = np.asarray(MAGIC_ON.separation(ev.radec) <= rad_max)
    doc, result = run_phase(dataset, obs, phase, on_phase, off_phase, spatial, MAGIC_ENERGY)
    return dict(
        readme=(f"MAGIC run 5029747 ({MAGIC_DIR}, DataStore.get_observations([5029747], required_irf='point-like')) "
                "with PHASE; dataset = SpectrumDatasetMaker(selection=['counts', 'exposure', 'edisp']).run("
                "SpectrumDataset.create(geom=RegionGeom.create(region=PointSkyRegion(SkyCoord(83.633, 22.014, "
                "unit='deg', frame='icrs')), axes=[energy]), energy_axis_true=energy_true, name='magic-5029747'), obs); "
                "result = PhaseBackgroundMaker(on_phase=(0.5, 0.6), off_phase=(0.7, 1.0)).run(dataset, obs). ON and "
                "OFF counts both come from make_counts_rad_max at the ON position (the OFF 'region' is the same "
                "RAD_MAX circle, only the phase differs). EventList.from_stack keeps the RA_PNT/DEC_PNT meta "
                "(astropy vstack merges meta) despite its 'meta will be empty' log message."),
        observation=dict(data_store=MAGIC_DIR, obs_id=5029747,
                         call="DataStore.from_dir(...).get_observations([5029747], required_irf='point-like')[0]",
                         pointing_radec_header=[float(ev.pointing_radec.ra.deg), float(ev.pointing_radec.dec.deg)],
                         on_offset_deg=float(offset.deg)),
        phase_column=info,
        on_region=dict(type="PointSkyRegion", ra_deg=83.633, dec_deg=22.014, frame="icrs"),
        energy=axis_dict(MAGIC_ENERGY, "GeV",
                         "MapAxis.from_energy_bounds(50, 1e5, nbin=5, per_decade=True, unit='GeV', name='energy')"),
        energy_true=axis_dict(MAGIC_ENERGY_TRUE, "GeV", "MapAxis.from_energy_bounds(10, 1e5, nbin=10, per_decade=True, "
                                                       "unit='GeV', name='energy_true')"),
        n_events_in_on_region=int(np.count_nonzero(spatial)),
        input_dataset_counts=map_summary(dataset.counts),
        exposure_sum_m2s=float(np.sum(result.exposure.quantity.to_value("m2 s"))),
        **doc,
    )


def main():
    obs, phase, info = hess_observation()
    doc = dict(
        readme=("PhaseBackgroundMaker reference from Gammapy " + gammapy.__version__ +
                " (scripts/reference/phase_reference.py). Synthetic phase: " + PHASE_RECIPE +
                ". Phase intervals select lo <= PHASE < hi (EventList.select_parameter, is_range=True; the maker's "
                "docstring says 'edges are excluded' but the lower edge is included). acceptance / acceptance_off "
                "are sum(hi - lo) over the checked intervals in every bin; for spectra to_spectrum_dataset replaces "
                "acceptance_off by acceptance * counts_off / (alpha * counts_off) with NaN -> 0 (so 0 where "
                "counts_off == 0, and then alpha = nan_to_num(acceptance / 0) = 1.7976931348623157e308). counts / "
                "counts_off are float32 maps, acceptance* / alpha float64. Floats are repr-exact JSON numbers; "
                "NaN -> null. 'str_result' is str(result) with the random dataset name replaced by '<name>'."),
        versions=dict(gammapy=gammapy.__version__, numpy=np.__version__, astropy=astropy.__version__,
                      regions=regions.__version__),
        phase_recipe=dict(formula="np.mod(TIME * 0.0337, 1.0)", factor=PHASE_FACTOR, description=PHASE_RECIPE,
                          interval_selection="lo <= PHASE < hi"),
    )
    doc["spectrum"] = run_spectrum(obs, phase, info, (0.5, 0.6), (0.7, 1.0), "spectrum")
    doc["spectrum_wrapped"] = run_spectrum(obs, phase, info, [(0.9, 1.1)], [(0.3, 0.5), (0.6, 0.8)], "spectrum_wrapped")
    doc["check_intervals"] = run_check_intervals()
    doc["map"] = run_map(obs, phase, info)
    doc["pointlike"] = run_pointlike()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print("wrote", OUT, OUT.stat().st_size, "bytes")
    for k in ["spectrum", "spectrum_wrapped", "map", "pointlike"]:
        d = doc[k]
        print(k, d["result_class"], "counts", d["counts"]["sum"], "counts_off", d["counts_off"]["sum"],
              "acc", d["acceptance"]["sum"], "acc_off", d["acceptance_off"]["sum"], "zero_off", d["zero_off_bins"])


if __name__ == "__main__":
    main()
