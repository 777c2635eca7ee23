#!/usr/bin/env python
"""Ring and adaptive-ring background, excess maps and theta^2 tables from Gammapy 2.1:
Tests/MakersTests/Fixtures/ring-background.json.

    export GAMMAPY_DATA=/work/shared/gammapy-data
    /tmp/gammapy-ref/bin/python /work/shared/reference/run_reference.py scenarios/hess-rxj1713-ring /tmp/gammakit-ref/hess-rxj1713-ring
    /tmp/gammapy-ref/bin/python scripts/reference/ring_reference.py

(optional first argument: output path; default Tests/MakersTests/Fixtures/ring-background.json;
GAMMAPY_DATA defaults to /work/shared/gammapy-data; --scenario-out DIR overrides the scenario output read
for "scenario_excess" (default /tmp/gammakit-ref/hess-rxj1713-ring); the excess maps are written to
/tmp/gammakit-ref/hess-rxj1713-ring-excess/excess_maps.fits (--excess-out DIR to change). Takes ~40 s.)

    /tmp/gammapy-ref/bin/python scripts/reference/ring_reference.py --write-exclusion

only (re)writes scenarios/hess-rxj1713-ring/exclusion.fits.gz (the scenario's exclusion mask) and exits.

Cases (all with H.E.S.S. DR1 from $GAMMAPY_DATA/hess-dl3-dr1):
* ring_kernel: RingBackgroundMaker(r_in, width).kernel(image) for (0.5, 0.3) deg at 0.02 and 0.05 deg pixels and
  (0.3, 0.2) deg at 0.04 deg (the kernel of ring_small), full 0/1 arrays.
* ring_small: run 20326 on a 50x50 CAR ICRS image at 0.04 deg centred on (258.1, -39.8), one reco energy bin
  0.5-100 TeV, energy_true 0.3-100 TeV (20 log bins); MapDatasetMaker(selection=[counts, background, exposure]) +
  SafeMaskMaker([offset-max], offset_max=2.5 deg) (no cutout), then RingBackgroundMaker(0.3 deg, 0.2 deg,
  exclusion_mask = the image's region_mask(circle 0.3 deg at the centre, inside=False)).
* adaptive_small: the same MapDataset through AdaptiveRingBackgroundMaker(r_in 0.3, r_out_max 0.8, width 0.2,
  stepsize 0.05, threshold_alpha 0.1, theta 0.22 deg) with method fixed_width and fixed_r_in, plus the same
  with the tophat radius corrected to theta / pixel (NOT Gammapy's behaviour; labelled *_theta_corrected).
* excess_small: ExcessMapEstimator(correlation_radius=0.1 deg) (other arguments default) on ring_small's
  MapDatasetOnOff, and with correlate_off=False.
* errors: everything excluded; a ring larger than the map (r_in 3 deg, width 1 deg); adaptive-ring edge cases.
* scenario_excess: ExcessMapEstimator(0.1 deg) on the hess-rxj1713-ring stacked dataset written by
  run_reference.py; scenario_onoff_alternative: the same runs stacked as a MapDatasetOnOff (what Analysis does NOT do).
* theta2: gammapy.makers.utils.make_theta_squared_table for the scenario's 15 runs around (258.1, -39.8).
Arrays are dict(dtype, shape, repr, flat), flat in C order of numpy's (energy, lat, lon) shape. repr "float64":
Python's repr (round-trip exact); "float32": numpy's shortest float32 repr (parse as Float32, then widen: exact);
"float64 %.10g": 10 significant digits, used only for float64 FFT outputs (they carry >= 1e-8 relative round-off);
"int": every finite value is an integer (counts) or bool 0/1; NaN and inf are null. Masks and index maps are
{"all": v} or {"default": v, "except": [[flat index, value], ...]}. The JSON is ~420 kB.
"""
import copy
import json
import logging
import math
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("GAMMAPY_DATA", "/work/shared/gammapy-data")

import astropy
import astropy.units as u
import numpy as np
import regions
import scipy
import scipy.signal
from astropy.convolution import Ring2DKernel, Tophat2DKernel
from astropy.coordinates import Angle, SkyCoord
from regions import CircleSkyRegion

import gammapy
from gammapy.data import DataStore
from gammapy.datasets import Datasets, MapDataset, MapDatasetOnOff
from gammapy.estimators import ExcessMapEstimator
from gammapy.makers import (AdaptiveRingBackgroundMaker, MapDatasetMaker, RingBackgroundMaker,
                            SafeMaskMaker)
from gammapy.makers.utils import make_theta_squared_table
from gammapy.maps import Map, MapAxis, WcsGeom

ROOT = Path(__file__).resolve().parents[2]
ARGS = [a for a in sys.argv[1:]]


def _opt(name, default):
    if name in ARGS:
        i = ARGS.index(name)
        value = ARGS[i + 1]
        del ARGS[i:i + 2]
        return value
    return default


WRITE_EXCLUSION = "--write-exclusion" in ARGS
if WRITE_EXCLUSION:
    ARGS.remove("--write-exclusion")
SCENARIO_OUT = Path(_opt("--scenario-out", "/tmp/gammakit-ref/hess-rxj1713-ring"))
EXCESS_OUT = Path(_opt("--excess-out", "/tmp/gammakit-ref/hess-rxj1713-ring-excess"))
OUT = Path(ARGS[0]) if ARGS else ROOT / "Tests" / "MakersTests" / "Fixtures" / "ring-background.json"
SCENARIO_DIR = ROOT / "scenarios" / "hess-rxj1713-ring"

DATASTORE = "$GAMMAPY_DATA/hess-dl3-dr1"
CENTER = SkyCoord(258.1, -39.8, unit="deg", frame="icrs")
SCENARIO_OBS = [20326, 20327, 20349, 20350, 20396, 20397, 20421, 20422, 20517, 20518, 20519, 20521,
                20898, 20899, 20900]
# scenario exclusion: RX J1713.7-3946 (0.6 deg), HESS J1713-381 / CTB 37B and HESS J1708-410 (0.2 deg each)
SCENARIO_EXCLUSION = [((258.1, -39.8), 0.6), ((258.48, -38.19), 0.2), ((257.1, -41.09), 0.2)]

ENERGY = MapAxis.from_energy_bounds(0.5, 100, nbin=1, unit="TeV")
ENERGY_TRUE = MapAxis.from_energy_bounds(0.3, 100, nbin=20, unit="TeV", name="energy_true")
SMALL_OBS = 20326
SMALL_BINSZ = 0.04
SMALL_WIDTH = 2.0
RING_R_IN, RING_WIDTH = 0.3 * u.deg, 0.2 * u.deg
EXCL_RADIUS = 0.3 * u.deg
ADAPTIVE = dict(r_in="0.3 deg", r_out_max="0.8 deg", width="0.2 deg", stepsize="0.05 deg",
                threshold_alpha=0.1, theta="0.22 deg")


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


