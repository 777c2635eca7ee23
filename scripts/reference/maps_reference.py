#!/usr/bin/env python
"""Reference numbers for GammaKit's GammaMaps module, computed with Gammapy 2.1,
astropy 8 and astropy-regions 0.11.

Run with the reference venv:

    GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python \
        scripts/reference/maps_reference.py Tests/GammaMapsTests/Fixtures

It writes one JSON file per topic (each with a "readme" field saying how its numbers were
made; NaN is written as null) and three small gzip-compressed FITS files written by
Gammapy's own `Map.write`. The numbers are facts about Gammapy's results; none of this
code is carried into GammaKit.
"""
import gzip
import json
import os
import shutil
import sys
import warnings

import numpy as np

import astropy
import astropy.units as u
import gammapy
import regions
from astropy.coordinates import SkyCoord
from gammapy.data import EventList
from gammapy.maps import Map, MapAxis, RegionGeom, RegionNDMap, WcsGeom, WcsNDMap
from regions import (
    CircleAnnulusSkyRegion,
    PixCoord,
    CircleSkyRegion,
    EllipseSkyRegion,
    PointSkyRegion,
    PolygonSkyRegion,
    RectangleSkyRegion,
    Regions,
)

warnings.simplefilter("ignore")

OUT = sys.argv[1] if len(sys.argv) > 1 else "Tests/GammaMapsTests/Fixtures"
VERSIONS = (
    f"gammapy {gammapy.__version__}, astropy {astropy.__version__}, "
    f"regions {regions.__version__}, numpy {np.__version__}"
)
GAMMAPY_DATA = os.environ.get("GAMMAPY_DATA", "/work/shared/gammapy-data")


def clean(x):
    """Flat list of floats with NaN as None (JSON has no NaN)."""
    a = np.asarray(x, dtype=float)
    return [None if not np.isfinite(v) else float(v) for v in a.ravel()]


def runs(mask):
    """Run-length code of a boolean array in C order: [[start, length], ...] of True runs."""
    flat = np.asarray(mask, dtype=bool).ravel()
    padded = np.concatenate([[False], flat, [False]])
    change = np.flatnonzero(padded[1:] != padded[:-1])
    return [[int(s), int(e - s)] for s, e in zip(change[0::2], change[1::2])]


def header_cards(header):
    cards = []
    for key in header:
        value = header[key]
        if isinstance(value, bool):
            kind = "bool"
        elif isinstance(value, (int, np.integer)):
            kind, value = "int", int(value)
        elif isinstance(value, (float, np.floating)):
            kind, value = "float", float(value)
        else:
            kind, value = "string", str(value)
        cards.append({"key": key, "kind": kind, "value": value})
    return cards


def write(name, payload):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


def energy_axis(nbin=11):
    return MapAxis.from_energy_bounds(1, 10, nbin, unit="TeV")


# ---------------------------------------------------------------------------------------
# Geometries: WcsGeom.create arguments -> header, shape, pixel<->world, solid angle
# ---------------------------------------------------------------------------------------

GEOMS = {
    # the data-reduction tutorial geometry
    "car_icrs_005": dict(skydir=(83.63, 22.01), width=5.0, binsz=0.05, frame="icrs", proj="CAR", axes=True),
    "car_icrs_002": dict(skydir=(83.63, 22.01), width=5.0, binsz=0.02, frame="icrs", proj="CAR", axes=True),
    "tan_gal": dict(skydir=(10.5, -1.2), width=(4.0, 3.0), binsz=0.02, frame="galactic", proj="TAN", axes=False),
    "ait_gal": dict(skydir=(10.0, 30.0), width=(5.0, 4.0), binsz=0.1, frame="galactic", proj="AIT", axes=False),
    "ait_allsky": dict(skydir=(0.0, 0.0), width=None, binsz=1.0, frame="galactic", proj="AIT", axes=False),
    "sin_icrs": dict(skydir=(83.63, 22.01), width=(5.0, 4.0), binsz=0.1, frame="icrs", proj="SIN", axes=False),
    "car_gal_rect": dict(skydir=(359.5, 0.5), width=(6.0, 4.0), binsz=(0.1, 0.05), frame="galactic", proj="CAR", axes=False),
    "car_icrs_rounding": dict(skydir=(0.0, 0.0), width=(0.25, 0.35), binsz=0.1, frame="icrs", proj="CAR", axes=False),
    "zea_icrs_pole": dict(skydir=(45.0, 89.0), width=3.0, binsz=0.1, frame="icrs", proj="ZEA", axes=False),
    "mer_gal": dict(skydir=(180.0, 0.0), width=(10.0, 6.0), binsz=0.25, frame="galactic", proj="MER", axes=False),
}


