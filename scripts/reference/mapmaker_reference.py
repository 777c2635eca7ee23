"""Reference numbers for GammaKit's MapDatasetMaker tests, computed with Gammapy 2.1.

Run:  GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/mapmaker_reference.py
Writes Tests/MakersTests/Fixtures/mapmaker.json.

      ... scripts/reference/mapmaker_reference.py --bench   prints Gammapy's per-map timings instead
      ... scripts/reference/mapmaker_reference.py --compare FILE.fits   compares a GammaKit dataset
          written for the tutorial case (obs 23592) with /tmp/ref/seed-3d-single/23592.fits in full

Each case runs Gammapy's MapDatasetMaker (or one of its map-making functions) on one observation
and keeps, per map, its shape, sum, min, max and the values at a few hundred fixed bins (flat
numpy C-order indices): every combination of first/middle/last bin of each non-spatial axis at
the four image corners, the image centre and the pixel of the pointing, plus seeded random bins.
Whole cubes are not stored. astropy's IERS auto-download is off (the bundled IERS tables are
used, as on a machine without network).
"""
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from astropy.utils import iers  # noqa: E402

iers.conf.auto_download = False

import astropy.units as u  # noqa: E402
import numpy as np  # noqa: E402
from astropy.coordinates import SkyCoord  # noqa: E402
from regions import PointSkyRegion  # noqa: E402

import gammapy  # noqa: E402
from gammapy.data import DataStore  # noqa: E402
from gammapy.datasets import MapDataset  # noqa: E402
from gammapy.irf import Background2D, Background3D, FoVAlignment, PSFKing  # noqa: E402
from gammapy.makers import MapDatasetMaker  # noqa: E402
from gammapy.makers.utils import (_compute_rotation_time_steps, make_counts_rad_max, make_map_background_irf, make_map_exposure_true_energy,
                                  make_psf_map)  # noqa: E402
from gammapy.maps import MapAxis, RegionGeom, WcsGeom  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "MakersTests", "Fixtures", "mapmaker.json")
N_RANDOM = 120


def tutorial_geom(binsz=0.05, width=5.0):
    energy = MapAxis.from_energy_bounds(1.0, 10.0, 11, unit="TeV")
    return WcsGeom.create(skydir=(83.63, 22.01), binsz=binsz, width=(width, width), frame="icrs", proj="CAR",
                          axes=[energy])


def tutorial_true_axis():
    return MapAxis.from_energy_bounds(0.3, 10.0, 31, unit="TeV", name="energy_true")


def cta_geom():
    energy = MapAxis.from_energy_bounds(0.1, 100.0, 8, unit="TeV")
    return WcsGeom.create(skydir=(0.0, -1.3), binsz=0.05, width=(4.0, 3.0), frame="galactic", proj="CAR",
                          axes=[energy])


def cta_true_axis():
    return MapAxis.from_energy_bounds(0.05, 150.0, 12, unit="TeV", name="energy_true")


def num(x):
    """A float for JSON: non-finite values (a sum over garbage bins) as the strings "inf", "-inf", "nan"."""
    x = float(x)
    return x if np.isfinite(x) else str(x)