# ----------------------------------------------------------------------------- JSON helpers
def scal(v):
    """One scalar for the writer: keep np.float32 (shortest float32 repr), else plain Python."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, np.float32):
        return v if np.isfinite(v) else None
    if isinstance(v, (float, np.floating)):
        return float(v) if np.isfinite(v) else None
    return v


def arr(a, rounded=False):
    """dtype, shape, repr and flat C-order values of an array or Map.

    repr "int" (bool as 0/1; also float arrays whose every finite value is an integer below 2^24, e.g. counts),
    "float32" (numpy's shortest float32 repr: parse as Float32, then widen; used for
    float32 arrays and for float64 arrays whose every value is exactly a float32), "float64" (Python repr,
    round-trip exact) or, with rounded=True, "float64 %.10g" (10 significant digits: only for float64 results of
    FFT convolutions, which carry >= 1e-8 relative round-off anyway)."""
    if isinstance(a, Map):
        a = a.data
    a = np.asarray(a)
    flat = a.ravel(order="C")
    out = dict(dtype=str(a.dtype), shape=[int(s) for s in a.shape])
    if a.dtype == bool or np.issubdtype(a.dtype, np.integer):
        out["repr"] = "int"
        vals = [int(x) for x in flat]
    else:
        f64 = flat.astype(np.float64)
        fin = np.isfinite(f64)
        with np.errstate(over="ignore", invalid="ignore"):
            f32 = f64.astype(np.float32)
        if fin.any() and np.all(f64[fin] == np.rint(f64[fin])) and np.all(np.abs(f64[fin]) < 2 ** 24):
            out["repr"] = "int"
            vals = [int(x) if np.isfinite(x) else None for x in f64]
        elif a.dtype == np.float32 or np.array_equal(f32[fin].astype(np.float64), f64[fin]):
            out["repr"] = "float32"
            vals = [x if np.isfinite(x) else None for x in f32]
        else:
            out["repr"] = "float64 %.10g" if rounded else "float64"
            vals = [(float("%.10g" % x) if rounded else float(x)) if np.isfinite(x) else None for x in f64]
    out["flat"] = vals
    return out


def stats(a):
    """nansum and friends of an array or Map (float64 arithmetic)."""
    if isinstance(a, Map):
        a = a.data
    a = np.asarray(a)
    f = a.astype(np.float64)
    fin = np.isfinite(f)
    with np.errstate(over="ignore", invalid="ignore"):
            return dict(dtype=str(a.dtype), shape=[int(s) for s in a.shape], nansum=float(np.nansum(f)),
                        n_finite=int(fin.sum()), n_nan=int(np.isnan(f).sum()), n_inf=int(np.isinf(f).sum()),
                    min=float(np.min(f[fin])) if fin.any() else None, max=float(np.max(f[fin])) if fin.any() else None,
                    n_positive=int((f > 0).sum()), n_zero=int((f == 0).sum()), n_negative=int((f < 0).sum()))


def enc(o, level=0):
    pad, pad1 = " " * level, " " * (level + 1)
    if isinstance(o, dict):
        if not o:
            return "{}"
        items = [pad1 + json.dumps(str(k)) + ": " + enc(v, level + 1) for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(o, (list, tuple)):
        o = [scal(v) for v in o]
        if not o:
            return "[]"
        if all(not isinstance(v, (dict, list, tuple)) for v in o):
            return "[" + ", ".join(enc(v, level + 1) for v in o) + "]"
        return "[\n" + ",\n".join(pad1 + enc(v, level + 1) for v in o) + "\n" + pad + "]"
    o = scal(o)
    if o is None:
        return "null"
    if isinstance(o, bool):
        return "true" if o else "false"
    if isinstance(o, int):
        return str(o)
    if isinstance(o, np.float32):
        s = str(o)
        assert np.float32(float(s)) == o
        return s
    if isinstance(o, float):
        return repr(o)
    if isinstance(o, str):
        return json.dumps(o)
    raise TypeError(type(o))


def fl(x):
    a = np.asarray(x, dtype=float).ravel()
    return [None if not np.isfinite(v) else float(v) for v in a]


def catch(fn):
    """Run fn; return ("ok", value) or the exception's type and message."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn()
            return dict(raises=False), value, [f"{w.category.__name__}: {w.message}" for w in caught]
        except Exception as exc:  # noqa: BLE001 - recording what Gammapy raises
            return (dict(raises=True, exception=type(exc).__name__, message=str(exc)), None,
                    [f"{w.category.__name__}: {w.message}" for w in caught])


def geom_info(geom):
    w = geom.wcs.wcs
    return dict(npix=[int(np.ravel(geom.npix[0])[0]), int(np.ravel(geom.npix[1])[0])], ctype=list(w.ctype),
                crval=fl(w.crval), crpix=fl(w.crpix), cdelt=fl(w.cdelt), frame=geom.frame,
                pixel_scales_deg=fl(geom.pixel_scales.deg), data_shape=[int(s) for s in geom.data_shape])


# ----------------------------------------------------------------------------- a. ring kernel
def ring_kernel_case(r_in, width, binsz):
    geom = WcsGeom.create(skydir=CENTER, binsz=binsz, width=(2, 2), frame="icrs")
    image = Map.from_geom(geom)
    maker = RingBackgroundMaker(r_in=r_in * u.deg, width=width * u.deg)
    kernel = maker.kernel(image)
    a = kernel.array
    scale = geom.pixel_scales[0].to("deg")
    r_in_pix = (Angle(r_in * u.deg).to("deg") / scale).value
    width_pix = (Angle(width * u.deg).to("deg") / scale).value
    r_out_pix = r_in_pix + width_pix
    n = a.shape[0]
    c = (n - 1) // 2
    y, x = np.mgrid[0:n, 0:n] - c
    rr = (x * x + y * y).astype(float)
    mine = (rr >= r_in_pix ** 2) & (rr <= r_out_pix ** 2)
    raw = Ring2DKernel(r_in_pix, width_pix)  # sum-normalised, before Gammapy's normalize("peak")
    return dict(
        r_in_deg=r_in, width_deg=width, binsz_deg=binsz,
        pixel_scale_deg=float(scale.value),
        ring2d_args_pixels=dict(radius_in=float(r_in_pix), width=float(width_pix), radius_out=float(r_out_pix)),
        r_in_sq=float(r_in_pix ** 2), r_out_sq=float(r_out_pix ** 2),
        shape=[int(s) for s in a.shape], dtype=str(a.dtype), centre_index=int(c),
        sum=float(a.sum()), n_ones=int((a == 1).sum()), unique_values=fl(np.unique(a)),
        sum_normalised_value_before_peak=float(raw.array.max()), sum_normalised_sum=float(raw.array.sum()),
        n_on_inner_boundary=int((rr == r_in_pix ** 2).sum() if float(r_in_pix ** 2).is_integer() else 0),
        n_on_outer_boundary=int((rr == r_out_pix ** 2).sum() if float(r_out_pix ** 2).is_integer() else 0),
        numpy_recomputation_identical=bool(np.array_equal(mine.astype(float), a)),
        row_spans=row_spans(a),
        **(dict(array=arr(a.astype(np.int64))) if a.size <= 2500 else {}),
    )


def row_spans(a):
    """Per kernel row (y index 0..n-1): inclusive [x_first, x_last] runs of ones."""
    spans = []
    for row in a:
        runs, x = [], 0
        while x < len(row):
            if row[x] == 1:
                x0 = x
                while x < len(row) and row[x] == 1:
                    x += 1
                runs.append([x0, x - 1])
            else:
                x += 1
        spans.append(runs)
    return spans


# ----------------------------------------------------------------------------- b. the small dataset
def small_geom():
    return WcsGeom.create(skydir=CENTER, binsz=SMALL_BINSZ, width=(SMALL_WIDTH, SMALL_WIDTH), frame="icrs",
                          axes=[ENERGY])


def small_exclusion(geom):
    return geom.to_image().region_mask([CircleSkyRegion(CENTER, EXCL_RADIUS)], inside=False)