def make_geom(spec):
    kwargs = dict(skydir=spec["skydir"], binsz=spec["binsz"], frame=spec["frame"], proj=spec["proj"])
    if spec["width"] is not None:
        kwargs["width"] = spec["width"]
    if spec["axes"]:
        kwargs["axes"] = [energy_axis()]
    return WcsGeom.create(**kwargs)


def geometries():
    out = {}
    rng = np.random.default_rng(42)
    for name, spec in GEOMS.items():
        geom = make_geom(spec)
        image = geom.to_image()
        ny, nx = image.data_shape
        # pixel -> world at pixel corners (a strided grid) and some random fractional pixels
        xs = np.unique(np.concatenate([np.arange(-0.5, nx, max(1, nx // 10)), [nx - 0.5]]))
        ys = np.unique(np.concatenate([np.arange(-0.5, ny, max(1, ny // 10)), [ny - 0.5]]))
        gx, gy = np.meshgrid(xs, ys)
        px = np.concatenate([gx.ravel(), rng.uniform(-0.5, nx - 0.5, 40)])
        py = np.concatenate([gy.ravel(), rng.uniform(-0.5, ny - 0.5, 40)])
        lon, lat = image.wcs.wcs_pix2world(px, py, 0)
        sc = SkyCoord(lon, lat, unit="deg", frame=geom.frame)
        # world -> pixel at random sky points around the centre (including outside)
        c = geom.center_skydir
        wl = c.data.lon.deg + rng.uniform(-0.7, 0.7, 30) * geom.width[0][0].value
        wb = np.clip(c.data.lat.deg + rng.uniform(-0.7, 0.7, 30) * geom.width[1][0].value, -89.9, 89.9)
        wx, wy = image.wcs.wcs_world2pix(wl, wb, 0)
        solid = image.solid_angle().to_value("sr")
        step_y, step_x = max(1, ny // 9), max(1, nx // 9)
        sel_y = np.arange(0, ny, step_y)
        sel_x = np.arange(0, nx, step_x)
        sep_center = SkyCoord(c.data.lon.deg + 0.3, c.data.lat.deg - 0.2, unit="deg", frame=geom.frame)
        separation = image.separation(sep_center).to_value("deg")
        out[name] = {
            "args": {k: (list(v) if isinstance(v, tuple) else v) for k, v in spec.items()},
            "header": header_cards(geom.to_header()),
            "data_shape": [int(n) for n in geom.data_shape],
            "npix": [int(np.max(geom.npix[0])), int(np.max(geom.npix[1]))],
            "center_pix": [float(v) for v in geom.center_pix],
            "center_skydir": [float(c.data.lon.deg), float(c.data.lat.deg)],
            "is_allsky": bool(geom.is_allsky),
            "pix": {"x": clean(px), "y": clean(py)},
            "world": {"lon": clean(sc.data.lon.deg), "lat": clean(sc.data.lat.deg)},
            "world_in": {"lon": clean(wl), "lat": clean(wb)},
            "pix_out": {"x": clean(wx), "y": clean(wy)},
            "solid_angle": {
                "rows": [int(v) for v in sel_y],
                "cols": [int(v) for v in sel_x],
                "values": clean(solid[np.ix_(sel_y, sel_x)]),
                "nansum": float(np.nansum(solid)),
                "nan_count": int(np.isnan(solid).sum()),
            },
            "separation": {
                "center": [float(sep_center.data.lon.deg), float(sep_center.data.lat.deg)],
                "rows": [int(v) for v in sel_y],
                "cols": [int(v) for v in sel_x],
                "values": clean(separation[np.ix_(sel_y, sel_x)]),
            },
            "contains": {
                "lon": clean(wl),
                "lat": clean(wb),
                "inside": [bool(v) for v in image.contains((wl * u.deg, wb * u.deg))],
            },
        }
    write("geometries.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}. For each geometry: "
            "WcsGeom.create(skydir, width, binsz, frame, proj[, axes=[MapAxis.from_energy_bounds(1, 10, 11, 'TeV')]]) "
            "(width null = Gammapy's all-sky default); header = geom.to_header() cards; pix/world = "
            "wcs.wcs_pix2world(x, y, 0) wrapped by SkyCoord to [0, 360); pix_out = wcs_world2pix(world_in); "
            "solid_angle = to_image().solid_angle() in sr at rows x cols (numpy index), with nansum and NaN "
            "count over the whole image; separation = to_image().separation(center) in deg; contains = "
            "to_image().contains((lon, lat))."
        ),
        "geometries": out,
    })


# ---------------------------------------------------------------------------------------
# Region masks
# ---------------------------------------------------------------------------------------

def masks():
    out = {}
    geom = make_geom(GEOMS["car_icrs_005"]).to_image()
    center = geom.center_skydir
    exclusion = geom.region_mask([CircleSkyRegion(center, 0.2 * u.deg)], inside=False)
    out["tutorial_exclusion"] = {
        "geometry": "car_icrs_005", "inside": False,
        "regions": [{"type": "circle", "frame": "icrs", "center": [float(center.ra.deg), float(center.dec.deg)], "radius": 0.2}],
        "true_runs": runs(exclusion.data), "count": int(exclusion.data.sum()),
    }
    g = make_geom(GEOMS["tan_gal"]).to_image()

    def gal(l, b):
        return SkyCoord(l, b, unit="deg", frame="galactic")

    cases = {
        "ellipse": ([EllipseSkyRegion(gal(10.2, -1.0), 1.5 * u.deg, 0.6 * u.deg, angle=30 * u.deg)],
                    [{"type": "ellipse", "frame": "galactic", "center": [10.2, -1.0], "width": 1.5, "height": 0.6, "angle": 30.0}]),
        "rectangle": ([RectangleSkyRegion(gal(11.0, -1.5), 1.2 * u.deg, 0.5 * u.deg, angle=-20 * u.deg)],
                      [{"type": "rectangle", "frame": "galactic", "center": [11.0, -1.5], "width": 1.2, "height": 0.5, "angle": -20.0}]),
        "polygon": ([PolygonSkyRegion(gal([9.5, 10.8, 11.6, 10.1], [-2.0, -2.3, -0.5, -0.2]))],
                    [{"type": "polygon", "frame": "galactic", "lon": [9.5, 10.8, 11.6, 10.1], "lat": [-2.0, -2.3, -0.5, -0.2]}]),
        "annulus": ([CircleAnnulusSkyRegion(gal(10.5, -1.2), 0.3 * u.deg, 0.8 * u.deg)],
                    [{"type": "annulus", "frame": "galactic", "center": [10.5, -1.2], "inner_radius": 0.3, "outer_radius": 0.8}]),
        "circle_icrs_on_galactic": ([CircleSkyRegion(SkyCoord(272.3, -20.5, unit="deg"), 0.4 * u.deg)],
                                    [{"type": "circle", "frame": "icrs", "center": [272.3, -20.5], "radius": 0.4}]),
        "ellipse_icrs_on_galactic": ([EllipseSkyRegion(SkyCoord(272.0, -20.6, unit="deg"), 1.0 * u.deg, 0.4 * u.deg, angle=75 * u.deg)],
                                     [{"type": "ellipse", "frame": "icrs", "center": [272.0, -20.6], "width": 1.0, "height": 0.4, "angle": 75.0}]),
        "two_circles": ([CircleSkyRegion(gal(9.8, -1.0), 0.3 * u.deg), CircleSkyRegion(gal(11.3, -2.0), 0.25 * u.deg)],
                        [{"type": "circle", "frame": "galactic", "center": [9.8, -1.0], "radius": 0.3},
                         {"type": "circle", "frame": "galactic", "center": [11.3, -2.0], "radius": 0.25}]),
        "point": ([PointSkyRegion(gal(10.513, -1.187))],
                  [{"type": "point", "frame": "galactic", "center": [10.513, -1.187]}]),
    }
    for name, (regs, desc) in cases.items():
        m = g.region_mask(regs)
        out[name] = {"geometry": "tan_gal", "inside": True, "regions": desc,
                     "true_runs": runs(m.data), "count": int(m.data.sum())}
    # compound regions via their pixel contains (as regions' CompoundSkyRegion decides)
    a = CircleSkyRegion(gal(10.3, -1.2), 0.5 * u.deg)
    b = CircleSkyRegion(gal(10.8, -1.1), 0.4 * u.deg)
    ys, xs = np.indices(g.data_shape)
    for op_name, region in {"intersection": a & b, "xor": a ^ b, "union": a | b}.items():
        # Gammapy's region_mask accepts only unions; regions decides the others itself
        inside = region.to_pixel(g.wcs).contains(PixCoord(xs.astype(float), ys.astype(float)))
        m = Map.from_geom(g, data=inside)
        out["compound_" + op_name] = {
            "geometry": "tan_gal", "inside": True, "operator": op_name,
            "regions": [{"type": "circle", "frame": "galactic", "center": [10.3, -1.2], "radius": 0.5},
                        {"type": "circle", "frame": "galactic", "center": [10.8, -1.1], "radius": 0.4}],
            "true_runs": runs(m.data), "count": int(m.data.sum()),
        }
    write("masks.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}: WcsGeom.region_mask(regions, inside) "
            "on the image of the named geometry (see geometries.json); true_runs are [start, length] runs of True "
            "in the flattened (lat, lon) C-order mask. Compound cases (Gammapy's region_mask accepts only unions) are "
            "CompoundSkyRegion(a, b, &, ^, |).to_pixel(wcs).contains(PixCoord(x, y)) at the pixel centres."
        ),
        "masks": out,
    })


# ---------------------------------------------------------------------------------------
# Cutouts
# ---------------------------------------------------------------------------------------

def cutouts():
    out = []
    geom = make_geom(GEOMS["car_icrs_005"])
    m = Map.from_geom(geom, data=np.arange(np.prod(geom.data_shape), dtype=float).reshape(geom.data_shape))
    cases = [
        ("center", (83.63, 22.01), 1.0),
        ("offset", (84.1, 21.7), (1.5, 0.7)),
        ("near_edge", (85.9, 23.9), 1.0),
        ("outside_corner", (86.5, 24.6), 1.2),
        ("odd", (83.0, 22.3), 0.53),
        ("half_pixel", (83.63, 22.035), (0.25, 0.35)),
    ]
    for label, (ra, dec), width in cases:
        for mode in ["trim", "partial", "strict"]:
            entry = {"label": label, "position": [ra, dec], "width": list(width) if isinstance(width, tuple) else [width, width], "mode": mode}
            try:
                c = m.cutout(SkyCoord(ra, dec, unit="deg"), width=width, mode=mode)
            except Exception as exc:
                entry["error"] = type(exc).__name__
                out.append(entry)
                continue
            info = c.geom.cutout_slices(geom, mode=mode)
            entry.update({
                "data_shape": [int(v) for v in c.data.shape],
                "crpix": [float(v) for v in c.geom.wcs.wcs.crpix],
                "crval": [float(v) for v in c.geom.wcs.wcs.crval],
                "parent_slices": [[int(s.start), int(s.stop)] for s in info["parent-slices"]],
                "cutout_slices": [[int(s.start), int(s.stop)] for s in info["cutout-slices"]],
                "data_sum": float(c.data.sum()),
                "data_first_plane": clean(c.data[0]) if c.data[0].size <= 900 else None,
            })
            out.append(entry)
    write("cutouts.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}: Map.from_geom(car_icrs_005 with energy axis, "
            "data = arange(size)).cutout(SkyCoord(ra, dec, icrs), width, mode); slices from geom.cutout_slices(parent, mode) "
            "as [start, stop) in (lat, lon) order; crpix is the 1-based FITS CRPIX; error names the Python exception "
            "(PartialOverlapError for strict mode outside, NoOverlapError)."
        ),
        "cutouts": out,
    })


# ---------------------------------------------------------------------------------------
# Events filled into the tutorial geometry
# ---------------------------------------------------------------------------------------

def fill_events():
    path = os.path.join(GAMMAPY_DATA, "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023592.fits.gz")
    events = EventList.read(path)
    out = {}
    for name in ["car_icrs_005", "car_icrs_002"]:
        geom = make_geom(GEOMS[name])
        m = Map.from_geom(geom)
        m.fill_events(events)
        flat = m.data.ravel()
        nz = np.flatnonzero(flat)
        out[name] = {"total": float(flat.sum()), "nonzero_index": [int(i) for i in nz],
                     "nonzero_value": [float(flat[i]) for i in nz], "event_count": len(events.table)}
    write("fill_events.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}: EventList.read(hess_dl3_dr1_obs_id_023592.fits.gz); "
            "Map.from_geom(geom).fill_events(events) for the tutorial geometries (energy 1-10 TeV, 11 log bins); "
            "nonzero bins by flat C-order index of the (energy, lat, lon) data."
        ),
        "fills": out,
    })


# ---------------------------------------------------------------------------------------
# DS9 region strings
# ---------------------------------------------------------------------------------------

def describe(region):
    d = {"class": type(region).__name__, "include": int(region.meta.get("include", 1))}
    if hasattr(region, "center"):
        c = region.center
        d["frame"] = c.frame.name
        d["center"] = [float(c.data.lon.deg), float(c.data.lat.deg)]
    if hasattr(region, "vertices"):
        v = region.vertices
        d["frame"] = v.frame.name
        d["lon"] = clean(v.data.lon.deg)
        d["lat"] = clean(v.data.lat.deg)
    for attr in ["radius", "inner_radius", "outer_radius", "width", "height", "angle"]:
        if hasattr(region, attr):
            d[attr] = float(getattr(region, attr).to_value("deg"))
    return d


def ds9():
    strings = [
        "icrs;circle(83.63,22.01,0.2)",
        "galactic;ellipse(10.5,-1.2,0.3,0.1,30)",
        "galactic;box(0.5,0.2,1,2,10)",
        "icrs;polygon(83.0,22.0,84.0,22.0,84.0,23.0)",
        "galactic;annulus(0,0,0.1,0.3)",
        "icrs;point(83.63,22.01)",
        "icrs;circle(83.63d,22.01d,30')",
        "icrs;circle(5:34:31.94,+22:00:52.2,36\")",
        "galactic;circle(184.557,-5.784,0.5d)",
        "fk5;circle(83.63,22.01,0.2)",
        "# Region file format: DS9\nglobal color=green\nicrs\ncircle(83.63,22.01,0.2) # color=red\n-circle(83.7,22.1,0.05)\nbox(83.5,22.2,0.4,0.2,0)",
        "icrs;circle(1.5r,0.3r,0.01r)",
    ]
    out = []
    for s in strings:
        regs = Regions.parse(s, format="ds9")
        out.append({"string": s, "regions": [describe(r) for r in regs]})
    serialized = []
    regs = [
        CircleSkyRegion(SkyCoord(83.63, 22.01, unit="deg"), 0.2 * u.deg),
        EllipseSkyRegion(SkyCoord(10.5, -1.2, unit="deg", frame="galactic"), 0.6 * u.deg, 0.2 * u.deg, angle=30 * u.deg),
        RectangleSkyRegion(SkyCoord(0.5, 0.2, unit="deg", frame="galactic"), 1 * u.deg, 2 * u.deg, angle=10 * u.deg),
        PolygonSkyRegion(SkyCoord([83.0, 84.0, 84.0], [22.0, 22.0, 23.0], unit="deg")),
        CircleAnnulusSkyRegion(SkyCoord(0, 0, unit="deg", frame="galactic"), 0.1 * u.deg, 0.3 * u.deg),
        PointSkyRegion(SkyCoord(83.63, 22.01, unit="deg")),
    ]
    for r in regs:
        serialized.append({"region": describe(r), "ds9": r.serialize(format="ds9")})
    serialized_list = Regions(regs[:3]).serialize(format="ds9")
    write("regions_ds9.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}: Regions.parse(string, format='ds9') "
            "described by class, frame, centre/vertices in deg and sizes/angles in deg; serialize(format='ds9') "
            "of single regions and of a list (precision 8)."
        ),
        "parsed": out,
        "serialized": serialized,
        "serialized_list": serialized_list,
    })


# ---------------------------------------------------------------------------------------
# Region geometries
# ---------------------------------------------------------------------------------------

def region_geoms():
    out = {}
    cases = {
        "circle_icrs": "icrs;circle(83.63,22.01,0.2)",
        "circle_gal": "galactic;circle(184.557,-5.784,0.5)",
        "ellipse_gal": "galactic;ellipse(10.5,-1.2,0.3,0.1,30)",
        "box_icrs": "icrs;box(83.63,22.01,1,0.5,20)",
        "annulus_icrs": "icrs;annulus(83.63,22.01,0.3,0.5)",
        "point_icrs": "icrs;point(83.63,22.01)",
    }
    rng = np.random.default_rng(7)
    for name, s in cases.items():
        geom = RegionGeom.create(s, axes=[energy_axis(3)])
        c = geom.center_skydir
        lon = c.data.lon.deg + rng.uniform(-0.7, 0.7, 40)
        lat = c.data.lat.deg + rng.uniform(-0.7, 0.7, 40)
        frame = c.frame.name
        inside = geom.contains(SkyCoord(lon, lat, unit="deg", frame=frame))
        entry = {
            "ds9": s,
            "wcs_header": header_cards(geom.wcs.to_header()),
            "width": [float(v) for v in geom.width.to_value("deg")],
            "center_skydir": [float(c.data.lon.deg), float(c.data.lat.deg)],
            "frame": frame,
            "data_shape": [int(v) for v in geom.data_shape],
            "contains": {"lon": clean(lon), "lat": clean(lat), "inside": [bool(v) for v in np.ravel(inside)]},
        }
        if name != "point_icrs":
            entry["solid_angle"] = float(geom.solid_angle().to_value("sr"))
            entry["bin_volume"] = clean(geom.bin_volume().to_value("TeV sr"))
        out[name] = entry
    write("region_geoms.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}: RegionGeom.create(ds9 string, "
            "axes=[MapAxis.from_energy_bounds(1, 10, 3, 'TeV')]); wcs_header = geom.wcs.to_header(); width in deg; "
            "solid_angle in sr; bin_volume in TeV sr (numpy order); contains(SkyCoord in the region's frame)."
        ),
        "geoms": out,
    })