def samples(m, pointing, seed):
    """Flat C-order indices and values of the bins listed in the module docstring."""
    data = np.asarray(m.data, dtype=float)
    shape = data.shape
    ny, nx = shape[-2], shape[-1]
    px, py = m.geom.to_image().wcs.world_to_pixel(pointing)
    px, py = int(np.floor(float(px) + 0.5)), int(np.floor(float(py) + 0.5))
    spatial = [(0, 0), (0, nx - 1), (ny - 1, 0), (ny - 1, nx - 1), (ny // 2, nx // 2)]
    if 0 <= px < nx and 0 <= py < ny:
        spatial.append((py, px))
    picks = [sorted({0, n // 2, n - 1}) for n in shape[:-2]]
    index = set()
    for combo in np.ndindex(*[len(p) for p in picks]):
        head = tuple(picks[k][c] for k, c in enumerate(combo))
        for (j, i) in spatial:
            index.add(int(np.ravel_multi_index(head + (j, i), shape)))
    rng = np.random.default_rng(seed)
    index.update(int(k) for k in rng.integers(0, data.size, N_RANDOM))
    index = sorted(index)
    flat = data.ravel()
    return [[k, num(flat[k])] for k in index]


def summary(m, pointing, seed):
    data = np.asarray(m.data, dtype=float)
    positive = data[data > 0]
    return dict(shape=list(data.shape), unit=str(m.unit), sum=num(data.sum()), min=num(data.min()),
                max=num(data.max()), min_positive=num(positive.min()) if positive.size else 0.0,
                samples=samples(m, pointing, seed))


def dataset_maps(ds, only=None):
    maps = {}
    if ds.counts is not None:
        maps["counts"] = ds.counts
    if ds.exposure is not None:
        maps["exposure"] = ds.exposure
    if ds.background is not None:
        maps["background"] = ds.background
    if ds.psf is not None:
        maps["psf"] = ds.psf.psf_map
        maps["psf_exposure"] = ds.psf.exposure_map
    if ds.edisp is not None:
        maps["edisp"] = ds.edisp.edisp_map
        maps["edisp_exposure"] = ds.edisp.exposure_map
    return {k: v for k, v in maps.items() if only is None or k in only}


def describe(name, note, store, obs_id, geom, maps, pointing, extra=None):
    out = dict(name=name, note=note, store=store, obs_id=obs_id, geom=geom_description(geom), maps={})
    for k, (key, m) in enumerate(sorted(maps.items())):
        out["maps"][key] = summary(m, pointing, seed=1000 * obs_id % 7919 + k)
    if extra:
        out.update(extra)
    return out


def geom_description(geom):
    center = geom.center_skydir
    return dict(frame=geom.frame, proj=geom.projection, binsz=float(abs(geom.pixel_scales[0].deg)),
                npix=[int(geom.npix[0][0]), int(geom.npix[1][0])], center=[float(center.data.lon.deg),
                                                                         float(center.data.lat.deg)])


def earth_orientation(time):
    """UT1 - UTC (s) and polar motion (arcsec) astropy uses at `time` (its bundled IERS tables)."""
    from astropy.utils.iers import earth_orientation_table

    xp, yp = earth_orientation_table.get().pm_xy(time)
    return dict(dut1=float(time.get_delta_ut1_utc().to_value("s")), xp=float(xp.to_value("arcsec")),
                yp=float(yp.to_value("arcsec")))


def altaz(bkg):
    """The same Background3D (same data, dtype and interpolation) declared ALTAZ-aligned."""
    return Background3D(axes=bkg.axes, data=bkg.data.copy(), unit=bkg.unit, is_pointlike=bkg.is_pointlike,
                        fov_alignment=FoVAlignment.ALTAZ, meta=bkg.meta, interp_kwargs=bkg.interp_kwargs)


def run_cases():
    stores = {
        "hess": DataStore.from_dir("$GAMMAPY_DATA/hess-dl3-dr1"),
        "cta": DataStore.from_dir("$GAMMAPY_DATA/cta-1dc/index/gps"),
        "magic": DataStore.from_dir("$GAMMAPY_DATA/magic/rad_max/data"),
    }
    cases = []

    # 1. The tutorial: H.E.S.S. 23592, all five maps (psf_table, bkg_3d REVERSE_LON_RADEC, EDispKernelMap).
    obs = stores["hess"].obs(23592)
    geom = tutorial_geom()
    empty = MapDataset.create(geom, energy_axis_true=tutorial_true_axis(), binsz_irf=0.2, name="23592")
    ds = MapDatasetMaker().run(empty, obs)
    pnt = obs.get_pointing_icrs(obs.tmid)
    meta = ds.meta_table[0]
    extra = dict(
        gti=dict(start_mjd=[float(t.mjd) for t in ds.gti.time_start], stop_mjd=[float(t.mjd) for t in ds.gti.time_stop],
                 time_sum=float(ds.gti.time_sum.to_value("s"))),
        meta_table={k: (meta[k].item() if hasattr(meta[k], "item") else str(meta[k])) for k in meta.colnames},
        pointing=[float(pnt.ra.deg), float(pnt.dec.deg)],
        livetime=float(obs.observation_live_time_duration.to_value("s")),
    )
    cases.append(describe("hess_23592_tutorial", "MapDatasetMaker().run(MapDataset.create(geom, energy_axis_true, "
                          "binsz_irf=0.2), obs 23592): the makers tutorial", "hess-dl3-dr1", 23592, geom,
                          dataset_maps(ds), pnt, extra))

    # 2. CTA 1DC 110380 (psf_3gauss, bkg_3d RADEC) on a Galactic geometry around its pointing.
    obs = stores["cta"].obs(110380)
    geom = cta_geom()
    empty = MapDataset.create(geom, energy_axis_true=cta_true_axis(), binsz_irf=0.25, name="cta")
    ds = MapDatasetMaker().run(empty, obs)
    pnt = obs.get_pointing_icrs(obs.tmid)
    cases.append(describe("cta_110380_galactic", "MapDatasetMaker().run(MapDataset.create(galactic geom, "
                          "energy_axis_true, binsz_irf=0.25), obs 110380)", "cta-1dc/index/gps", 110380, geom,
                          dataset_maps(ds), pnt, dict(pointing=[float(pnt.ra.deg), float(pnt.dec.deg)])))

    # 3. The same CTA background declared ALTAZ-aligned (in memory): time slices + FoVAltAzFrame.
    obs = stores["cta"].obs(110380)
    obs.bkg = altaz(obs.bkg)
    ds = MapDatasetMaker(selection=["background"]).run(empty, obs)
    cases.append(describe("cta_110380_altaz", "obs.bkg.fov_alignment = ALTAZ (in memory); "
                          "MapDatasetMaker(selection=['background']) on the Galactic geometry",
                          "cta-1dc/index/gps", 110380, geom, dataset_maps(ds, ["background"]), pnt,
                          dict(earth_orientation=earth_orientation(obs.tmid))))

    # 4. H.E.S.S. 23592 with its background declared ALTAZ-aligned (10 time slices at 1 deg, here 2 deg
    #    steps). Gammapy's Observation.bkg forces REVERSE_LON_RADEC on every H.E.S.S. (SASH) background,
    #    so this calls make_map_background_irf as MapDatasetMaker.make_background does.
    obs = stores["hess"].obs(23592)
    geom = tutorial_geom()
    empty = MapDataset.create(geom, energy_axis_true=tutorial_true_axis(), binsz_irf=0.2, name="altaz")
    bkg = altaz(obs.bkg)
    bkg.interp_missing_data(axis_name="energy")
    background = make_map_background_irf(pointing=obs.pointing, ontime=obs.observation_time_duration, bkg=bkg,
                                         geom=geom, time_start=obs.tstart, fov_rotation_step=2 * u.deg,
                                         location=obs.observatory_earth_location)
    pnt = obs.get_pointing_icrs(obs.tmid)
    times = _compute_rotation_time_steps(obs.tstart, obs.tstart + obs.observation_time_duration, 2 * u.deg,
                                         obs.pointing, obs.observatory_earth_location)
    cases.append(describe("hess_23592_altaz", "bkg = 23592's bkg_3d declared ALTAZ, interp_missing_data(energy); "
                          "make_map_background_irf(obs.pointing, ontime, bkg, tutorial geom, tstart, "
                          "fov_rotation_step=2 deg, location)", "hess-dl3-dr1", 23592, geom,
                          {"background": background}, pnt,
                          dict(times_s=[float(t) for t in (times - times[0]).to_value("s")],
                               earth_orientation=earth_orientation(obs.tmid))))

    # 5. bkg_2d: the radial profile of 23592's own bkg_3d (Background3D.to_2d: real energy dependence and
    #    empty bins), and tests/irf/bkg_2d_full_example.fits (its axes carry no units in the file, which
    #    Gammapy cannot evaluate: they are given GADF's TeV and deg here and in the Swift test).
    obs = stores["hess"].obs(23592)
    obs.bkg = obs.bkg.to_2d()
    ds = MapDatasetMaker(selection=["background"]).run(empty, obs)
    cases.append(describe("hess_23592_bkg2d", "obs.bkg = obs.bkg.to_2d(); MapDatasetMaker(selection=['background']), "
                          "tutorial geometry", "hess-dl3-dr1", 23592, geom, dataset_maps(ds, ["background"]), pnt))
    obs = stores["hess"].obs(23592)
    example = Background2D.read("$GAMMAPY_DATA/tests/irf/bkg_2d_full_example.fits")
    axes = [MapAxis.from_edges(example.axes["energy"].edges.value, unit="TeV", name="energy", interp="log"),
            MapAxis.from_edges(example.axes["offset"].edges.value, unit="deg", name="offset")]
    obs.bkg = Background2D(axes=axes, data=example.data, unit=example.unit, meta=example.meta)
    ds = MapDatasetMaker(selection=["background"]).run(empty, obs)
    cases.append(describe("hess_23592_bkg2d_example", "obs.bkg = tests/irf/bkg_2d_full_example.fits with axes in "
                          "TeV and deg; MapDatasetMaker(selection=['background']), tutorial geometry", "hess-dl3-dr1",
                          23592, geom, dataset_maps(ds, ["background"]), pnt))

    # 6. background_oversampling=2 on 23592.
    obs = stores["hess"].obs(23592)
    ds = MapDatasetMaker(selection=["background"], background_oversampling=2).run(empty, obs)
    cases.append(describe("hess_23592_oversampling", "MapDatasetMaker(selection=['background'], "
                          "background_oversampling=2), tutorial geometry", "hess-dl3-dr1", 23592, geom,
                          dataset_maps(ds, ["background"]), pnt))

    # 7. EDispMap: dataset created with a migra axis; and its to_edisp_kernel_map on the energy axis.
    obs = stores["hess"].obs(23592)
    migra = MapAxis.from_bounds(0.2, 5, nbin=48, node_type="edges", name="migra")
    empty_migra = MapDataset.create(geom, energy_axis_true=tutorial_true_axis(), migra_axis=migra, binsz_irf=0.2,
                                    name="migra")
    ds = MapDatasetMaker(selection=["edisp"]).run(empty_migra, obs)
    kernel = ds.edisp.to_edisp_kernel_map(geom.axes["energy"])
    maps = dataset_maps(ds, ["edisp", "edisp_exposure"])
    maps["kernel_from_edisp_map"] = kernel.edisp_map
    cases.append(describe("hess_23592_edispmap", "MapDatasetMaker(selection=['edisp']) on MapDataset.create(..., "
                          "migra_axis=0.2-5 in 48 bins); kernel_from_edisp_map = "
                          "dataset.edisp.to_edisp_kernel_map(energy axis)", "hess-dl3-dr1", 23592, geom, maps, pnt))

    # 8. psf_king (tests/hess_psf_king_023523.fits.gz) for obs 23523 with make_psf_map.
    obs = stores["hess"].obs(23523)
    king = PSFKing.read("$GAMMAPY_DATA/tests/hess_psf_king_023523.fits.gz", hdu="PSF_2D_KING")
    psf_geom = empty.psf.psf_map.geom
    pnt = obs.get_pointing_icrs(obs.tmid)
    exposure = make_map_exposure_true_energy(pnt, obs.observation_live_time_duration, obs.aeff,
                                             psf_geom.squash(axis_name="rad"))
    psf_map = make_psf_map(king, pnt, psf_geom, exposure)
    cases.append(describe("hess_23523_king", "make_psf_map(PSFKing.read(tests/hess_psf_king_023523.fits.gz), "
                          "pointing at tmid, tutorial PSF geometry, exposure of obs 23523)", "hess-dl3-dr1", 23523,
                          geom, {"psf": psf_map.psf_map, "psf_exposure": psf_map.exposure_map}, pnt))

    # 9. RAD_MAX counts in a point region (MAGIC, rad_max_2d).
    obs = stores["magic"].obs(5029747, required_irf="point-like")
    crab = SkyCoord(83.6331, 22.0145, unit="deg")
    energy = MapAxis.from_energy_bounds(0.05, 50, 12, unit="TeV")
    region_geom = RegionGeom.create(PointSkyRegion(crab), axes=[energy])
    counts = make_counts_rad_max(region_geom, obs.rad_max, obs.events)
    on = MapDatasetMaker.make_counts(region_geom, obs)
    cases.append(dict(name="magic_5029747_rad_max", note="make_counts_rad_max(RegionGeom(PointSkyRegion(Crab), "
                      "energy 0.05-50 TeV 12 bins), obs.rad_max, obs.events); MapDatasetMaker.make_counts agrees",
                      store="magic/rad_max/data", obs_id=5029747, position=[83.6331, 22.0145],
                      energy_edges=[float(e) for e in energy.edges.to_value("TeV")],
                      counts=[float(c) for c in counts.data.ravel()],
                      counts_make_counts=[float(c) for c in on.data.ravel()]))
    return cases


def versions():
    import astropy
    import scipy

    return f"gammapy {gammapy.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, astropy {astropy.__version__}"


def write():
    cases = run_cases()
    doc = dict(how_made="GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python "
                        "scripts/reference/mapmaker_reference.py (" + versions() + "; IERS auto-download off). "
                        "Samples are [flat numpy C-order index, value]; non-finite numbers are strings.",
               cases=cases)
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes)")


def bench():
    """Gammapy's time for each map of MapDatasetMaker on obs 23592 (IRFs loaded once before)."""
    store = DataStore.from_dir("$GAMMAPY_DATA/hess-dl3-dr1")
    for label, binsz in [("tutorial 0.05 deg 100x100", 0.05), ("stacked 0.02 deg 250x250", 0.02)]:
        obs = store.obs(23592)
        geom = tutorial_geom(binsz=binsz)
        empty = MapDataset.create(geom, energy_axis_true=tutorial_true_axis(), binsz_irf=0.2)
        maker = MapDatasetMaker()
        _ = obs.events, obs.aeff, obs.edisp, obs.psf, obs.bkg, obs.gti
        altaz_bkg = altaz(obs.bkg)
        altaz_bkg.interp_missing_data(axis_name="energy")
        calls = {
            "counts": lambda: maker.make_counts(empty.counts.geom, obs),
            "exposure": lambda: maker.make_exposure(empty.exposure.geom, obs),
            "background": lambda: maker.make_background(empty.counts.geom, obs),
            "psf": lambda: maker.make_psf(empty.psf.psf_map.geom, obs),
            "edisp": lambda: maker.make_edisp_kernel(empty.edisp.edisp_map.geom, obs),
            "run (all)": lambda: maker.run(empty, obs),
            "background ALTAZ": lambda: make_map_background_irf(
                pointing=obs.pointing, ontime=obs.observation_time_duration, bkg=altaz_bkg, geom=empty.counts.geom,
                time_start=obs.tstart, location=obs.observatory_earth_location),
        }
        print(label)
        for name, call in calls.items():
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                call()
                times.append(time.perf_counter() - t0)
            print(f"  {name:<12} {1e3 * min(times):9.1f} ms (best of 3)")


def compare(candidate, reference="/tmp/ref/seed-3d-single/23592.fits"):
    """Every bin of the tutorial maps GammaKit wrote (GAMMAKIT_MAKERS_DUMP=FILE in MakersTests: HDUs COUNTS,
    EXPOSURE, BACKGROUND, PSF, PSF_EXPOSURE, EDISP, EDISP_EXPOSURE) against Gammapy's tutorial dataset."""
    from gammapy.maps import Map

    worst_all, bad = 0.0, 0
    for hdu in ["COUNTS", "EXPOSURE", "BACKGROUND", "PSF", "PSF_EXPOSURE", "EDISP", "EDISP_EXPOSURE"]:
        r, c = Map.read(reference, hdu=hdu), Map.read(candidate, hdu=hdu)
        a, b = np.asarray(r.data, float), np.asarray(c.data, float)
        if a.shape != b.shape or r.unit != c.unit or r.geom.to_image() != c.geom.to_image():
            print(f"{hdu:<15} DIFF shape {b.shape} / {a.shape}, unit '{c.unit}' / '{r.unit}'")
            bad += 1
            continue
        exact = hdu == "COUNTS"
        atol = 0.0 if exact else 1e-6 * np.abs(a).max()
        rtol = 0.0 if exact else 1e-4
        dev = np.abs(b - a)
        big = np.abs(a) > atol
        rel = (dev[big] / np.abs(a[big])).max() if big.any() else 0.0
        ok = bool(np.all(dev <= atol + rtol * np.abs(a)))
        bad += not ok
        worst_all = max(worst_all, rel)
        print(f"{hdu:<15} {'OK  ' if ok else 'DIFF'} {a.size:>8} bins  max rel dev {rel:.2e} (|ref| > 1e-6 max)  "
              f"max abs dev {dev.max():.2e}  sums {b.sum():.10g} / {a.sum():.10g}")
    print(f"worst relative deviation {worst_all:.2e}; {bad} map(s) outside rtol 1e-4 + atol 1e-6 max")
    return bad


if __name__ == "__main__":
    if "--bench" in sys.argv:
        bench()
    elif "--compare" in sys.argv:
        sys.exit(1 if compare(sys.argv[sys.argv.index("--compare") + 1]) else 0)
    else:
        write()