def small_dataset(obs, geom):
    empty = MapDataset.create(geom, energy_axis_true=ENERGY_TRUE, name="ring-small")
    ds = MapDatasetMaker(selection=["counts", "background", "exposure"]).run(empty, obs)
    ds = SafeMaskMaker(methods=["offset-max"], offset_max=2.5 * u.deg).run(ds, obs)
    return ds


def onoff_arrays(on, skip=()):
    out = dict(
        counts=arr(on.counts), counts_off=arr(on.counts_off, rounded=True), acceptance=arr(on.acceptance),
        acceptance_off=arr(on.acceptance_off, rounded=True), alpha=arr(on.alpha, rounded=True),
        mask_safe=mask_map(on.mask_safe),
    )
    for k in skip:
        del out[k]
    return out


def alpha_check(on):
    """alpha is nan_to_num(acceptance / acceptance_off) in float64, bit for bit."""
    with np.errstate(divide="ignore", invalid="ignore"):
        mine = np.nan_to_num(on.acceptance.data.astype(np.float64) / on.acceptance_off.data.astype(np.float64))
    return bool(np.array_equal(mine, on.alpha.data))


def mask_map(m):
    """A bool mask as dtype/shape plus int_map of its 0/1 values."""
    a = np.asarray(m.data if isinstance(m, Map) else m)
    return dict(dtype=str(a.dtype), shape=[int(s) for s in a.shape], values=int_map(a.astype(np.int64)))


def int_map(a):
    """Compact int map: {"all": v} when constant, else {"default": most common value, "except": [[flat index, v]]}."""
    a = np.asarray(a).ravel()
    vals, cnt = np.unique(a, return_counts=True)
    if len(vals) == 1:
        return {"all": int(vals[0]), "size": int(a.size)}
    d = vals[np.argmax(cnt)]
    idx = np.nonzero(a != d)[0]
    if len(idx) > a.size // 4:
        return arr(a.astype(np.int64))
    return {"default": int(d), "size": int(a.size), "except": [[int(i), int(a[i])] for i in idx]}


def onoff_sums(on):
    ms = on.mask_safe.data.astype(bool)
    out = {k: stats(getattr(on, k)) for k in ("counts", "counts_off", "acceptance", "acceptance_off")}
    out["alpha"] = stats(on.alpha)
    out["background_alpha_counts_off"] = stats(on.background)
    out["mask_safe_sum"] = int(ms.sum())
    out["counts_in_mask_safe"] = float(on.counts.data[ms].sum())
    out["counts_off_in_mask_safe"] = float(np.nansum(on.counts_off.data[ms]))
    return out


def ring_small(ds, excl):
    maker = RingBackgroundMaker(r_in=RING_R_IN, width=RING_WIDTH, exclusion_mask=excl)
    on = maker.run(ds)
    log = take_log()
    kernel = maker.kernel(ds.counts).array
    # exact (direct, float64) convolutions of the same inputs, to show the FFT round-off
    counts_x = (ds.counts.data * excl.data)[0].astype(np.float64)
    bkg_x = (ds.npred_background().data * excl.data)[0].astype(np.float64)
    counts_off_direct = scipy.signal.convolve(counts_x, kernel, method="direct", mode="same")
    acc_off_direct = scipy.signal.convolve(bkg_x, kernel, method="direct", mode="same")
    c_off = on.counts_off.data[0].astype(np.float64)
    a_off = on.acceptance_off.data[0].astype(np.float64)
    nz = acc_off_direct != 0
    return dict(
        maker="RingBackgroundMaker(r_in=0.3 deg, width=0.2 deg, exclusion_mask=exclusion)",
        kernel_shape=[int(s) for s in kernel.shape], kernel_sum=float(kernel.sum()),
        dataset_type=type(on).__name__, name=on.name,
        arrays=onoff_arrays(on),
        sums=onoff_sums(on),
        alpha_is_nan_to_num_acceptance_over_acceptance_off=alpha_check(on),
        acceptance_identical_to_input_background=bool(np.array_equal(on.acceptance.data, ds.background.data)),
        input_mask_safe_sum=int(ds.mask_safe.data.sum()),
        mask_safe_cleared_by_ring=int((ds.mask_safe.data & ~on.mask_safe.data).sum()),
        fft_vs_direct=dict(
            counts_off_direct_is_integer=bool(np.all(counts_off_direct == np.rint(counts_off_direct))),
            counts_off_direct_sum=float(counts_off_direct.sum()),
            counts_off_rint_equals_direct=bool(np.array_equal(np.rint(c_off), np.rint(counts_off_direct))),
            counts_off_max_abs_diff=float(np.max(np.abs(c_off - counts_off_direct))),
            counts_off_n_exact_integers=int((c_off == np.rint(c_off)).sum()),
            acceptance_off_direct_sum=float(acc_off_direct.sum()),
            acceptance_off_max_abs_diff=float(np.max(np.abs(a_off - acc_off_direct))),
            acceptance_off_max_rel_diff=float(np.max(np.abs(a_off[nz] / acc_off_direct[nz] - 1))) if nz.any() else None,
            direct_zero_pixels=int((~nz).sum()),
            fft_positive_where_direct_zero=int(((a_off > 0) & ~nz).sum()),
        ),
        log=log,
    )


# ----------------------------------------------------------------------------- c. adaptive ring
class TophatCorrectedAdaptive(AdaptiveRingBackgroundMaker):
    """Gammapy's adaptive ring with the tophat radius theta / pixel instead of theta * pixel (NOT Gammapy)."""

    def make_cubes(self, dataset):
        from gammapy.utils.array import scale_cube
        counts = dataset.counts
        background = dataset.npred_background()
        kernels = self.kernels(counts)
        if self.exclusion_mask:
            exclusion = self.exclusion_mask.interp_to_geom(geom=counts.geom)
        else:
            exclusion = Map.from_geom(geom=counts.geom, data=True, dtype=bool)
        cubes = {}
        cubes["counts_off"] = scale_cube((counts.data * exclusion.data)[0, Ellipsis], kernels)
        cubes["acceptance_off"] = scale_cube((background.data * exclusion.data)[0, Ellipsis], kernels)
        scale = background.geom.pixel_scales[0].to("deg")
        theta = (self.theta / scale).to_value("")  # the one change
        tophat = Tophat2DKernel(theta)
        tophat.normalize("peak")
        acceptance = background.convolve(tophat.array)
        cubes["acceptance"] = np.repeat(acceptance.data[0, Ellipsis][Ellipsis, np.newaxis], len(kernels), axis=2)
        return cubes


def kernel_radii(maker, scale, method):
    """Gammapy's own arithmetic (AdaptiveRingBackgroundMaker.kernels): everything in pixels first, then arange."""
    r_in = (maker.r_in / scale).to_value("")
    r_out_max = (maker.r_out_max / scale).to_value("")
    width = (maker.width / scale).to_value("")
    stepsize = (maker.stepsize / scale).to_value("")
    if method == "fixed_width":
        r_ins, widths = np.arange(r_in, (r_out_max - width), stepsize), [width]
        stop = r_out_max - width
    else:
        widths, r_ins = np.arange(width, (r_out_max - r_in), stepsize), [r_in]
        stop = r_out_max - r_in
    return dict(r_in=float(r_in), r_out_max=float(r_out_max), width=float(width), stepsize=float(stepsize),
                arange_stop=float(stop), r_ins=fl(r_ins), widths=fl(widths),
                note="np.arange(start, stop, step) in pixels, stop excluded; computing the stop in degrees first "
                     "((0.8 - 0.2) deg / 0.04 deg = 15.000000000000002) would add a 7th kernel")