# ---------------------------------------------------------------------------------------
# Map operations on small maps
# ---------------------------------------------------------------------------------------

def map_ops():
    out = {}
    axis = MapAxis.from_energy_bounds(1, 10, 4, unit="TeV")
    geom = WcsGeom.create(skydir=(266.4, -28.9), width=(0.8, 0.6), binsz=0.1, frame="icrs", proj="CAR", axes=[axis])
    rng = np.random.default_rng(3)
    data = rng.uniform(0, 10, geom.data_shape).astype(np.float32)
    data[1, 2, 3] = np.nan
    m = Map.from_geom(geom, data=data, unit="cm-2 s-1")
    out["geom_header"] = header_cards(geom.to_header())
    out["data"] = clean(data)
    out["data_shape"] = [int(v) for v in data.shape]

    # interp_by_coord
    lon = 266.4 + rng.uniform(-0.5, 0.5, 30)
    lat = -28.9 + rng.uniform(-0.4, 0.4, 30)
    energy = 10 ** rng.uniform(-0.1, 1.1, 30)
    coords = {"lon": lon, "lat": lat, "energy": energy * u.TeV}
    out["interp"] = {
        "lon": clean(lon), "lat": clean(lat), "energy": clean(energy),
        "linear_none": clean(m.interp_by_coord(coords, method="linear")),
        "linear_fill0": clean(m.interp_by_coord(coords, method="linear", fill_value=0)),
        "nearest_none": clean(m.interp_by_coord(coords, method="nearest")),
        "nearest_fillnan": clean(m.interp_by_coord(coords, method="nearest", fill_value=np.nan)),
    }
    out["sum_over_axes"] = clean(m.sum_over_axes(keepdims=True).data)
    # np.maximum has no identity, so Gammapy's reduce (where=~isnan) cannot use it on floats
    out["reduce_or"] = [bool(v) for v in (m > 5 * u.Unit("cm-2 s-1")).reduce_over_axes(func=np.logical_or, keepdims=False).data.ravel()]
    out["slice_energy_1_3"] = clean(m.slice_by_idx({"energy": slice(1, 3)}).data)
    out["image_by_idx_2"] = clean(m.get_image_by_idx((2,)).data)
    out["downsample2_preserve"] = {"data": clean(m.downsample(2, preserve_counts=True).data),
                                   "header": header_cards(m.downsample(2).geom.to_header())}
    out["downsample2_mean"] = clean(m.downsample(2, preserve_counts=False).data)
    out["downsample_energy2"] = clean(m.downsample(2, axis_name="energy").data)
    up = m.upsample(2, preserve_counts=True)
    out["upsample2_preserve"] = {"data": clean(up.data), "header": header_cards(up.geom.to_header())}
    out["upsample2_plain"] = clean(m.upsample(2, preserve_counts=False).data)
    out["upsample_energy2"] = clean(m.upsample(2, axis_name="energy").data)
    padded = m.pad(2, cval=-1)
    out["pad2"] = {"data": clean(padded.data), "header": header_cards(padded.geom.to_header())}
    out["pad_energy"] = {"data": clean(m.pad((1, 2), axis_name="energy").data),
                         "edges": clean(m.pad((1, 2), axis_name="energy").geom.axes["energy"].edges.value)}
    out["squash_header"] = header_cards(geom.squash("energy").to_header())

    # interp_to_geom (linear, and a nearest-neighbour reprojection of a mask)
    target = WcsGeom.create(skydir=SkyCoord(266.42, -28.88, unit="deg"), width=(0.5, 0.4), binsz=0.04, frame="galactic", proj="TAN", axes=[axis])
    out["interp_to_geom"] = {"target_header": header_cards(target.to_header()),
                             "linear": clean(m.interp_to_geom(target).data),
                             "nearest": clean(m.interp_to_geom(target, method="nearest").data)}
    mask_geom = WcsGeom.create(skydir=(266.4, -28.9), width=2.0, binsz=0.02, frame="icrs", proj="CAR")
    mask = mask_geom.region_mask([CircleSkyRegion(SkyCoord(266.6, -28.7, unit="deg"), 0.3 * u.deg)], inside=False)
    mask_target = WcsGeom.create(skydir=(359.9, -0.05), width=(1.5, 1.2), binsz=0.05, frame="galactic", proj="TAN")
    reproj = mask.interp_to_geom(mask_target, method="nearest")
    out["mask_interp_to_geom"] = {"target_header": header_cards(mask_target.to_header()),
                                  "source_header": header_cards(mask_geom.to_header()),
                                  "source_true_runs": runs(mask.data),
                                  "true_runs": runs(reproj.data), "dtype": str(reproj.data.dtype)}

    # resample onto a coarser aligned geometry and stacking of a cutout
    coarse = WcsGeom.create(skydir=(266.4, -28.9), width=(0.8, 0.6), binsz=0.2, frame="icrs", proj="CAR", axes=[axis])
    out["resample_coarse"] = clean(m.resample(coarse).data)
    cut = m.cutout(SkyCoord(266.45, -28.85, unit="deg"), width=0.3)
    base = Map.from_geom(geom, unit="cm-2 s-1")
    base.stack(cut)
    out["stack_cutout"] = clean(base.data)

    # fill_by_coord with weights
    fill = Map.from_geom(geom)
    fill.fill_by_coord(coords, weights=np.linspace(0.5, 2.0, 30))
    out["fill_weighted"] = clean(fill.data)

    # arithmetic
    out["arith_add_scalar"] = clean((m + 2 * u.Unit("cm-2 s-1")).data)
    image = Map.from_geom(geom.to_image(), data=np.arange(48, dtype=np.float32).reshape(6, 8))
    out["image_data"] = clean(image.data)

    write("map_ops.json", {
        "readme": (
            f"Made by scripts/reference/maps_reference.py with {VERSIONS}: a float32 WcsNDMap on a small CAR "
            "geometry (lon 266.4, lat -28.9 icrs, width (0.8, 0.6), binsz 0.1, energy 1-10 TeV in 4 log bins), data "
            "uniform(0, 10) from numpy default_rng(3) with one NaN at [1, 2, 3]; results of interp_by_coord, "
            "sum_over_axes, reduce_over_axes(np.logical_or) of (map > 5), slice_by_idx, get_image_by_idx, downsample, upsample, pad, "
            "interp_to_geom, resample, stack, fill_by_coord, all flattened in numpy C order."
        ),
        "ops": out,
    })


