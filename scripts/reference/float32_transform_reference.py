#!/usr/bin/env python
"""Reference numbers for GammaKit's astropy-exact frame transform of stored coordinates.

Gammapy bins events by `SkyCoord(RA, DEC)` with the columns' own dtype (float32 in every
H.E.S.S., CTA, MAGIC and VERITAS file) transformed to the geometry's frame. This script checks,
on the reference venv, what astropy does for that, step by step, and writes the numbers
GammaKit's tests compare with bit for bit:

    GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python \
        scripts/reference/float32_transform_reference.py

It writes Tests/SkyTests/Fixtures/astropy_transform.json (the matrices astropy uses and
synthetic points), Tests/DL3Tests/Fixtures/galactic-events-reference.json (every event of
three real files, as a hash plus samples) and Tests/MakersTests/Fixtures/
galactic-counts-reference.json (Gammapy's counts maps of those files on fine Galactic grids). Floats are written as hexadecimal (`float.hex()`)
so that they are read back bit for bit. The numbers are facts about astropy's results; none of
this code is carried into GammaKit.

The pipeline the script verifies (astropy 8.0.2, pyerfa 2.0.1.5, numpy 2.5.5):
  1. Longitude/Latitude keep the column dtype; a float32 longitude outside [0, 360) is wrapped
     in float32 (`Angle._wrap_at`: numpy floor_divide, subtract, fix-ups).
  2. ICRS -> FK5(J2000) -> Galactic is a CompositeTransform of two DynamicMatrixTransforms,
     applied one after the other, each as `_apply_transform`:
       - `UnitSphericalRepresentation.to_cartesian` = `erfa.ufunc.s2c(lon, lat)`; astropy's
         quantity helper converts degrees to radians first with `scale * value` where scale is
         the Python float 0.017453292519943295, so a float32 angle becomes
         float32(float32(scale) * value) (NEP 50), then is cast exactly to float64 for the
         'dd' loop of s2c (C double cos/sin of the system libm);
       - `CartesianRepresentation.transform` = `erfa.ufunc.rxp(matrix, xyz)` (C, no FMA);
       - back to `UnitSphericalRepresentation` with `erfa.ufunc.c2s` (atan2, sqrt);
       - the frame's Longitude wraps the radians into [0, 2 pi) (floor_divide by
         360 * 0.017453292519943295, subtract, fix-ups).
  3. `.data.lon.deg` / `.data.lat.deg`: radians times the Python float 57.29577951308232.
No numpy trigonometric ufunc is involved: the float32 step is only the degree-to-radian product.
"""
import glob
import json
import os
import sys

import numpy as np

import astropy
import astropy.units as u
import erfa
import gammapy
from astropy.coordinates import FK5, Galactic, ICRS, SkyCoord, frame_transform_graph
from astropy.coordinates.builtin_frames.galactic_transforms import _gal_to_fk5, fk5_to_gal
from astropy.coordinates.builtin_frames.icrs_fk5_transforms import fk5_to_icrs, icrs_to_fk5
from erfa import ufunc as eu
from gammapy.data import EventList
from gammapy.maps import Map, MapAxis, MapCoord, WcsGeom

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VERSIONS = (f"astropy {astropy.__version__}, numpy {np.__version__}, pyerfa {erfa.__version__}, "
            f"gammapy {gammapy.__version__}")
HOW = "scripts/reference/float32_transform_reference.py"
rng = np.random.default_rng(20260501)


def hexes(a):
    return [float(v).hex() for v in np.asarray(a, dtype=np.float64).ravel()]