def adaptive_one(ds, excl, method, cls=AdaptiveRingBackgroundMaker, full=True):
    maker = cls(method=method, exclusion_mask=excl, **ADAPTIVE)
    kernels = maker.kernels(ds.counts)
    cubes = maker.make_cubes(ds)
    alpha_approx = maker._alpha_approx_cube(cubes)
    ok = alpha_approx <= maker.threshold_alpha
    chosen = np.where(ok.any(axis=2), np.argmax(ok, axis=2), -1)
    on = maker.run(ds)
    log = take_log()
    scale = ds.counts.geom.pixel_scales[0].to("deg")
    if cls is AdaptiveRingBackgroundMaker:
        th = (maker.theta * scale)
        tophat_radius = float(th.value)
        tophat_note = "Gammapy: Tophat2DKernel((theta * scale).value) = theta_deg * pixel_deg (deg^2 read as pixels)"
    else:
        tophat_radius = float((maker.theta / scale).to_value(""))
        tophat_note = "corrected: Tophat2DKernel(theta / pixel) (NOT Gammapy)"
    tophat = Tophat2DKernel(tophat_radius)
    tophat.normalize("peak")
    bkg = ds.npred_background().data[0]
    out = dict(
        maker=f"{cls.__name__}(r_in=0.3 deg, r_out_max=0.8 deg, width=0.2 deg, stepsize=0.05 deg, "
              f"threshold_alpha=0.1, theta=0.22 deg, method={method!r}, exclusion_mask=exclusion)",
        kernels=[dict(shape=[int(s) for s in k.array.shape], n_ones=int((k.array == 1).sum()),
                      sum=float(k.array.sum())) for k in kernels],
        kernel_radii_pixels=kernel_radii(maker, scale, method),
        tophat=dict(radius_pixels=tophat_radius, shape=[int(s) for s in tophat.array.shape],
                    array=arr(tophat.array), note=tophat_note),
        acceptance_cube_plane_equals_background=bool(np.array_equal(cubes["acceptance"][:, :, 0], bkg)),
        acceptance_cube_plane_max_abs_diff_background=float(np.max(np.abs(cubes["acceptance"][:, :, 0] - bkg))),
        cube_dtypes={k: str(v.dtype) for k, v in cubes.items()},
        chosen_kernel_index=int_map(chosen),
        n_pixels_per_kernel=[int((chosen == i).sum()) for i in range(len(kernels))],
        n_pixels_no_kernel=int((chosen == -1).sum()),
        dataset_type=type(on).__name__,
        sums=onoff_sums(on),
        mask_safe_true_where_acceptance_off_nan=int((on.mask_safe.data & np.isnan(on.acceptance_off.data)).sum()),
        alpha_is_nan_to_num_acceptance_over_acceptance_off=alpha_check(on),
        counts_identical_to_input=bool(np.array_equal(on.counts.data, ds.counts.data)),
        mask_safe_identical_to_input=bool(np.array_equal(on.mask_safe.data, ds.mask_safe.data)),
        log=log,
    )
    if full:
        # counts and mask_safe are ring_small's (flags above); alpha is derivable bit for bit (flag above)
        out["arrays"] = onoff_arrays(on, skip=("counts", "mask_safe", "alpha"))
    return out, on


def adaptive_small(ds, excl, ring_on):
    out = {}
    first = None
    for method in ("fixed_width", "fixed_r_in"):
        rec, on = adaptive_one(ds, excl, method)
        if first is None:
            first = on
        else:
            same = all(np.array_equal(getattr(on, k).data, getattr(first, k).data, equal_nan=True)
                       for k in ("counts", "counts_off", "acceptance", "acceptance_off", "mask_safe")) and \
                np.array_equal(on.alpha.data, first.alpha.data, equal_nan=True)
            rec["arrays_identical_to_fixed_width"] = bool(same)
            if same:
                del rec["arrays"]
        r_off = ring_on.counts_off.data.astype(np.float64)
        a_off = ring_on.acceptance_off.data.astype(np.float64)
        rec["vs_ring_small"] = dict(
            note="ring_small uses the same r_in 0.3 / width 0.2 ring (= adaptive kernel 0)",
            counts_off_max_abs_diff=float(np.nanmax(np.abs(on.counts_off.data - r_off))),
            acceptance_off_max_abs_diff=float(np.nanmax(np.abs(on.acceptance_off.data - a_off))),
            acceptance_max_abs_diff=float(np.nanmax(np.abs(on.acceptance.data - ring_on.acceptance.data))),
            mask_safe_identical=bool(np.array_equal(on.mask_safe.data, ring_on.mask_safe.data)),
        )
        out[method] = rec
    for method in ("fixed_width", "fixed_r_in"):
        rec, _ = adaptive_one(ds, excl, method, cls=TophatCorrectedAdaptive, full=False)
        out[method + "_theta_corrected"] = rec
    return out


# ----------------------------------------------------------------------------- d. excess
def excess_arrays(fm, names):
    out = {}
    for name in names:
        out[name] = arr(getattr(fm, name), rounded=True)
    return out


def excess_sums(fm):
    out = {}
    for name in fm.available_quantities:
        out[name] = stats(fm._data[name])
    out["npred_background"] = stats(fm.npred_background)
    return out