# ---------------------------------------------------------------------------------------
# FITS files written by Gammapy
# ---------------------------------------------------------------------------------------

def gzip_file(path):
    with open(path, "rb") as src, open(path + ".gz", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as dst:
            shutil.copyfileobj(src, dst)
    os.remove(path)
    print(f"wrote {path}.gz ({os.path.getsize(path + '.gz')} bytes)")


def gammapy_files():
    axis = MapAxis.from_energy_bounds(0.5, 50, 3, unit="TeV")
    geom = WcsGeom.create(skydir=(184.557, -5.784), width=(1.2, 1.0), binsz=0.1, frame="galactic", proj="TAN", axes=[axis])
    data = np.arange(np.prod(geom.data_shape), dtype=np.float32).reshape(geom.data_shape) * 0.5
    m = Map.from_geom(geom, data=data, unit="cm-2 s-1 TeV-1")
    path = os.path.join(OUT, "gammapy_cube.fits")
    m.write(path, overwrite=True)
    gzip_file(path)

    mgeom = WcsGeom.create(skydir=(83.63, 22.01), width=1.0, binsz=0.1, frame="icrs", proj="CAR")
    mask = mgeom.region_mask([CircleSkyRegion(SkyCoord(83.63, 22.01, unit="deg"), 0.25 * u.deg)], inside=False)
    path = os.path.join(OUT, "gammapy_mask.fits")
    mask.write(path, overwrite=True, hdu="MASK_FIT")
    gzip_file(path)

    rgeom = RegionGeom.create("icrs;circle(83.63,22.01,0.2)", axes=[MapAxis.from_energy_bounds(1, 10, 4, unit="TeV")])
    rmap = RegionNDMap.from_geom(rgeom, data=np.array([3.0, 1.5, 0.25, 0.0]).reshape(rgeom.data_shape), unit="TeV-1")
    path = os.path.join(OUT, "gammapy_region.fits")
    rmap.write(path, overwrite=True)
    gzip_file(path)
    with open(os.path.join(OUT, "gammapy_files.json"), "w") as f:
        json.dump({
            "readme": (
                f"Written by scripts/reference/maps_reference.py with {VERSIONS} through Gammapy's own Map.write, then "
                "gzip -9. gammapy_cube: float32 data = 0.5 * arange, unit 'cm-2 s-1 TeV-1', TAN galactic (184.557, -5.784), "
                "width (1.2, 1.0), binsz 0.1, energy 0.5-50 TeV in 3 log bins, PRIMARY + PRIMARY_BANDS. gammapy_mask: "
                "bool exclusion mask (circle 0.25 deg at the centre excluded) on CAR icrs (83.63, 22.01) width 1 binsz 0.1 "
                "written to HDU MASK_FIT. gammapy_region: RegionNDMap of icrs;circle(83.63,22.01,0.2) with energy 1-10 TeV "
                "in 4 bins, data [3, 1.5, 0.25, 0], unit 'TeV-1' (SKYMAP, SKYMAP_BANDS, SKYMAP_REGION)."
            ),
            "cube": {"header": header_cards(geom.to_header()), "data_shape": [int(v) for v in geom.data_shape],
                     "unit": "cm-2 s-1 TeV-1", "edges": clean(axis.edges.value)},
            "mask": {"header": header_cards(mgeom.to_header()), "true_runs": runs(mask.data)},
            "region": {"wcs_header": header_cards(rgeom.wcs.to_header()), "data": [3.0, 1.5, 0.25, 0.0]},
        }, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    geometries()
    masks()
    cutouts()
    fill_events()
    ds9()
    region_geoms()
    map_ops()
    gammapy_files()
