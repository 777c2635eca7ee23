"""Reference numbers for GammaKit's MapAxis tests, computed with Gammapy 2.1.

Run:  GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/mapaxis_reference.py
Writes Tests/GammaMapsTests/Fixtures/mapaxis.json.

numpy evaluates log/exp/log10/pow with its own AVX2/AVX-512 kernels when the CPU has them; those
differ from the C library in the last bit for a few per cent of arguments. The script therefore
runs the computation twice in child processes: once with numpy's dispatched kernels disabled
(NPY_DISABLE_CPU_FEATURES = every dispatch target; numpy then calls the C library, as it does on
any CPU without those extensions) -- the "portable" numbers the Swift tests compare bit for
bit -- and once with numpy's defaults on this machine ("native"), kept to report the deviation.
Floats are written as repr() strings so that they parse back to the same bits.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "GammaMapsTests", "Fixtures", "mapaxis.json")


def f(x):
    return repr(float(x))


def fl(xs):
    return [f(x) for x in list(xs)]


def axis_specs():
    import numpy as np
    from astropy.io import fits

    specs = [
        dict(id="energy_1_10_11", kind="energy_bounds", min=1.0, max=10.0, nbin=11, unit="TeV", name="energy"),
        dict(id="energy_true_0.5_20_10", kind="energy_bounds", min=0.5, max=20.0, nbin=10, unit="TeV", name="energy_true"),
        dict(id="energy_0.1_100_5_per_decade", kind="energy_bounds", min=0.1, max=100.0, nbin=5, unit="TeV",
             name="energy", per_decade=True),
        dict(id="energy_0.1_50_4_per_decade_loose", kind="energy_bounds", min=0.1, max=50.0, nbin=4, unit="TeV",
             name="energy", per_decade=True, strict=False),
        dict(id="energy_0.3_30_10_center", kind="energy_bounds", min=0.3, max=30.0, nbin=10, unit="TeV",
             name="energy", node_type="center"),
        dict(id="energy_GeV_100_1e5_9", kind="energy_bounds", min=100.0, max=1e5, nbin=9, unit="GeV", name="energy"),
        dict(id="energy_0.01_300_37", kind="energy_bounds", min=0.01, max=300.0, nbin=37, unit="TeV", name="energy"),
        dict(id="offset_0_5_4", kind="bounds", lo=0.0, hi=5.0, nbin=4, interp="lin", unit="deg", name="offset"),
        dict(id="fov_lon_-3_3_12", kind="bounds", lo=-3.0, hi=3.0, nbin=12, interp="lin", unit="deg", name="fov_lon"),
        dict(id="rad_sqrt_0.01_4_7", kind="bounds", lo=0.01, hi=4.0, nbin=7, interp="sqrt", unit="deg", name="rad"),
        dict(id="migra_0.2_5_48", kind="bounds", lo=0.2, hi=5.0, nbin=48, interp="lin", unit="", name="migra"),
        dict(id="rad_default_0_0.66_66", kind="bounds", lo=0.0, hi=0.66, nbin=66, interp="lin", unit="deg", name="rad"),
        dict(id="log_center_bounds", kind="bounds", lo=0.2, hi=70.0, nbin=6, interp="log", unit="TeV",
             name="energy_true", node_type="center"),
        dict(id="nodes_log", kind="nodes", values=[0.1, 0.5, 2.0, 10.0, 50.0], interp="log", unit="TeV", name="energy"),
        dict(id="nodes_single", kind="nodes", values=[2.0], interp="lin", unit="deg", name="offset"),
        dict(id="edges_descending_log", kind="edges", values=[3.0, 1.0, 0.5], interp="log", unit="TeV", name="energy"),
    ]
    path = os.path.join(os.environ["GAMMAPY_DATA"], "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz")
    with fits.open(path) as h:
        t = h["AEFF"].data
        theta = t["THETA_HI"][0].astype(float)  # THETA_LO == THETA_HI: Gammapy makes a node axis
        energy = np.append(t["ENERG_LO"][0], t["ENERG_HI"][0][-1]).astype(float)
    specs.append(dict(id="hess_offset_nodes", kind="nodes", values=list(theta), interp="lin", unit="deg", name="offset"))
    specs.append(dict(id="hess_energy_edges", kind="edges", values=list(energy), interp="log", unit="TeV",
                      name="energy_true"))
    return specs


def build(spec):
    from gammapy.maps import MapAxis

    kind = spec["kind"]
    if kind == "energy_bounds":
        return MapAxis.from_energy_bounds(spec["min"], spec["max"], spec["nbin"], unit=spec["unit"], name=spec["name"],
                                          per_decade=spec.get("per_decade", False),
                                          node_type=spec.get("node_type", "edges"),
                                          strict_bounds=spec.get("strict", True))
    if kind == "bounds":
        return MapAxis.from_bounds(spec["lo"], spec["hi"], nbin=spec["nbin"], interp=spec["interp"], unit=spec["unit"],
                                   name=spec["name"], node_type=spec.get("node_type", "edges"))
    if kind == "edges":
        return MapAxis.from_edges(spec["values"], interp=spec["interp"], unit=spec["unit"], name=spec["name"])
    if kind == "nodes":
        return MapAxis.from_nodes(spec["values"], interp=spec["interp"], unit=spec["unit"], name=spec["name"])
    raise ValueError(kind)


def describe(axis):
    return dict(nbin=axis.nbin, node_type=axis.node_type, interp=axis.interp, name=axis.name, unit=str(axis.unit),
                edges=fl(axis.edges.value), centers=fl(axis.center.value), bin_width=fl(axis.bin_width.value))


def attempt(fn):
    try:
        return describe(fn())
    except ValueError as e:
        return dict(error=str(e))


def probe_coords(axis):
    import numpy as np

    e = axis.edges.value
    c = axis.center.value
    lo, hi = min(e[0], e[-1]), max(e[0], e[-1])
    extra = [lo * 0.5 if lo > 0 else lo - 1.0, hi * 1.7 + 0.1, lo, hi]
    mids = list((e[:-1] + e[1:]) / 2)
    rng = np.random.default_rng(42)
    if axis.interp == "log":
        random = list(np.exp(rng.uniform(np.log(lo) - 1, np.log(hi) + 1, 8)))
        extra += [0.0]
    else:
        span = hi - lo if hi > lo else 1.0
        random = list(rng.uniform(lo - 0.3 * span, hi + 0.3 * span, 8))
    return list(e) + list(c) + mids + extra + random + [float("nan"), float("inf")]


def compute():
    import numpy as np
    import gammapy
    from gammapy.maps import MapAxis

    axes = []
    for spec in axis_specs():
        axis = build(spec)
        coords = probe_coords(axis)
        pix = [-2.0, -1.5, -0.5, -0.25, 0.0, 0.5, 1.0, 1.3, axis.nbin - 1.0, axis.nbin - 0.5, axis.nbin + 0.75]
        entry = dict(id=spec["id"], spec={k: (fl(v) if k == "values" else v) for k, v in spec.items()})
        entry.update(describe(axis))
        with np.errstate(all="ignore"):
            entry["coord_to_pix"] = dict(coords=fl(coords), pix=fl(axis.coord_to_pix(np.array(coords))))
            entry["pix_to_coord"] = dict(pix=fl(pix), coords=fl(axis.pix_to_coord(np.array(pix)).value))
            entry["coord_to_idx"] = dict(coords=fl(coords), idx=[int(i) for i in axis.coord_to_idx(np.array(coords))],
                                         idx_clip=[int(i) for i in axis.coord_to_idx(np.array(coords), clip=True)])
        entry["squash"] = attempt(lambda: axis.squash())
        entry["pad_1"] = attempt(lambda: axis.pad(1))
        entry["pad_2_1"] = attempt(lambda: axis.pad((2, 1)))
        entry["upsample_2"] = attempt(lambda: axis.upsample(2))
        entry["upsample_3"] = attempt(lambda: axis.upsample(3))
        entry["downsample_2"] = attempt(lambda: axis.downsample(2))
        entry["downsample_3_loose"] = attempt(lambda: axis.downsample(3, strict=False))
        if axis.nbin >= 3:
            entry["slice_1_3"] = attempt(lambda: axis.slice(slice(1, 3)))
        axes.append(entry)

    def e(lo, hi, n, unit="TeV", name="energy", interp="log", node_type="edges"):
        return dict(kind="bounds", lo=lo, hi=hi, nbin=n, unit=unit, name=name, interp=interp, node_type=node_type)

    pairs = [
        ("TeV vs GeV", e(1.0, 10.0, 3), e(1000.0, 10000.0, 3, unit="GeV")),
        ("1e-7 relative", e(1.0, 10.0, 3), e(1.0, 10.000001, 3)),
        ("1e-5 relative", e(1.0, 10.0, 3), e(1.0, 10.0001, 3)),
        ("other name", e(1.0, 10.0, 3), e(1.0, 10.0, 3, name="energy_true")),
        ("name case", e(1.0, 10.0, 3), e(1.0, 10.0, 3, name="ENERGY")),
        ("other interp", e(1.0, 10.0, 3), e(1.0, 10.0, 3, interp="lin")),
        ("other node type", e(1.0, 10.0, 3), e(1.0, 10.0, 3, node_type="center")),
        ("other nbin", e(1.0, 10.0, 3), e(1.0, 10.0, 4)),
        ("deg vs TeV", e(1.0, 10.0, 3, unit="deg", interp="lin", name="x"), e(1.0, 10.0, 3, interp="lin", name="x")),
    ]
    equality = []
    for label, sa, sb in pairs:
        a, b = build(sa), build(sb)
        equality.append(dict(label=label, a=sa, b=sb, eq=bool(a == b), allclose_default=bool(a.is_allclose(b))))
    return dict(gammapy_version=gammapy.__version__, numpy_version=np.__version__, axes=axes, equality=equality)


def child(kind):
    result = compute()
    json.dump(result, sys.stdout)


def run_child(kind):
    env = dict(os.environ)
    if kind == "portable":
        from numpy._core._multiarray_umath import __cpu_dispatch__
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(__cpu_dispatch__)
    out = subprocess.run([sys.executable, __file__, "--child", kind], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout), env.get("NPY_DISABLE_CPU_FEATURES", "")


def main():
    portable, disabled = run_child("portable")
    native, _ = run_child("native")
    portable["how_made"] = (
        "GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python scripts/reference/mapaxis_reference.py "
        f"(gammapy {portable['gammapy_version']}, numpy {portable['numpy_version']}); main numbers with "
        f"NPY_DISABLE_CPU_FEATURES='{disabled}' (numpy's C-library kernels); 'native' = numpy's default "
        "kernels on the machine that made the file")
    portable["native"] = {a["id"]: dict(edges=a["edges"], centers=a["centers"]) for a in native["axes"]}
    with open(OUT, "w") as fh:
        json.dump(portable, fh, indent=None, separators=(',', ':'))
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