def excess_small(on_with_exposure, obs, geom, excl):
    # ring_small's dataset has a true-energy exposure but no edisp (selection counts/background/exposure); with that
    # ExcessMapEstimator.run raises (see errors.excess_exposure_without_edisp), so the exposure is dropped here:
    # only norm/norm_err depend on it (checked below against a dataset made with edisp too).
    on = on_with_exposure.copy(name=on_with_exposure.name)
    on.exposure = None
    est = ExcessMapEstimator(correlation_radius="0.1 deg")
    defaults = dict(correlation_radius_deg=float(est.correlation_radius.deg), correlate_off=est.correlate_off,
                    n_sigma=est.n_sigma, n_sigma_ul=est.n_sigma_ul,
                    selection_optional=est.selection_optional, energy_edges=est.energy_edges,
                    sum_over_energy_groups=est.sum_over_energy_groups,
                    n_sigma_sensitivity=est.n_sigma_sensitivity,
                    spectral_model=f"{type(est.spectral_model).__name__}(index="
                                   f"{est.spectral_model.index.value}, amplitude={est.spectral_model.amplitude.value} "
                                   f"{est.spectral_model.amplitude.unit}, reference={est.spectral_model.reference.value} "
                                   f"{est.spectral_model.reference.unit})",
                    available_selection_optional=list(est._available_selection_optional))
    fm = est.run(on)
    log = take_log()
    kernel_map = est.estimate_kernel(on)
    resampled = on.resample_energy_axis(energy_axis=est._get_energy_axis(on), name=on.name)
    res_acc_off = resampled.acceptance_off.data.astype(float)
    orig_acc_off = on.acceptance_off.data.astype(float)
    ms = on.mask_safe.data
    names = ["counts", "npred_background", "npred_excess", "sqrt_ts"]  # npred is the same Map as counts
    rec = dict(
        estimator="ExcessMapEstimator(correlation_radius='0.1 deg')",
        defaults=defaults,
        available_quantities=list(fm.available_quantities),
        significance_map_names=["sqrt_ts", "ts"],
        sed_type_init=fm.sed_type_init,
        kernel=dict(shape=[int(s) for s in kernel_map.data.shape], array=arr(kernel_map.data),
                    tophat_radius_pixels=float(0.1 / np.mean(np.abs(on.counts.geom.wcs.wcs.cdelt))),
                    kernel_geom_npix=[int(np.ravel(kernel_map.geom.npix[0])[0]), int(np.ravel(kernel_map.geom.npix[1])[0])]),
        arrays=excess_arrays(fm, names),
        sums=excess_sums(fm),
        counts_equals_npred=bool(np.array_equal(np.nan_to_num(fm.counts.data, nan=-1), np.nan_to_num(fm.npred.data, nan=-1))),
        nan_outside_mask_safe=int(np.isnan(fm.sqrt_ts.data).sum()),
        max_sqrt_ts=float(np.nanmax(fm.sqrt_ts.data)),
        max_sqrt_ts_index_flat=int(np.nanargmax(fm.sqrt_ts.data)),
        resampled_dataset=dict(
            note="run() first calls dataset.resample_energy_axis (1 bin -> 1 bin): counts and counts_off weighted "
                 "by mask_safe, acceptance_off recomputed as acceptance * counts_off / background",
            acceptance_off_dtype=str(resampled.acceptance_off.data.dtype),
            acceptance_off_nan=int(np.isnan(res_acc_off).sum()),
            acceptance_off_max_rel_diff_in_mask_safe=float(np.nanmax(np.abs(res_acc_off[ms] / orig_acc_off[ms] - 1))),
            counts_off_sum=float(np.nansum(resampled.counts_off.data)),
        ),
        log=log,
    )
    # the same with a dataset that has exposure AND edisp (MapDatasetMaker default selection)
    empty = MapDataset.create(geom, energy_axis_true=ENERGY_TRUE, name="ring-small")
    full = MapDatasetMaker().run(empty, obs)
    full = SafeMaskMaker(methods=["offset-max"], offset_max=2.5 * u.deg).run(full, obs)
    full_on = RingBackgroundMaker(RING_R_IN, RING_WIDTH, exclusion_mask=excl).run(full)
    fm_full = est.run(full_on)
    take_log()
    same = {n: bool(np.array_equal(getattr(fm, n).data, getattr(fm_full, n).data, equal_nan=True))
            for n in ["npred", "npred_excess", "ts", "sqrt_ts", "counts"]}
    rec["dataset_used"] = ("ring_small's MapDatasetOnOff with exposure=None (so norm = npred_excess / 1); "
                           "identical_with_exposure_and_edisp compares with a dataset made with "
                           "MapDatasetMaker() default selection (counts, exposure, background, psf, edisp)")
    rec["identical_with_exposure_and_edisp"] = same
    rec["with_exposure_and_edisp_norm_sums"] = dict(norm=stats(fm_full.norm), norm_err=stats(fm_full.norm_err))
    est2 = ExcessMapEstimator(correlation_radius="0.1 deg", correlate_off=False)
    fm2 = est2.run(on)
    take_log()
    rec["correlate_off_false"] = dict(
        sums=excess_sums(fm2),
        max_sqrt_ts=float(np.nanmax(fm2.sqrt_ts.data)),
    )
    return rec


# ----------------------------------------------------------------------------- e. errors
def errors(ds, excl, geom):
    out = {}
    none = Map.from_geom(geom.to_image(), data=False, dtype=bool)

    r, on, w = catch(lambda: RingBackgroundMaker(RING_R_IN, RING_WIDTH, exclusion_mask=none).run(ds))
    r["python_warnings"] = w
    if on is not None:
        r["sums"] = onoff_sums(on)
        r["alpha_all_zero"] = bool(np.all(on.alpha.data == 0))
    out["ring_everything_excluded"] = r

    r, on, w = catch(lambda: RingBackgroundMaker(3 * u.deg, 1 * u.deg, exclusion_mask=excl).run(ds))
    r["python_warnings"] = w
    if on is not None:
        k = RingBackgroundMaker(3 * u.deg, 1 * u.deg).kernel(ds.counts)
        r["kernel_shape"] = [int(s) for s in k.array.shape]
        r["kernel_n_ones"] = int(k.array.sum())
        r["sums"] = onoff_sums(on)
        r["max_abs_counts_off"] = float(np.max(np.abs(on.counts_off.data)))
        r["max_abs_acceptance_off"] = float(np.max(np.abs(on.acceptance_off.data)))
        r["note"] = ("exactly zero in exact arithmetic (largest in-map distance 49*sqrt(2) pix = 2.77 deg < 3 deg); "
                     "what is left is scipy FFT round-off, and mask_safe stays True where it is > 0")
        r["acceptance_off_positive_pixels"] = int((on.acceptance_off.data > 0).sum())
    out["ring_larger_than_map"] = r

    r, on, w = catch(lambda: AdaptiveRingBackgroundMaker(method="fixed_width", exclusion_mask=none, **ADAPTIVE).run(ds))
    r["python_warnings"] = w
    if on is not None:
        r["sums"] = onoff_sums(on)
    out["adaptive_everything_excluded"] = r

    r, _, w = catch(lambda: AdaptiveRingBackgroundMaker(r_in="0.3 deg", r_out_max="0.4 deg", width="0.2 deg").run(ds))
    r["python_warnings"] = w
    r["case"] = "AdaptiveRingBackgroundMaker(r_in 0.3, r_out_max 0.4, width 0.2): np.arange(r_in, r_out_max - width) empty"
    out["adaptive_no_kernels"] = r

    r, _, w = catch(lambda: AdaptiveRingBackgroundMaker(r_in="0.3 deg", r_out_max="0.8 deg", width="0.2 deg",
                                                        method="foo"))
    r["case"] = "method='foo'"
    out["adaptive_bad_method"] = r

    ds2 = MapDataset.create(WcsGeom.create(skydir=CENTER, binsz=SMALL_BINSZ, width=(SMALL_WIDTH, SMALL_WIDTH),
                                           frame="icrs", axes=[MapAxis.from_energy_bounds(0.5, 100, nbin=2, unit="TeV")]),
                            energy_axis_true=ENERGY_TRUE, name="two-bins")
    ds2.background.data[...] = 1.0
    ds2.counts.data[...] = 1.0
    r, on, w = catch(lambda: RingBackgroundMaker(RING_R_IN, RING_WIDTH, exclusion_mask=excl).run(ds2))
    r["case"] = "RingBackgroundMaker on a 2-energy-bin MapDataset (counts = background = 1): per-plane convolution"
    if on is not None:
        r["counts_off_plane_sums"] = [float(on.counts_off.data[i].sum()) for i in range(2)]
    out["ring_two_energy_bins"] = r
    r, on, w = catch(lambda: AdaptiveRingBackgroundMaker(exclusion_mask=excl, **ADAPTIVE).run(ds2))
    r["case"] = ("AdaptiveRingBackgroundMaker on the same 2-energy-bin MapDataset: only plane 0 is processed and "
                 "the result (shape (1, ny, nx)) is broadcast to every plane. This dataset comes from "
                 "MapDataset.create without MapDatasetMaker, so its mask_safe is all False (create's default; "
                 "MapDatasetMaker.run resets it to all True)")
    if on is not None:
        r["counts_off_shape"] = [int(s) for s in on.counts_off.data.shape]
        r["counts_off_geom_data_shape"] = [int(s) for s in on.counts_off.geom.data_shape]
        r["plane_sums"] = {k: [float(np.nansum(getattr(on, k).data[i])) for i in range(getattr(on, k).data.shape[0])]
                           for k in ("counts_off", "acceptance", "acceptance_off")}
        r["mask_safe_plane_sums"] = [int(on.mask_safe.data[i].sum()) for i in range(on.mask_safe.data.shape[0])]
    out["adaptive_two_energy_bins"] = r

    ds3 = ds.copy(name="no-mask")
    ds3.mask_safe = None
    r, _, w = catch(lambda: RingBackgroundMaker(RING_R_IN, RING_WIDTH, exclusion_mask=excl).run(ds3))
    r["case"] = "RingBackgroundMaker on a MapDataset with mask_safe=None"
    out["ring_mask_safe_none"] = r

    r, _, w = catch(lambda: str(RingBackgroundMaker(RING_R_IN, RING_WIDTH)))
    r["case"] = "str(RingBackgroundMaker(...)) (__str__ uses self.parameters, which does not exist)"
    out["ring_str"] = r

    on = RingBackgroundMaker(RING_R_IN, RING_WIDTH, exclusion_mask=excl).run(ds)
    r, _, w = catch(lambda: ExcessMapEstimator(correlation_radius="0.1 deg").run(on))
    r["case"] = ("ExcessMapEstimator on ring_small's MapDatasetOnOff as made (exposure in energy_true, edisp None): "
                 "reco exposure stays on the energy_true axis and cannot be divided by the mask convolution")
    out["excess_exposure_without_edisp"] = r

    from gammapy.analysis import Analysis, AnalysisConfig
    cfg = AnalysisConfig.read(SCENARIO_DIR / "config.yaml")
    cfg.datasets.geom.axes.energy.nbins = 2
    cfg.datasets.background.exclusion = SCENARIO_DIR / "exclusion.fits.gz"
    r, _, w = catch(lambda: Analysis(cfg)._create_background_maker())
    r["case"] = "Analysis with background.method ring and energy nbins 2 (_create_background_maker)"
    out["analysis_ring_two_bins"] = r
    take_log()
    return out


