"""Reference numbers for GammaKit's IRF tests, computed with Gammapy 2.1.

Run:  GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/irf_reference.py
Writes one JSON file per IRF type into Tests/IRFTests/Fixtures/.

Each file names the data file (relative to $GAMMAPY_DATA) and HDU, and lists cases: coordinates
(with numpy shapes, so that broadcasting is tested too) and Gammapy's results. As in
mapaxis_reference.py the computation runs twice in child processes: "values" with numpy's
dispatched SIMD kernels disabled (numpy then calls the C library, as on any CPU without AVX2 /
AVX-512 -- the numbers Swift reproduces to rounding), "values_native" with numpy's defaults on this
machine (its float32 log kernel differs from the C library by up to 3 ulp, which moves
log-interpolated float32 IRFs -- the backgrounds -- by up to ~2e-6 relative). Floats are written as
repr() strings so that they parse back to the same bits.
"""
import copy
import json
import os
import subprocess
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "IRFTests", "Fixtures")

HESS = "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz"
CTA = "cta-1dc/caldb/data/cta/1dc/bcf/South_z20_50h/irf_file.fits"
MAGIC = "magic/rad_max/data/20131004_05029747_DL3_CrabNebula-W0.40+035.fits"
VERITAS = "veritas/crab-point-like-ED/64080.fits.gz"
KING = "tests/hess_psf_king_023523.fits.gz"
BKG2D = "tests/irf/bkg_2d_full_example.fits"
BKG3D = "tests/irf/bkg_3d_full_example.fits"


def s(x):
    return repr(float(x))


def arr(a):
    import numpy as np

    a = np.asarray(a, dtype=float)
    return dict(values=[s(v) for v in a.ravel()], shape=list(a.shape))


def path(rel):
    return os.path.join(os.environ["GAMMAPY_DATA"], rel)