def fnv1a64(lon, lat):
    """FNV-1a over the 64-bit patterns of lon[0], lat[0], lon[1], lat[1], ... (word-wise)."""
    words = np.stack([np.asarray(lon, dtype="<f8"), np.asarray(lat, dtype="<f8")], axis=1).ravel().view("<u8")
    h = 0xCBF29CE484222325
    for w in words.tolist():
        h = ((h ^ w) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


# --------------------------------------------------------------------------- the emulation
MATRICES = {
    "icrs_to_fk5": icrs_to_fk5(None, FK5(equinox="J2000")),
    "fk5_to_galactic": fk5_to_gal(FK5(equinox="J2000"), Galactic()),
    "galactic_to_fk5": _gal_to_fk5(Galactic(), FK5(equinox="J2000")),
    "fk5_to_icrs": fk5_to_icrs(FK5(equinox="J2000"), ICRS()),
}
D2R, R2D = u.deg._to(u.rad), u.rad._to(u.deg)
A360_RAD = u.degree.to(u.rad, 360.0)


def wrap(x, a360):
    """astropy's Angle._wrap_at(360 deg) in x's dtype and unit."""
    x = np.array(x, copy=True)
    a360 = x.dtype.type(a360)
    bad = (x < 0) | (x >= a360)
    if bad.any():
        x -= (x // a360) * a360
        x[x >= a360] -= a360
        x[x < 0] += a360
    return x


def emulate(lon, lat, path):
    """lon, lat in degrees with the dtype they are stored in."""
    lon = wrap(lon, 360.0)
    rl, rb = lon * D2R, lat * D2R  # float32 stays float32 (NEP 50)
    for name in path:
        a, rb = eu.c2s(eu.rxp(MATRICES[name], eu.s2c(rl, rb)))
        rl = wrap(a, A360_RAD)
    return R2D * rl, R2D * rb


PATHS = {("icrs", "galactic"): ["icrs_to_fk5", "fk5_to_galactic"],
         ("galactic", "icrs"): ["galactic_to_fk5", "fk5_to_icrs"]}


def astropy_transform(lon, lat, frm, to):
    c = SkyCoord(lon, lat, unit="deg", frame=frm).transform_to(to)
    return c.data.lon.deg, c.data.lat.deg


def same_bits(a, b):
    return np.array_equal(np.asarray(a, "<f8").view("<u8"), np.asarray(b, "<f8").view("<u8"))


def check(lon, lat, frm, to):
    """astropy's numbers, after checking that the emulation gives them bit for bit."""
    theirs = astropy_transform(lon, lat, frm, to)
    ours = emulate(lon, lat, PATHS[(frm, to)])
    assert same_bits(theirs[0], ours[0]) and same_bits(theirs[1], ours[1]), (frm, to, lon.dtype)
    return theirs


# --------------------------------------------------------------------------- synthetic points
def synthetic():
    for (frm, to), names in PATHS.items():
        path = frame_transform_graph.find_shortest_path(
            {"icrs": ICRS, "galactic": Galactic}[frm], {"icrs": ICRS, "galactic": Galactic}[to])[0]
        assert [c.__name__ for c in path] == [frm.upper() if frm == "icrs" else "Galactic", "FK5",
                                              to.upper() if to == "icrs" else "Galactic"], path
    n = 500
    special_lon = [0, 360, -10.25, 725.5, 359.99997, 1e-30, 266.40499, 192.85948, 12.85948, 180, 90]
    special_lat = [0, 0, -28.5, 60, 89.999, -89.999, -28.93617, 27.12825, -27.12825, 90, -90]
    lon = np.concatenate([special_lon, rng.uniform(0, 360, n)])
    lat = np.concatenate([special_lat, np.degrees(np.arcsin(rng.uniform(-1, 1, n)))])
    cases = {}
    for dtype in (np.float32, np.float64):
        lo, la = lon.astype(dtype), lat.astype(dtype)
        for frm, to in PATHS:
            out = check(lo, la, frm, to)
            cases[f"{frm}_to_{to}_{np.dtype(dtype).name}"] = {
                "lon": hexes(lo), "lat": hexes(la), "out_lon": hexes(out[0]), "out_lat": hexes(out[1])}
    payload = {
        "readme": "SkyCoord(lon, lat, unit='deg', frame=FROM).transform_to(TO).data.lon.deg/.lat.deg "
                  "with lon, lat given in the dtype named in each case (float32: as event columns); "
                  "checked bit for bit against the erfa s2c/rxp/c2s emulation in the script; "
                  "matrices: astropy's icrs_to_fk5, fk5_to_gal, _gal_to_fk5, fk5_to_icrs for FK5(J2000), "
                  f"row-major. Floats in float.hex() ({VERSIONS}; {HOW})",
        "matrices": {k: hexes(v) for k, v in MATRICES.items()},
        "cases": cases,
    }
    write(os.path.join(ROOT, "Tests/SkyTests/Fixtures/astropy_transform.json"), payload)


# --------------------------------------------------------------------------- real events
EVENT_FILES = [
    "cta-1dc/data/baseline/gps/gps_baseline_110380.fits",
    "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020136.fits.gz",
    "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020137.fits.gz",
]


def counts_map(ev, lon, lat):
    """Gammapy's counts map on a fine Galactic geometry around the events, as a hash of its
    non-zero bins, and how many events a float64 transform would put in another bin."""
    centre = SkyCoord(np.median(lon), np.median(lat), unit="deg", frame="galactic")
    skydir = (round(float(centre.l.deg), 1), round(float(centre.b.deg), 1))
    energy = MapAxis.from_energy_bounds("0.1 TeV", "100 TeV", nbin=3)
    geom = WcsGeom.create(skydir=skydir, frame="galactic", binsz=0.01, width=(5, 4), axes=[energy])
    m = Map.from_geom(geom)
    m.fill_events(ev)
    flat = m.data.ravel()
    nz = np.flatnonzero(flat)
    pairs = np.stack([nz.astype("<i8"), flat[nz].astype("<i8")], axis=1).ravel().view("<f8")
    coord = ev.map_coord(geom)
    idx32 = np.ravel_multi_index(geom.coord_to_idx(coord, clip=False)[::-1], geom.data_shape, mode="clip")
    inside = np.all(np.array(geom.coord_to_idx(coord)) >= 0, axis=0)
    wide = emulate(coord.lon.astype(np.float64), coord.lat.astype(np.float64), PATHS[("icrs", "galactic")])
    coord64 = MapCoord.create({"lon": wide[0], "lat": wide[1], "energy": coord["energy"]}, frame="galactic")
    idx64 = np.ravel_multi_index(geom.coord_to_idx(coord64)[::-1], geom.data_shape, mode="clip")
    flips = int(np.sum((idx32 != idx64) & inside))
    return {"skydir": list(skydir), "binsz": 0.01, "width": [5, 4], "energy_tev": [0.1, 100], "nbin": 3,
            "total": int(flat.sum()), "nonzero": int(len(nz)),
            "nonzero_fnv1a64": fnv1a64(pairs[0::2], pairs[1::2]), "flips_if_float64": flips}


def events():
    data = os.environ["GAMMAPY_DATA"]
    energy = MapAxis.from_energy_bounds("0.01 TeV", "1000 TeV", nbin=1)
    geom = WcsGeom.create(skydir=(0, 0), frame="galactic", binsz=0.05, width=(360, 180), axes=[energy])
    files, counts_files = {}, {}
    for name in EVENT_FILES:
        ev = EventList.read(os.path.join(data, name))
        # What Gammapy bins: fill_events -> coord_to_idx -> coord_to_pix -> MapCoord.create(frame)
        coord = ev.map_coord(geom)
        assert coord.lon.dtype == np.float32 and coord.frame == "icrs"
        gal = MapCoord.create(coord, frame="galactic")
        lon, lat = np.asarray(gal.lon), np.asarray(gal.lat)
        ref = check(coord.lon, coord.lat, "icrs", "galactic")
        assert same_bits(lon, ref[0]) and same_bits(lat, ref[1])
        # how many would differ with float64 radians (what GammaKit did before)
        wide = emulate(coord.lon.astype(np.float64), coord.lat.astype(np.float64), PATHS[("icrs", "galactic")])
        pick = np.sort(rng.choice(len(lon), size=300, replace=False))
        counts = counts_map(ev, lon, lat)
        files[name] = {
            "count": int(len(lon)),
            "fnv1a64": fnv1a64(lon, lat),
            "max_abs_float64_radians_deviation_deg": float(max(np.abs(wide[0] - lon).max(), np.abs(wide[1] - lat).max())),
            "samples": {"index": pick.tolist(), "l": hexes(lon[pick]), "b": hexes(lat[pick])},
        }
        counts_files[name] = counts
        print(name, files[name]["count"], files[name]["fnv1a64"], files[name]["max_abs_float64_radians_deviation_deg"],
              {k: v for k, v in counts.items() if k != "nonzero_fnv1a64"})
    payload = {
        "readme": "Galactic l, b in degrees of every event as Gammapy bins them: "
                  "MapCoord.create(events.map_coord(geom), frame='galactic').lon/.lat for a Galactic "
                  "WcsGeom (float32 RA/DEC columns); fnv1a64: FNV-1a over the 64-bit patterns of "
                  "l0, b0, l1, b1, ...; samples at sorted random indices. Floats in float.hex() "
                  f"({VERSIONS}; {HOW})",
        "files": files,
    }
    write(os.path.join(ROOT, "Tests/DL3Tests/Fixtures/galactic-events-reference.json"), payload)
    write(os.path.join(ROOT, "Tests/MakersTests/Fixtures/galactic-counts-reference.json"), {
        "readme": "Map.from_geom(WcsGeom.create(skydir, frame='galactic', binsz, width, axes=[energy "
                  "0.1-100 TeV, nbin bins])).fill_events(EventList.read(file)): total, number of non-zero "
                  "bins and FNV-1a over the (flat C-order index, count) int64 pairs of the non-zero bins; "
                  "flips_if_float64: events that a float64 transform of RA/DEC would put in another bin "
                  f"({VERSIONS}; {HOW})",
        "files": counts_files,
    })


def write(path, payload):
    with open(path, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


if __name__ == "__main__":
    synthetic()
    events()