# ----------------------------------------------------------------------------- 3. scenario
def max_position(m):
    data = m.data
    i = int(np.nanargmax(data))
    idx = np.unravel_index(i, data.shape)
    geom = m.geom
    coord = geom.pix_to_coord((idx[-1], idx[-2]) + tuple(idx[:-2][::-1]))
    sky = SkyCoord(coord[0], coord[1], unit="deg", frame=geom.frame)
    return dict(value=float(data[idx]), index_numpy=[int(v) for v in idx], pixel_xy=[int(idx[-1]), int(idx[-2])],
                radec_deg=[float(sky.icrs.ra.deg), float(sky.icrs.dec.deg)],
                galactic_deg=[float(sky.galactic.l.deg), float(sky.galactic.b.deg)])


def scenario_excess():
    path = SCENARIO_OUT / "datasets.yaml"
    if not path.exists():
        return dict(error=f"{path} missing: run run_reference.py on scenarios/hess-rxj1713-ring first")
    datasets = Datasets.read(path)
    ds = datasets[0]
    t = time.perf_counter()
    fm = ExcessMapEstimator(correlation_radius="0.1 deg").run(ds)
    t_est = time.perf_counter() - t
    EXCESS_OUT.mkdir(parents=True, exist_ok=True)
    fits_path = EXCESS_OUT / "excess_maps.fits"
    fm.write(fits_path, overwrite=True)
    from astropy.io import fits
    with fits.open(fits_path) as h:
        hdus = [hdu.name for hdu in h]
    model_files = sorted(p.name for p in EXCESS_OUT.iterdir() if p.name.endswith(".yaml"))
    take_log()
    return dict(
        input=str(path), dataset_type=type(ds).__name__, dataset_stat_type=ds.stat_type,
        estimator="ExcessMapEstimator(correlation_radius='0.1 deg')",
        estimator_seconds=t_est,
        file=str(fits_path), file_hdus=hdus, model_files_written_beside=model_files,
        available_quantities=list(fm.available_quantities),
        max_sqrt_ts=max_position(fm.sqrt_ts),
        max_npred_excess=max_position(fm.npred_excess),
        sums=excess_sums(fm),
        input_sums=dict(counts=stats(ds.counts), background=stats(ds.background),
                        mask_safe_sum=int(ds.mask_safe.data.sum())),
        geom=geom_info(ds.counts.geom),
    )


def scenario_onoff_alternative():
    """The scenario's per-run ring datasets stacked into a MapDatasetOnOff (Analysis converts them to MapDataset)."""
    from gammapy.analysis import Analysis, AnalysisConfig
    cfg = AnalysisConfig.read(SCENARIO_DIR / "config.yaml")
    cfg.datasets.background.exclusion = SCENARIO_DIR / "exclusion.fits.gz"
    ana = Analysis(cfg)
    ana.get_observations()
    take_log()
    reference = ana._create_reference_dataset(name="stacked")
    makers = [ana._create_dataset_maker(), ana._create_safe_mask_maker(), ana._create_background_maker()]
    stacked = MapDatasetOnOff.create(geom=reference.counts.geom, energy_axis_true=ENERGY_TRUE, name="stacked")
    width = 2 * cfg.datasets.geom.selection.offset_max
    t = time.perf_counter()
    for obs in ana.observations:
        d = reference.cutout(position=obs.get_pointing_icrs(obs.tmid).galactic, width=width, mode="trim")
        for m in makers:
            d = m.run(dataset=d, observation=obs)
        stacked.stack(d)
    t_red = time.perf_counter() - t
    fm = ExcessMapEstimator(correlation_radius="0.1 deg").run(stacked)
    take_log()
    return dict(
        note="NOT what Analysis writes: the same per-run MapDatasetOnOff (cutout trim 5 deg, MapDatasetMaker, "
             "SafeMaskMaker, RingBackgroundMaker) stacked into MapDatasetOnOff.create(geom, energy_axis_true) as in "
             "Gammapy's ring tutorial; excess with the default correlate_off=True",
        reduction_seconds=t_red,
        sums=onoff_sums(stacked),
        excess_max_sqrt_ts=max_position(fm.sqrt_ts),
        excess_sums=excess_sums(fm),
    )