def pools(axis, rng, outside=True):
    """Coordinates that probe an axis: centres, edges, extrapolation zones, outside, random."""
    import numpy as np

    e = axis.edges.value
    c = axis.center.value
    picks = [c[0], c[len(c) // 2], c[-1], e[0], e[min(1, len(e) - 1)], e[len(e) // 2], e[-1]]
    if axis.interp == "log":
        picks += [np.sqrt(e[0] * c[0]), np.sqrt(c[-1] * e[-1])]
        rand = list(np.exp(rng.uniform(np.log(e[0]), np.log(e[-1]), 6)))
        out = [e[0] * 0.7, e[-1] * 1.4]
    else:
        picks += [(e[0] + c[0]) / 2, (c[-1] + e[-1]) / 2]
        rand = list(rng.uniform(e[0], e[-1], 6))
        span = e[-1] - e[0]
        out = [e[0] - 0.1 * span - 0.01, e[-1] + 0.2 * span]
    return picks + rand + (out if outside else [])


def point_set(axes, rng, n=48, outside=True):
    """n points (one coordinate array per axis) covering each axis's pool."""
    import numpy as np

    cols = []
    for axis in axes:
        p = pools(axis, rng, outside)
        idx = list(range(len(p))) + list(rng.integers(0, len(p), max(0, n - len(p))))
        rng.shuffle(idx)
        cols.append(np.array([p[i] for i in idx[:n]], dtype=float))
    return cols


def eval_case(label, fn, coords, names):
    import numpy as np

    with np.errstate(all="ignore"):
        out = fn(**{k: v for k, v in zip(names, coords)})
    out = getattr(out, "value", out)
    return dict(label=label, coords={k: arr(v) for k, v in zip(names, coords)}, result=arr(out))


def grid_case(label, fn, axes, names, scale=None):
    """A broadcast case: first axis as a column, the others along their own dimension."""
    import numpy as np

    coords = []
    for i, axis in enumerate(axes):
        e = axis.edges.value
        c = axis.center.value
        vals = np.unique(np.concatenate([c[:: max(1, len(c) // 4)], e[[0, -1]]]))
        if axis.nbin == 1:
            vals = c  # Gammapy drops single-bin axes from the result's shape
        shape = [1] * len(axes)
        shape[i] = -1
        coords.append(vals.reshape(shape))
    return eval_case(label, fn, coords, names)


def quantity_fn(irf, names, units):
    import astropy.units as u

    def fn(**kw):
        return irf.evaluate(**{k: (kw[k] * u.Unit(units[k]) if units[k] else kw[k]) for k in names})

    return fn


def standard_cases(irf, names, units, rng, n=48):
    axes = [irf.axes[k] for k in names]
    fn = quantity_fn(irf, names, units)
    cases = [eval_case("points", fn, point_set(axes, rng, n), names),
             grid_case("grid", fn, axes, names)]
    return cases


def nan_case(irf, names, units):
    import numpy as np

    fn = quantity_fn(irf, names, units)
    coords = [np.array([irf.axes[k].center.value[0], np.nan]) for k in names]
    coords[0] = np.array([np.nan, irf.axes[names[0]].center.value[0]])
    return eval_case("nan", fn, coords, names)


def compute():
    import numpy as np
    import astropy.units as u
    import gammapy
    from gammapy.irf import (Background2D, Background3D, EffectiveAreaTable2D, EnergyDispersion2D,
                             EnergyDependentMultiGaussPSF, PSF3D, PSFKing, RadMax2D)
    from gammapy.maps import MapAxis

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(20240601)
    out = {}

    def entry(rel, hdu, cls, irf, cases, **extra):
        d = dict(file=rel, hdu=hdu, hdu_class=cls, unit=str(irf.unit) if hasattr(irf, "unit") and not isinstance(irf.unit, dict) else "",
                 axes={a.name: dict(edges=[s(v) for v in a.edges.value], centers=[s(v) for v in a.center.value],
                                    unit=str(a.unit), interp=a.interp, node_type=a.node_type) for a in irf.axes},
                 cases=cases)
        d.update(extra)
        return d

    # ---- aeff_2d
    aeff_entries = []
    for rel, hdu in [(HESS, "AEFF"), (CTA, "EFFECTIVE AREA"), (MAGIC, "EFFECTIVE AREA"), (VERITAS, "EFFECTIVE AREA")]:
        a = EffectiveAreaTable2D.read(path(rel), hdu=hdu)
        names, units = ["energy_true", "offset"], dict(energy_true="TeV", offset="deg")
        cases = standard_cases(a, names, units, rng) + [nan_case(a, names, units)]
        thresholds = []
        for off in [0.0, 0.5, 1.7]:
            values = a.evaluate(offset=off * u.deg, energy_true=a.axes["energy_true"].edges)
            valid = a.axes["energy_true"].edges[values > 10 * np.max(values) / 100]
            # Gammapy fails (min of an empty array) when the area is zero everywhere
            emin = np.min(valid).to_value("TeV") if len(valid) else np.nan
            thresholds.append(dict(offset=s(off), percent=s(10.0), energy_min=s(emin)))
        aeff_entries.append(entry(rel, hdu, "aeff_2d", a, cases, is_pointlike=a.is_pointlike,
                                  lo_thres=s(a.meta.get("LO_THRES", np.nan)), hi_thres=s(a.meta.get("HI_THRES", np.nan)),
                                  aeff_max_thresholds=thresholds))
    out["aeff_2d"] = aeff_entries

    # ---- edisp_2d
    edisp_entries = []
    for rel, hdu, kern in [(HESS, "EDISP", True), (CTA, "ENERGY DISPERSION", True), (MAGIC, "ENERGY DISPERSION", True),
                           (VERITAS, "ENERGY DISPERSION", True)]:
        e = EnergyDispersion2D.read(path(rel), hdu=hdu)
        names, units = ["energy_true", "migra", "offset"], dict(energy_true="TeV", migra="", offset="deg")
        cases = standard_cases(e, names, units, rng, n=64)
        kernels = []
        offsets = [0.5, 1.2] if e.axes["offset"].nbin > 1 else [float(e.axes["offset"].center.value[0])]
        for off in offsets:
            for custom in [False, True]:
                if custom:
                    ea = MapAxis.from_energy_bounds(0.1, 100, 30, unit="TeV", name="energy")
                    et = MapAxis.from_energy_bounds(0.08, 120, 36, unit="TeV", name="energy_true")
                    k = e.to_edisp_kernel(offset=off * u.deg, energy_axis=ea, energy_axis_true=et)
                else:
                    if e.axes["energy_true"].nbin > 120:
                        continue
                    ea = et = None
                    k = e.to_edisp_kernel(offset=off * u.deg)
                bias_energy = k.get_bias_energy(0.1)[0].to_value("TeV")
                kernels.append(dict(offset=s(off), custom_axes=custom,
                                    energy_edges=[s(v) for v in k.axes["energy"].edges.value],
                                    energy_true_edges=[s(v) for v in k.axes["energy_true"].edges.value],
                                    matrix=arr(k.data), bias_energy_0_1=s(bias_energy),
                                    bias=[s(v) for v in k.get_bias(k.axes["energy_true"].center)]))
        edisp_entries.append(entry(rel, hdu, "edisp_2d", e, cases, is_pointlike=e.is_pointlike, kernels=kernels))
    out["edisp_2d"] = edisp_entries

    # ---- psf_table
    psf_entries = []
    p = PSF3D.read(path(HESS), hdu="PSF")
    names, units = ["energy_true", "offset", "rad"], dict(energy_true="TeV", offset="deg", rad="deg")
    cases = standard_cases(p, names, units, rng, n=64)
    energies = np.array([0.1, 0.5, 1.0, 3.7, 10.0, 40.0])
    offs = np.array([0.0, 0.25, 0.5, 1.1, 2.0, 2.4])
    radii = []
    for frac in [0.68, 0.95]:
        r = p.containment_radius(frac, energy_true=energies * u.TeV, offset=offs * u.deg).to_value("deg")
        radii.append(dict(fraction=s(frac), energy_true=arr(energies), offset=arr(offs), radius=arr(r)))
    rad = np.array([0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.7])
    cont = p.containment(rad=rad[:, None] * u.deg, energy_true=energies * u.TeV, offset=offs * u.deg).to_value("")
    containment = [dict(rad=arr(rad[:, None]), energy_true=arr(energies), offset=arr(offs), containment=arr(cont))]
    psf_entries.append(entry(HESS, "PSF", "psf_table", p, cases, containment_radius=radii, containment=containment))
    out["psf_table"] = psf_entries

    # ---- parametric PSFs (values converted to sr-1)
    for key, cls, rel, hdu in [("psf_3gauss", EnergyDependentMultiGaussPSF, CTA, "POINT SPREAD FUNCTION"),
                               ("psf_king", PSFKing, KING, "PSF_2D_KING")]:
        q = cls.read(path(rel), hdu=hdu)
        names = ["energy_true", "offset", "rad"]

        def fn(energy_true, offset, rad, q=q):
            return q.evaluate(energy_true=energy_true * u.TeV, offset=offset * u.deg, rad=rad * u.deg).to("sr-1")

        axes = [q.axes["energy_true"], q.axes["offset"]]
        e_pts, o_pts = point_set(axes, rng, 48)
        r_pts = rng.choice([0.0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.5, 1.0], 48)
        cases = [eval_case("points", fn, [e_pts, o_pts, r_pts], names)]
        ge = np.unique(np.concatenate([axes[0].center.value[::4], axes[0].edges.value[[0, -1]]]))[:, None, None]
        go = np.unique(np.concatenate([axes[1].center.value, axes[1].edges.value[[0, -1]]]))[None, :, None]
        gr = np.array([0.0, 0.02, 0.1, 0.3])[None, None, :]
        cases.append(eval_case("grid", fn, [ge, go, gr], names))
        cases.append(eval_case("nan", fn, [np.array([np.nan, 1.0]), np.array([0.5, np.nan]), np.array([0.1, 0.1])], names))
        radii = []
        for frac in [0.68, 0.95]:
            r = q.containment_radius(frac, energy_true=energies * u.TeV, offset=offs * u.deg).to_value("deg")
            radii.append(dict(fraction=s(frac), energy_true=arr(energies), offset=arr(offs), radius=arr(r)))
        cont = q.containment(rad=rad[:, None] * u.deg, energy_true=energies * u.TeV, offset=offs * u.deg)
        cont = getattr(cont, "value", cont)
        containment = [dict(rad=arr(rad[:, None]), energy_true=arr(energies), offset=arr(offs), containment=arr(cont))]
        table = q.to_psf3d()
        idx = (slice(None, None, 5), slice(None), slice(None, None, 11))
        psf3d = dict(values=arr(table.data[idx]), unit=str(table.unit))
        pars = {k: arr(q.data[k]) for k in q.required_parameters}
        out[key] = [dict(file=rel, hdu=hdu, hdu_class=key,
                         axes={a.name: dict(edges=[s(v) for v in a.edges.value], centers=[s(v) for v in a.center.value],
                                            unit=str(a.unit), interp=a.interp, node_type=a.node_type) for a in q.axes},
                         parameters=pars, cases=cases, containment_radius=radii, containment=containment,
                         to_psf3d_every_5th_energy_11th_rad=psf3d)]

    # ---- backgrounds
    bkg3d_entries = []
    for rel, hdu, unitless in [(HESS, "BKG", False), (CTA, "BACKGROUND", False), (BKG3D, "BACKGROUND", True)]:
        b = Background3D.read(path(rel), hdu=hdu)
        names = ["energy", "fov_lon", "fov_lat"]
        units = dict(energy="" if unitless else "TeV", fov_lon="" if unitless else "deg", fov_lat="" if unitless else "deg")
        cases = standard_cases(b, names, units, rng, n=64) + [nan_case(b, names, units)]
        filled = copy.deepcopy(b)
        filled.interp_missing_data(axis_name="energy")
        missing_cases = standard_cases(filled, names, units, rng, n=48)
        edges = np.geomspace(0.1, 100, 13)
        lon = np.array([[-2.5, -1.0, 0.0, 0.3], [1.7, 2.9, 0.05, -0.6]])
        lat = np.array([[0.0, 0.4, -1.3, 2.2], [0.0, -2.9, 0.5, 1.0]])
        if unitless:
            integ = filled.integrate_log_log(axis_name="energy", energy=edges[:, None, None], fov_lon=lon, fov_lat=lat)
        else:
            integ = filled.integrate_log_log(axis_name="energy", energy=edges[:, None, None] * u.TeV,
                                             fov_lon=lon * u.deg, fov_lat=lat * u.deg)
        integration = dict(energy_edges=[s(v) for v in edges], fov_lon=arr(lon), fov_lat=arr(lat),
                           result=arr(getattr(integ, "value", integ)), unit=str(getattr(integ, "unit", "")))
        extra = dict(fov_alignment=b.fov_alignment.value, missing_data_cases=missing_cases, integration=integration,
                     data_zero_count=int(np.sum(b.data == 0)))
        if rel == HESS:
            altaz = Background3D(axes=b.axes, data=b.data, unit=b.unit, fov_alignment="ALTAZ")
            extra["altaz_cases"] = standard_cases(altaz, names, units, np.random.default_rng(7), n=24)
            b2 = b.to_2d()
            spectrum = np.ravel(b2.integral(axis_name="offset", offset=b2.axes["offset"].bounds[1]).value)
            extra["to_2d"] = dict(offset_edges=[s(v) for v in b2.axes["offset"].edges.value],
                                  integral_to_max_offset=[s(v) for v in spectrum],
                                  integral_unit=str(b2.integral(axis_name="offset", offset=b2.axes["offset"].bounds[1]).unit))
        bkg3d_entries.append(entry(rel, hdu, "bkg_3d", b, cases, **extra))
    out["bkg_3d"] = bkg3d_entries

    b = Background2D.read(path(BKG2D), hdu="BACKGROUND")
    names, units = ["energy", "offset"], dict(energy="", offset="")
    cases = standard_cases(b, names, units, rng, n=48) + [nan_case(b, names, units)]
    filled = copy.deepcopy(b)
    filled.interp_missing_data(axis_name="energy")
    padded = filled.pad(1, mode="edge", axis_name="offset")
    pad_cases = standard_cases(padded, names, units, rng, n=32)
    edges = np.geomspace(0.1, 100, 13)
    offset = np.array([0.0, 0.3, 1.0, 1.9, 2.6])
    integ = padded.integrate_log_log(axis_name="energy", energy=edges[:, None], offset=offset)
    out["bkg_2d"] = [entry(BKG2D, "BACKGROUND", "bkg_2d", b, cases, padded_cases=pad_cases,
                           padded_offset_edges=[s(v) for v in padded.axes["offset"].edges.value],
                           integration=dict(energy_edges=[s(v) for v in edges], offset=arr(offset),
                                            result=arr(getattr(integ, "value", integ))))]

    # ---- rad_max_2d
    r = RadMax2D.read(path(MAGIC), hdu="RAD_MAX")
    names, units = ["energy", "offset"], dict(energy="TeV", offset="deg")
    cases = standard_cases(r, names, units, rng, n=40)
    ver = EffectiveAreaTable2D.read(path(VERITAS), hdu="EFFECTIVE AREA")
    fixed = RadMax2D.from_irf(ver)
    fixed_cases = standard_cases(fixed, names, units, rng, n=12)
    out["rad_max_2d"] = [entry(MAGIC, "RAD_MAX", "rad_max_2d", r, cases),
                         entry(VERITAS, "EFFECTIVE AREA", "rad_max_from_aeff", fixed, fixed_cases)]

    out["interpolator"] = [dict(file="", hdu="", hdu_class="", cases=interpolator_cases())]
    return dict(gammapy_version=gammapy.__version__, numpy_version=np.__version__, scipy_version=__import__("scipy").__version__,
                fixtures=out)


def interpolator_cases():
    """ScaledRegularGridInterpolator on synthetic grids: scales, float32 values, methods, fill."""
    import numpy as np
    from gammapy.utils.interpolation import ScaledRegularGridInterpolator

    rng = np.random.default_rng(99)
    e = np.geomspace(0.1, 100, 7)
    o = np.linspace(0, 2.5, 6)
    r = np.linspace(0.0, 0.3, 5) ** 2
    values = np.exp(rng.normal(-20, 3, (7, 6, 5)))
    values[2, 3, :] = 0
    cases = []

    def add(label, points, vals, kwargs, coords, call=None):
        f = ScaledRegularGridInterpolator(points, vals, **kwargs)
        with np.errstate(all="ignore"):
            res = f(tuple(coords), **(call or {}))
        cases.append(dict(label=label, points=[[s(v) for v in p] for p in points], values=arr(vals),
                          float32=bool(vals.dtype == np.float32), big_endian=bool(vals.dtype.byteorder == ">"),
                          kwargs={k: v for k, v in kwargs.items() if k != "points_scale"},
                          points_scale=list(kwargs.get("points_scale", ["lin"] * len(points))),
                          call=call or {}, coords=[arr(c) for c in coords], result=arr(res)))

    n = 40
    ce = np.exp(rng.uniform(np.log(0.05), np.log(200), n))
    co = rng.uniform(-0.5, 3.2, n)
    cr = rng.uniform(-0.01, 0.12, n)
    ce[:3] = e[[0, 3, 6]]
    co[:3] = o[[0, 2, 5]]
    cr[:3] = r[[0, 1, 4]]
    coords3 = [ce, co, cr]
    scales = ("log", "lin", "sqrt")
    add("3d log values float64", [e, o, r], values, dict(points_scale=scales, values_scale="log"), coords3)
    add("3d log values float32", [e, o, r], values.astype(np.float32), dict(points_scale=scales, values_scale="log"), coords3)
    add("3d lin big-endian", [e, o, r], values.astype(">f8"), dict(points_scale=scales), coords3)
    add("3d sqrt values", [e, o, r], values - 1e-9, dict(points_scale=scales, values_scale="sqrt"), coords3, dict(clip=False))
    add("3d nearest", [e, o, r], values, dict(points_scale=scales, method="nearest"), coords3)
    add("3d nearest per call", [e, o, r], values, dict(points_scale=scales), coords3, dict(method="nearest"))
    add("3d no extrapolation", [e, o, r], values, dict(points_scale=scales, extrapolate=False), coords3)
    add("3d fill in log space", [e, o, r], values, dict(points_scale=scales, values_scale="log", extrapolate=False,
                                                        fill_value=0.0), coords3)
    v2 = rng.normal(0, 1, (7, 6))
    add("2d lin fast path", [e, o], v2, dict(points_scale=("log", "lin")), [ce[:, None], co[None, :8]], dict(clip=False))
    add("2d clip", [e, o], v2, dict(points_scale=("log", "lin")), [ce, co])
    add("descending axis", [e, o[::-1]], v2[:, ::-1].copy(), dict(points_scale=("log", "lin")), [ce, co], dict(clip=False))
    add("single-point axis", [e, np.array([1.0])], v2[:, :1].copy(), dict(points_scale=("log", "lin")), [ce, co],
        dict(clip=False))
    add("single value", [np.array([2.0]), np.array([1.0])], np.array([[3.5]]), dict(method="nearest"), [ce[:5], co[:5]])
    add("nan coordinates", [e, o], v2, dict(points_scale=("log", "lin")),
        [np.array([1.0, np.nan, 2.0]), np.array([np.nan, 1.0, 0.3])], dict(clip=False))
    return cases


def run_child(kind):
    env = dict(os.environ)
    if kind == "portable":
        from numpy._core._multiarray_umath import __cpu_dispatch__
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(__cpu_dispatch__)
    res = subprocess.run([sys.executable, __file__, "--child", kind], env=env, check=True, capture_output=True, text=True)
    return json.loads(res.stdout), env.get("NPY_DISABLE_CPU_FEATURES", "")


def merge_native(portable, native):
    """Attach native results ("result_native", etc.) next to the portable ones."""
    if isinstance(portable, dict):
        for k, v in list(portable.items()):
            leaf = isinstance(v, str) or (isinstance(v, dict) and "values" in v) or (
                isinstance(v, list) and all(isinstance(x, str) for x in v))
            if k in ("result", "matrix", "radius", "containment", "bias_energy_0_1", "integral_to_max_offset") and leaf \
                    and k in native:
                portable[k + "_native"] = native[k]
            elif k in native:
                merge_native(v, native[k])
    elif isinstance(portable, list):
        for a, b in zip(portable, native):
            merge_native(a, b)


def main():
    portable, disabled = run_child("portable")
    native, _ = run_child("native")
    merge_native(portable["fixtures"], native["fixtures"])
    how = ("GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/irf_reference.py "
           f"(gammapy {portable['gammapy_version']}, numpy {portable['numpy_version']}, scipy {portable['scipy_version']}); "
           f"results with NPY_DISABLE_CPU_FEATURES='{disabled}' (numpy's C-library kernels); '*_native' with numpy's "
           "default kernels on the machine that made the file")
    os.makedirs(OUT, exist_ok=True)
    for name, entries in portable["fixtures"].items():
        doc = dict(how_made=how, gammapy_version=portable["gammapy_version"], irf_type=name, entries=entries)
        with open(os.path.join(OUT, f"{name}.json"), "w") as fh:
            json.dump(doc, fh, separators=(",", ":"))
        print("wrote", os.path.normpath(os.path.join(OUT, f"{name}.json")))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        json.dump(compute(), sys.stdout)
    else:
        main()