def theta2_one(observations, theta2_max, nbin, label, with_obs=False):
    from gammapy.makers.utils import ThetaSquaredTable
    axis = MapAxis.from_bounds(0, theta2_max, nbin=nbin, interp="lin", unit="deg2")
    r, table, w = catch(lambda: make_theta_squared_table(observations=observations, position=CENTER,
                                                         theta_squared_axis=axis))
    rec = dict(call=f"make_theta_squared_table(observations=<{label}>, position=SkyCoord(258.1, -39.8, icrs), "
                    f"theta_squared_axis=MapAxis.from_bounds(0, {theta2_max}, nbin={nbin}, interp='lin', unit='deg2'))",
               obs_ids=[int(o.obs_id) for o in observations],
               on_radius_deg=float(math.sqrt(theta2_max)), python_warnings=w, log=take_log())
    rec.update(r)
    if table is not None:
        rec["columns"] = list(table.colnames)
        rec["units"] = {c: str(table[c].unit) for c in table.colnames}
        rec["dtypes"] = {c: str(table[c].dtype) for c in table.colnames}
        rec["values"] = {c: ([int(v) for v in table[c]] if np.issubdtype(table[c].dtype, np.integer)
                             else fl(np.asarray(table[c]))) for c in table.colnames}
        rec["meta"] = {k: str(v) for k, v in table.meta.items()}
        rec["totals"] = dict(counts=int(np.sum(table["counts"])), counts_off=float(np.sum(table["counts_off"])),
                             excess=float(np.sum(table["excess"])))
    if not with_obs:
        return rec
    per_obs = []
    finder = ThetaSquaredTable(observations=observations, theta_squared_axis=axis, position=CENTER)
    finder.on_region = CircleSkyRegion(center=CENTER, radius=np.sqrt(np.max(axis.edges)))
    finder.create_off = True
    for obs in observations:
        p = obs.get_pointing_icrs(obs.tmid)
        off = finder._theta2_offregions_finder(obs)
        per_obs.append(dict(obs_id=int(obs.obs_id), pointing_tmid_radec=[float(p.ra.deg), float(p.dec.deg)],
                            pointing_fixed_icrs=[float(obs.pointing.fixed_icrs.ra.deg),
                                                 float(obs.pointing.fixed_icrs.dec.deg)],
                            separation_tmid_deg=float(p.separation(CENTER).deg),
                            off_centres_radec=[[float(o.center.icrs.ra.deg), float(o.center.icrs.dec.deg)]
                                               for o in off],
                            livetime_s=float(obs.observation_live_time_duration.to_value("s"))))
    take_log()
    rec["observations"] = per_obs
    return rec


def theta2():
    store = DataStore.from_dir(os.path.expandvars(DATASTORE))
    observations = store.get_observations(SCENARIO_OBS)
    take_log()
    out = dict(
        note=("requested: 0-0.5 deg2 in 25 bins over the 15 scenario runs -> Gammapy raises, because the ON circle "
              "(radius sqrt(0.5) = 0.707 deg) is larger than the ON-pointing separation of some runs (0.455-0.70 deg); "
              "two runs that work follow: all 15 runs with 0-0.2 deg2 (radius 0.447 deg, 25 bins), and 0-0.5 deg2 "
              "(25 bins) over the runs whose tmid pointing is more than 0.7071 deg away. OFF = one mirrored "
              "position: WobbleRegionsFinder(1).run(on_region, center=obs.pointing.fixed_icrs). ON: histogram of "
              "separation(position, events.radec)**2 over the axis edges (numpy bins, last bin closed); acceptance 1 "
              "and acceptance_off off_regions_number per run summed; alpha = livetime-weighted mean of "
              "acceptance/acceptance_off; excess/sqrt_ts/errn/errp from WStatCountsStatistic(counts, counts_off, alpha)."),
        requested_0p5_all_runs=theta2_one(observations, 0.5, 25, "15 scenario runs"),
        all_runs_0p2=theta2_one(observations, 0.2, 25, "15 scenario runs", with_obs=True),
    )
    far = [o for o in observations if o.get_pointing_icrs(o.tmid).separation(CENTER).deg > math.sqrt(0.5)]
    out["far_runs_0p5"] = theta2_one(store.get_observations([o.obs_id for o in far]), 0.5, 25,
                                     "runs with pointing separation > 0.7071 deg")
    return out


# ----------------------------------------------------------------------------- main
def write_exclusion():
    geom = WcsGeom.create(skydir=CENTER, binsz=0.02, width=(4, 4), frame="icrs")
    regs = [CircleSkyRegion(SkyCoord(lon, lat, unit="deg", frame="icrs"), r * u.deg)
            for (lon, lat), r in SCENARIO_EXCLUSION]
    mask = geom.region_mask(regs, inside=False)
    path = SCENARIO_DIR / "exclusion.fits.gz"
    mask.write(path, overwrite=True)
    print(f"{path}: {mask.data.shape}, {int((~mask.data).sum())} excluded pixels, {path.stat().st_size} bytes")


README = (
    "Ring background (gammapy.makers.background.ring), ExcessMapEstimator and make_theta_squared_table, Gammapy "
    + gammapy.__version__ + ". Arrays: dict(dtype, shape, flat) with flat in C order of the numpy shape "
    "(energy, lat, lon); float32 arrays use numpy's shortest float32 repr (parse as Float32 and widen), float64 Python "
    "repr (or '%.10g' where repr says so: FFT outputs only), values that are all integers as ints (repr 'int'), "
    "NaN/inf null; masks and index maps as {all: v} or {default: v, except: [[flat index, value], ...]}. "
    "RingBackgroundMaker.kernel: scale = geom.pixel_scales[0] (deg), Ring2DKernel(r_in/scale, width/scale) (astropy: "
    "Ring2D evaluated at integer pixel offsets from the centre pixel, mode 'center', in the ring iff "
    "r_in^2 <= dx^2+dy^2 <= (r_in+width)^2 in float64, size = odd ceiling of 2*r_out, then sum-normalised by astropy) "
    "and kernel.normalize('peak') by Gammapy -> exactly 0/1, so the 'sum' is the pixel count. "
    "make_maps_off: exclusion = exclusion_mask.get_by_coord(counts.geom.get_coord()); counts_off = "
    "(counts*exclusion).convolve(ring), acceptance_off = (npred_background*exclusion).convolve(ring): "
    "WcsNDMap.convolve -> scipy.signal.convolve(method='fft', mode='same') per image plane (zero padding outside the "
    "map), result stored float32, so counts_off is not integer (e.g. 158.99998) and zeros become +-1e-7-ish noise. "
    "run(): acceptance = npred_background() (float64), mask_safe = input mask_safe with False where "
    "acceptance_off <= 0 (FFT noise > 0 keeps a pixel), MapDatasetOnOff.from_map_dataset; alpha = "
    "nan_to_num(acceptance/acceptance_off) (float64). Adaptive: kernels Ring2DKernel per r_in in "
    "np.arange(r_in, r_out_max - width, stepsize) (fixed_width) or width in np.arange(width, r_out_max - r_in, stepsize) "
    "(fixed_r_in), in pixels, peak-normalised; exclusion via interp_to_geom; counts_off/acceptance_off cubes by "
    "utils.array.scale_cube = scipy.signal.fftconvolve(data.astype(float32), kernel, 'same') -> float64 (the float64 "
    "background is cast to float32 first); acceptance = npred_background.convolve(Tophat2DKernel(theta*scale)) with "
    "theta*scale = 0.22 deg * 0.04 deg = 0.0088 (deg^2 read as pixels): a 1x1 kernel [[1]], i.e. acceptance = "
    "background pushed through the FFT and float32 (the theta/scale bug; *_theta_corrected use 5.5 px, NOT Gammapy); "
    "alpha_approx = acceptance/acceptance_off (inf where acceptance_off <= 0); each pixel takes the first kernel "
    "with alpha_approx <= threshold_alpha, pixels with none get NaN counts_off/acceptance/acceptance_off and keep "
    "mask_safe (NaN <= 0 is False); only energy plane 0 is used. ExcessMapEstimator: dataset resampled to one "
    "energy bin, kernel Tophat2DKernel(0.1 deg / mean|cdelt|) on geom.to_odd_npix(max_radius=0.1 deg), /max; "
    "mask = mask_safe; n_on = rint(conv(counts*mask)); correlate_off: alpha = conv(alpha*n_off*mask, 0 where "
    "acceptance_off == 0)/conv(n_off*mask); WStatCountsStatistic(n_on, n_off_conv, alpha, conv(npred_signal)); "
    "all maps NaN outside mask; counts == npred (same Map); npred_background = npred - npred_excess. For a MapDataset "
    "(the scenario's stacked output) CashCountsStatistic(n_on, conv(npred*mask)). The scenario (Analysis, stack: true) "
    "stacks into MapDataset.create: DatasetsMaker.callback converts each run's MapDatasetOnOff with "
    "to_map_dataset (BACKGROUND = alpha*counts_off) so stacked.fits is a MapDataset; scenario_onoff_alternative is "
    "the MapDatasetOnOff stack for comparison."
)


NOTES = [
    "Analysis with background.method ring and stack: true does NOT produce a MapDatasetOnOff: DatasetsMaker.callback "
    "converts each run's MapDatasetOnOff with to_map_dataset (BACKGROUND = alpha * counts_off, 0 where acceptance_off "
    "= 0) and stacks it into the MapDataset reference; stacked.fits is a MapDataset (cash statistic).",
    "SafeMaskMaker defaults to irfs='DL4' in 2.1: aeff-max uses exposure.get_spectrum(geom.center_skydir)/livetime on "
    "the energy_true bin centres, a TemplateSpectralModel and model.inverse(10 % of max); if aeff never drops below the "
    "threshold at low energy the inverse returns the HIGH-energy crossing. With energy_true up to 200 TeV (aeff 0 above "
    "100 TeV in DR1) energy_min became e.g. 88.8 TeV (run 20326 at the map centre) and the single 0.5-100 TeV bin was masked for every run; the scenario "
    "therefore uses energy_true 0.3-100 TeV.",
    "Ring kernel: Ring2DKernel(r_in/scale, width/scale), peak-normalised to exact 0/1; pixels with r^2 exactly r_in^2 or "
    "r_out^2 are inside (>=, <=); 0.3 deg / 0.05 deg = 5.999999999999999 yet r_out = 16.0 exactly.",
    "counts_off/acceptance_off are FFT convolutions stored float32: counts_off is not integer (2318 of 2500 exact in "
    "ring_small; max |error| 7.6e-6), acceptance_off rel. error up to 5.8e-8 vs a float64 direct sum.",
    "mask_safe is cleared only where acceptance_off <= 0. Everything excluded: acceptance_off exactly 0, mask_safe all "
    "False, alpha = nan_to_num(acceptance/0) = DBL_MAX (1.7976931348623157e308), not 0. Ring outside the map (r_in 3 "
    "deg): exact result 0 but FFT noise of +-1e-13 leaves 1168 of 2500 pixels with acceptance_off > 0 and mask_safe "
    "True, counts_off ~ -1e-5 everywhere, alpha up to DBL_MAX or negative.",
    "Adaptive ring: the tophat is Tophat2DKernel((theta * pixel).value) = 0.0088 px -> [[1]], so acceptance is the "
    "background itself (through FFT/float32) and alpha_approx ~ 1/ring size <= 0.1 everywhere: the first kernel always "
    "wins and both methods give identical arrays, equal to the plain ring up to float32/FFT noise. With theta/pixel "
    "(5.5 px) no kernel reaches alpha <= 0.1 on this small map (NaN results). NaN acceptance_off keeps mask_safe True "
    "(NaN <= 0 is False): adaptive with everything excluded returns NaN counts_off/acceptance/acceptance_off, alpha 0 "
    "and mask_safe all True. scale_cube casts the float64 background to float32 before fftconvolve; cubes are float64.",
    "ExcessMapEstimator on a MapDatasetOnOff with a true-energy exposure and no edisp raises ValueError 'Map "
    "Arithmetic: Inconsistent geometries.' (reco exposure stays on energy_true). FluxMaps npred/npred_excess/counts are "
    "float32 (rint of a float32 convolution), ts/sqrt_ts float64; counts is the same Map as npred; everything NaN "
    "outside mask_safe. FluxMaps.write also writes '<file>_model.yaml' (suffix stripping is a no-op).",
    "make_theta_squared_table is deprecated (GammapyDeprecationWarning, use ThetaSquaredTable) and raises ValueError "
    "when the ON radius sqrt(theta2_max) exceeds the ON-pointing separation of any run (here 0-0.5 deg2 with runs "
    "0.455-0.70 deg away).",
    "RingBackgroundMaker.__str__ raises AttributeError (self.parameters); mask_safe=None raises AttributeError; "
    "AdaptiveRingBackgroundMaker with an empty radius list raises ValueError from np.dstack.",
]


def main():
    if WRITE_EXCLUSION:
        write_exclusion()
        return
    t0 = time.perf_counter()
    store = DataStore.from_dir(os.path.expandvars(DATASTORE))
    obs = store.obs(SMALL_OBS)
    geom = small_geom()
    excl = small_exclusion(geom)
    ds = small_dataset(obs, geom)
    take_log()
    p = obs.get_pointing_icrs(obs.tmid)
    doc = dict(
        readme=README,
        gammapy_behaviour_notes=NOTES,
        versions=dict(gammapy=gammapy.__version__, numpy=np.__version__, astropy=astropy.__version__,
                      regions=regions.__version__, scipy=scipy.__version__),
        ring_kernel={f"r{r_in}_w{width}_binsz{binsz}".replace(".", "p"): ring_kernel_case(r_in, width, binsz)
                     for r_in, width, binsz in [(0.5, 0.3, 0.02), (0.5, 0.3, 0.05), (0.3, 0.2, 0.04)]},
    )
    doc["small_dataset"] = dict(
        observation=dict(obs_id=SMALL_OBS, datastore=DATASTORE, pointing_tmid_radec=[float(p.ra.deg), float(p.dec.deg)],
                         livetime_s=float(obs.observation_live_time_duration.to_value("s"))),
        geom=geom_info(geom), center_radec=[258.1, -39.8],
        energy_edges_tev=fl(ENERGY.edges.to_value("TeV")), energy_true_edges_tev=fl(ENERGY_TRUE.edges.to_value("TeV")),
        makers=["MapDataset.create(geom, energy_axis_true=energy_true, name='ring-small')",
                "MapDatasetMaker(selection=['counts', 'background', 'exposure'])",
                "SafeMaskMaker(methods=['offset-max'], offset_max=2.5 deg)"],
        exclusion=dict(region="CircleSkyRegion(SkyCoord(258.1, -39.8, icrs), 0.3 deg)",
                       call="geom.to_image().region_mask([region], inside=False)", array=mask_map(excl.data),
                       excluded_pixels=int((~excl.data).sum())),
        background_note="the MapDataset's BACKGROUND (float64) is ring_small.arrays.acceptance (identical)",
        background_sums=stats(ds.background), exposure_sums=stats(ds.exposure),
        mask_safe=mask_map(ds.mask_safe), counts_sum=float(ds.counts.data.sum()),
    )
    ring = ring_small(ds, excl)
    doc["ring_small"] = ring
    ring_on = RingBackgroundMaker(RING_R_IN, RING_WIDTH, exclusion_mask=excl).run(ds)
    take_log()
    doc["adaptive_small"] = adaptive_small(ds, excl, ring_on)
    doc["excess_small"] = excess_small(ring_on, obs, geom, excl)
    doc["errors"] = errors(ds, excl, geom)
    doc["scenario_excess"] = scenario_excess()
    doc["scenario_onoff_alternative"] = scenario_onoff_alternative()
    doc["theta2"] = theta2()
    doc["script_seconds"] = time.perf_counter() - t0
    OUT.write_text(enc(doc) + "\n")
    print(f"{OUT}: {OUT.stat().st_size} bytes, {doc['script_seconds']:.1f} s")


if __name__ == "__main__":
    main()
