#!/usr/bin/env python
"""Reference numbers for GammaKit's Sky module, computed with astropy 8 / Gammapy 2.1.

Run with the reference venv (no network needed; IERS data come from the bundled
astropy-iers-data package):

    GAMMAPY_DATA=/work/shared/gammapy-data /tmp/gammapy-ref/bin/python \
        scripts/reference/sky_reference.py Tests/SkyTests/Fixtures

It writes one JSON file per topic into the given folder. Every file carries a "readme"
field saying how its numbers were made. NaN is written as null. The numbers are facts
about astropy's and Gammapy's results; none of this code is carried into GammaKit.
"""
import json
import os
import sys
import warnings

import numpy as np

import astropy
import astropy.units as u
import erfa
import gammapy
from astropy.coordinates import (
    AltAz,
    EarthLocation,
    Galactic,
    ICRS,
    SkyCoord,
    SkyOffsetFrame,
)
from astropy.time import Time
from astropy.utils import iers
from astropy.wcs import WCS

iers.conf.auto_download = False
warnings.simplefilter("ignore")

OUT = sys.argv[1] if len(sys.argv) > 1 else "Tests/SkyTests/Fixtures"
VERSIONS = f"astropy {astropy.__version__}, gammapy {gammapy.__version__}, pyerfa {erfa.__version__}"


def clean(x):
    """Lists of floats with NaN as None (JSON has no NaN)."""
    a = np.asarray(x, dtype=float)
    return [None if not np.isfinite(v) else float(v) for v in a.ravel()]


def write(name, payload):
    payload = {"readme": payload.pop("readme") + f" ({VERSIONS}; scripts/reference/sky_reference.py)", **payload}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", name)


rng = np.random.default_rng(20240601)


# --------------------------------------------------------------------------- frames
def frames():
    special = [
        (0.0, 90.0), (0.0, -90.0), (123.4, 90.0), (300.0, -90.0),
        (0.0, 0.0), (180.0, 0.0), (359.9999999999, 0.0), (359.999999, -45.0),
        (1e-10, 30.0), (360.0 - 1e-12, -10.0),
        (266.4049882865447, -28.936177761791473),  # Galactic centre
        (192.8594812065348, 27.12825118085622),  # NGP (FK5)
        (12.8594812065348, -27.12825118085622),  # SGP
        (83.63308333, 22.0145),  # Crab
        (228.6125, -58.771666666667),  # MSH 15-52 pointing
        (89.99999, 89.99999), (270.0, -89.999999),
    ]
    lon = np.concatenate([[p[0] for p in special], rng.uniform(0, 360, 50)])
    lat = np.concatenate([[p[1] for p in special], np.degrees(np.arcsin(rng.uniform(-1, 1, 50)))])
    icrs = SkyCoord(lon, lat, unit="deg", frame="icrs")
    gal = icrs.galactic
    # the same numbers read as Galactic coordinates, to ICRS
    gal_in = SkyCoord(lon, lat, unit="deg", frame="galactic")
    back = gal_in.icrs
    # the composed rotation matrix astropy uses (ICRS -> FK5 J2000 -> Galactic)
    from astropy.coordinates.builtin_frames.icrs_fk5_transforms import _ICRS_TO_FK5_J2000_MAT
    from astropy.coordinates.builtin_frames.galactic_transforms import fk5_to_gal
    from astropy.coordinates import FK5
    mat = fk5_to_gal(FK5(equinox="J2000"), Galactic()) @ _ICRS_TO_FK5_J2000_MAT
    write("frames.json", {
        "readme": "ICRS->Galactic: SkyCoord(lon, lat, unit='deg', frame='icrs').galactic; "
                  "Galactic->ICRS: SkyCoord(lon, lat, frame='galactic').icrs; matrix: astropy's "
                  "fk5_to_gal(FK5(J2000)) @ _ICRS_TO_FK5_J2000_MAT",
        "lon": clean(lon), "lat": clean(lat),
        "icrs_to_galactic": {"l": clean(gal.l.deg), "b": clean(gal.b.deg)},
        "galactic_to_icrs": {"ra": clean(back.ra.deg), "dec": clean(back.dec.deg)},
        "matrix_icrs_to_galactic": [list(map(float, row)) for row in mat],
    })


# --------------------------------------------------------------------------- separations
def separations():
    n = 60
    lon1 = rng.uniform(0, 360, n)
    lat1 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    lon2 = (lon1 + rng.normal(0, 3, n)) % 360
    lat2 = np.clip(lat1 + rng.normal(0, 3, n), -90, 90)
    # far pairs, antipodes and poles
    lon1[:6] = [0, 10, 0, 45, 200, 359.5]
    lat1[:6] = [90, -90, 0, 10, -30, 0]
    lon2[:6] = [180, 10, 180, 225, 20, 0.5]
    lat2[:6] = [89, -89.5, 0, -10, 30, 0]
    frame2 = np.array(["icrs" if i % 3 else "galactic" for i in range(n)])
    frame1 = np.array(["icrs" if i % 4 else "galactic" for i in range(n)])
    sep, pa = [], []
    for i in range(n):
        c1 = SkyCoord(lon1[i], lat1[i], unit="deg", frame=frame1[i])
        c2 = SkyCoord(lon2[i], lat2[i], unit="deg", frame=frame2[i])
        sep.append(c1.separation(c2).deg)
        pa.append(c1.position_angle(c2).deg)
    # directional offsets
    m = 40
    olon = rng.uniform(0, 360, m)
    olat = np.degrees(np.arcsin(rng.uniform(-1, 1, m)))
    olat[:4] = [90, -90, 89.9999, 0]
    posang = rng.uniform(-400, 400, m)
    dist = rng.uniform(0, 190, m)
    dist[4:8] = [0, 180, 1e-6, 90]
    oframe = np.array(["icrs" if i % 2 else "galactic" for i in range(m)])
    off_lon, off_lat = [], []
    for i in range(m):
        c = SkyCoord(olon[i], olat[i], unit="deg", frame=oframe[i])
        o = c.directional_offset_by(posang[i] * u.deg, dist[i] * u.deg)
        off_lon.append(o.spherical.lon.deg)
        off_lat.append(o.spherical.lat.deg)
    # batched separations from one centre (as the maps layer uses)
    centre = SkyCoord(83.63308333, 22.0145, unit="deg")
    blon = centre.ra.deg + rng.uniform(-5, 5, 100)
    blat = centre.dec.deg + rng.uniform(-5, 5, 100)
    bsep = centre.separation(SkyCoord(blon, blat, unit="deg", frame="galactic")).deg
    write("separations.json", {
        "readme": "c1.separation(c2).deg and c1.position_angle(c2).deg (c2 converted to c1's frame by "
                  "astropy); c.directional_offset_by(pa*u.deg, sep*u.deg); batch: "
                  "SkyCoord(83.63308333, 22.0145).separation(SkyCoord(lon, lat, frame='galactic'))",
        "pairs": {"lon1": clean(lon1), "lat1": clean(lat1), "frame1": frame1.tolist(),
                  "lon2": clean(lon2), "lat2": clean(lat2), "frame2": frame2.tolist(),
                  "separation": clean(sep), "position_angle": clean(pa)},
        "offsets": {"lon": clean(olon), "lat": clean(olat), "frame": oframe.tolist(),
                    "position_angle": clean(posang), "separation": clean(dist),
                    "result_lon": clean(off_lon), "result_lat": clean(off_lat)},
        "batch": {"center_ra": float(centre.ra.deg), "center_dec": float(centre.dec.deg),
                  "l": clean(blon), "b": clean(blat), "separation": clean(bsep)},
    })


# --------------------------------------------------------------------------- sky offset / FoV
def skyoffset():
    from gammapy.utils.coordinates import FoVAltAzFrame, FoVICRSFrame

    cases = []
    origins = [(83.63308333, 22.0145, "icrs"), (228.6125, -58.771666666667, "icrs"),
               (0.0, 89.5, "icrs"), (359.8, -30.0, "icrs"), (0.0, 0.0, "galactic"),
               (184.5575, -5.78434, "galactic")]
    for olon, olat, oframe in origins:
        origin = SkyCoord(olon, olat, unit="deg", frame=oframe)
        for pframe in ["icrs", "galactic"]:
            o_in_p = origin.transform_to(pframe)
            plon = o_in_p.spherical.lon.deg + rng.uniform(-8, 8, 40)
            plat = np.clip(o_in_p.spherical.lat.deg + rng.uniform(-8, 8, 40), -90, 90)
            plon[0], plat[0] = o_in_p.spherical.lon.deg, o_in_p.spherical.lat.deg
            plon[1], plat[1] = o_in_p.spherical.lon.deg + 180, -o_in_p.spherical.lat.deg  # antipode
            pts = SkyCoord(plon, plat, unit="deg", frame=pframe)
            off = pts.transform_to(SkyOffsetFrame(origin=origin))
            case = {"origin_lon": olon, "origin_lat": olat, "origin_frame": oframe,
                    "frame": pframe, "lon": clean(plon), "lat": clean(plat),
                    "offset_lon": clean(off.lon.deg), "offset_lat": clean(off.lat.deg)}
            if oframe == "icrs":
                fov = pts.transform_to(FoVICRSFrame(origin=origin))
                case["gammapy_fov_lon"] = clean(fov.fov_lon.deg)
                case["gammapy_fov_lat"] = clean(fov.fov_lat.deg)
            # inverse: offsets back to the origin's frame
            flon = rng.uniform(-10, 10, 20)
            flat = rng.uniform(-10, 10, 20)
            back = SkyCoord(flon, flat, unit="deg", frame=SkyOffsetFrame(origin=origin)).transform_to(oframe)
            case["inverse"] = {"offset_lon": clean(flon), "offset_lat": clean(flat),
                               "lon": clean(back.spherical.lon.deg), "lat": clean(back.spherical.lat.deg)}
            cases.append(case)
    # AltAz-aligned FoV frame (Gammapy's FoVAltAzFrame): the rotation is the same
    # spherical math with (az, alt) as (lon, lat); obstime/location only tag the frame.
    location = EarthLocation(lon="16d30m00.8s", lat="-23d16m18.4s", height="1835m")
    obstime = Time(53090.133185, format="mjd", scale="tt")
    frame = AltAz(location=location, obstime=obstime)
    altaz_cases = []
    for oalt, oaz in [(51.9, 196.2), (80.0, 10.0), (30.0, 359.0), (89.5, 90.0)]:
        origin = SkyCoord(az=oaz * u.deg, alt=oalt * u.deg, frame=frame)
        az = (oaz + rng.uniform(-10, 10, 30)) % 360
        alt = np.clip(oalt + rng.uniform(-6, 6, 30), -90, 90)
        pts = SkyCoord(az=az * u.deg, alt=alt * u.deg, frame=frame)
        fov = pts.transform_to(FoVAltAzFrame(origin=origin, location=location, obstime=obstime))
        off = pts.transform_to(SkyOffsetFrame(origin=origin))
        altaz_cases.append({"origin_alt": oalt, "origin_az": oaz, "alt": clean(alt), "az": clean(az),
                            "gammapy_fov_lon": clean(fov.fov_lon.deg), "gammapy_fov_lat": clean(fov.fov_lat.deg),
                            "offset_lon": clean(off.lon.deg), "offset_lat": clean(off.lat.deg)})
    write("skyoffset.json", {
        "readme": "pts.transform_to(SkyOffsetFrame(origin=origin)).lon/.lat (rotation 0); "
                  "Gammapy 2.1 FoVICRSFrame / FoVAltAzFrame fov_lon/fov_lat; inverse: "
                  "SkyCoord(flon, flat, frame=SkyOffsetFrame(origin)).transform_to(origin frame)",
        "cases": cases, "altaz_cases": altaz_cases,
    })


# --------------------------------------------------------------------------- times
def times():
    refs = [
        {"name": "hess-dr1-file", "MJDREFI": 51910, "MJDREFF": 0.000742870370370241, "TIMESYS": "TT"},
        {"name": "hess-dr1-brief", "MJDREFI": 51910, "MJDREFF": 7.428703703703703e-4, "TIMESYS": "TT"},
        {"name": "utc-2001", "MJDREFI": 51910, "MJDREFF": 0.0, "TIMESYS": "UTC"},
        {"name": "tai-2000", "MJDREFI": 51544, "MJDREFF": 0.5, "TIMESYS": "TAI"},
    ]
    mets = [0.0, 1.5, 101962602.0, 101964284.0, 123456789.123456, -86400.0 * 365, 504921604.0,
            504921605.0, 504921606.0, 567993600.0, 1.0e9]
    out_refs = []
    for r in refs:
        tref = Time(float(r["MJDREFI"]), float(r["MJDREFF"]), format="mjd", scale=r["TIMESYS"].lower())
        rows = []
        for met in mets:
            t = tref + met * u.s
            rows.append({
                "met": met,
                "tt_jd1": float(t.tt.jd1), "tt_jd2": float(t.tt.jd2),
                "mjd_tt": float(t.tt.mjd), "mjd_utc": float(t.utc.mjd), "mjd_tai": float(t.tai.mjd),
                "isot_utc": str(t.utc.isot), "isot_tt": str(t.tt.isot), "isot_tai": str(t.tai.isot),
                "met_back": float((t - tref).to_value(u.s)),
            })
        out_refs.append({**r, "ref_mjd_tt": float(tref.tt.mjd), "rows": rows})
    # UTC MJDs across the 2016-12-31 leap second and a few other dates
    mjd_utc = [57753.0 + k / 86400.0 for k in (86398.0, 86399.0, 86399.5, 86399.999)] + \
              [57754.0, 57754.0 + 1 / 86400, 41317.0, 41316.5, 38000.25, 51544.5, 60000.123456789, 62502.0, 66000.75]
    leap = []
    for m in mjd_utc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = Time(m, format="mjd", scale="utc")
            leap.append({"mjd_utc": m, "mjd_tt": float(t.tt.mjd), "mjd_tai": float(t.tai.mjd),
                         "isot_utc": str(t.isot), "isot_tt": str(t.tt.isot),
                         "tt_jd1": float(t.tt.jd1), "tt_jd2": float(t.tt.jd2)})
    # times that fall inside the leap second, given in TT
    start = Time("2016-12-31T23:59:58.5", scale="utc").tt
    inside = []
    for k in range(12):
        t = start + (0.25 * k) * u.s
        inside.append({"seconds_after": 0.25 * k, "mjd_tt": float(t.mjd), "isot_utc": str(t.utc.isot),
                       "mjd_utc": float(t.utc.mjd)})
    # seconds between two UTC times straddling the leap second (SI seconds)
    a = Time("2016-12-31T23:59:59", scale="utc")
    b = Time("2017-01-01T00:00:01", scale="utc")
    parsed = []
    for s, scale in [("2016-12-31T23:59:60.5", "utc"), ("2004-03-26T03:11:45.123", "utc"),
                     ("2000-01-01T00:00:00", "tt"), ("2001-01-01T00:00:00", "utc"), ("1999-12-31T23:59:59.999999", "tai")]:
        t = Time(s, scale=scale, format="isot")
        parsed.append({"isot": s, "scale": scale, "mjd_tt": float(t.tt.mjd), "tt_jd1": float(t.tt.jd1),
                       "tt_jd2": float(t.tt.jd2), "isot_back": str(t.isot)})
    write("times.json", {
        "readme": "tref = Time(MJDREFI, MJDREFF, format='mjd', scale=TIMESYS.lower()); t = tref + met*u.s; "
                  "mjd/isot in tt, utc, tai; met_back = (t - tref).to_value('s'). leap: Time(mjd, format='mjd', "
                  "scale='utc'); inside: Time('2016-12-31T23:59:58.5', scale='utc').tt + k*0.25 s; "
                  "parsed: Time(isot, scale=...)",
        "references": out_refs, "utc_dates": leap, "inside_leap_second": inside,
        "leap_interval": {"a_isot_utc": a.isot, "b_isot_utc": b.isot, "seconds": float((b - a).to_value(u.s))},
        "parsed": parsed,
    })


# --------------------------------------------------------------------------- Earth locations
def locations():
    from gammapy.data import observatory_locations

    rows = []
    for name, loc in observatory_locations.items():
        g = loc.to_geodetic("WGS84")
        rows.append({"name": name, "x": float(loc.x.to_value(u.m)), "y": float(loc.y.to_value(u.m)),
                     "z": float(loc.z.to_value(u.m)), "lon": float(g.lon.deg), "lat": float(g.lat.deg),
                     "height": float(g.height.to_value(u.m))})
    # the H.E.S.S. DR1 header location (GEOLON/GEOLAT/ALTITUDE strings)
    hdr = EarthLocation(lon=float("16.5002222222222") * u.deg, lat=float("-23.2717777777778") * u.deg, height=1835.0 * u.m)
    g = hdr.to_geodetic("WGS84")
    rows.append({"name": "hess-dr1-header", "x": float(hdr.x.value), "y": float(hdr.y.value), "z": float(hdr.z.value),
                 "lon": float(g.lon.deg), "lat": float(g.lat.deg), "height": float(g.height.value)})
    write("earth_locations.json", {
        "readme": "gammapy.data.observatory_locations[name].x/.y/.z (m) and .to_geodetic('WGS84'); "
                  "hess-dr1-header: EarthLocation(lon=16.5002222222222 deg, lat=-23.2717777777778 deg, height=1835 m)",
        "locations": rows,
    })


# --------------------------------------------------------------------------- AltAz
def altaz():
    from astropy.coordinates.builtin_frames.utils import get_dut1utc, get_polar_motion
    from gammapy.data import DataStore

    path = os.environ.get("GAMMAPY_DATA", "/work/shared/gammapy-data")
    ds = DataStore.from_dir(os.path.join(path, "hess-dl3-dr1"))
    obs_ids = list(ds.obs_table["OBS_ID"])
    rows = []
    observations = ds.get_observations(obs_ids, required_irf=[])
    for obs in observations:
        loc = obs.observatory_earth_location
        g = loc.to_geodetic("WGS84")
        times = [obs.tstart, obs.tmid, obs.tstop]
        pnt = obs.pointing.fixed_icrs
        alt_iers, eop = [], []
        for t in times:
            aa = obs.get_pointing_altaz(t)
            alt_iers.append((float(aa.alt.deg), float(aa.az.deg)))
            xp, yp = get_polar_motion(t)  # radians
            eop.append((float(get_dut1utc(t)), float(np.degrees(xp) * 3600), float(np.degrees(yp) * 3600)))
        rows.append({"obs_id": int(obs.obs_id), "ra": float(pnt.ra.deg), "dec": float(pnt.dec.deg),
                     "geolon": float(g.lon.deg), "geolat": float(g.lat.deg), "height": float(g.height.to_value(u.m)),
                     "x": float(loc.x.value), "y": float(loc.y.value), "z": float(loc.z.value),
                     "tt_jd1": [float(t.tt.jd1) for t in times], "tt_jd2": [float(t.tt.jd2) for t in times],
                     "iers_alt": [a for a, _ in alt_iers], "iers_az": [z for _, z in alt_iers],
                     "iers_dut1": [e[0] for e in eop], "iers_xp": [e[1] for e in eop], "iers_yp": [e[2] for e in eop]})
    # zero IERS: UT1-UTC = 0 and polar motion 0, by zeroing the columns of the bundled IERS-B table
    table = iers.IERS_B.open()
    table["UT1_UTC"] = 0.0 * table["UT1_UTC"].unit
    table["PM_x"] = 0.0 * table["PM_x"].unit
    table["PM_y"] = 0.0 * table["PM_y"].unit
    with iers.earth_orientation_table.set(table):
        for row, obs in zip(rows, observations):
            loc = obs.observatory_earth_location
            alts, azs, back_ra, back_dec = [], [], [], []
            for j in range(3):
                t = Time(row["tt_jd1"][j], row["tt_jd2"][j], format="jd", scale="tt")
                frame = AltAz(location=loc, obstime=t)
                aa = SkyCoord(row["ra"], row["dec"], unit="deg").transform_to(frame)
                alts.append(float(aa.alt.deg))
                azs.append(float(aa.az.deg))
                # inverse from a slightly different alt/az
                inv = SkyCoord(az=(aa.az.deg + 1.0) * u.deg, alt=(aa.alt.deg - 0.5) * u.deg, frame=frame).icrs
                back_ra.append(float(inv.ra.deg))
                back_dec.append(float(inv.dec.deg))
            row["zero_alt"], row["zero_az"] = alts, azs
            row["zero_inverse_ra"], row["zero_inverse_dec"] = back_ra, back_dec
        # a grid of directions at one time (batched form), and one direction at many times
        obs = observations[0]
        loc = obs.observatory_earth_location
        t = obs.tmid
        frame = AltAz(location=loc, obstime=t)
        ra = rng.uniform(0, 360, 50)
        dec = np.degrees(np.arcsin(rng.uniform(-1, 1, 50)))
        aa = SkyCoord(ra, dec, unit="deg").transform_to(frame)
        grid = {"tt_jd1": float(t.tt.jd1), "tt_jd2": float(t.tt.jd2), "x": float(loc.x.value),
                "y": float(loc.y.value), "z": float(loc.z.value), "ra": clean(ra), "dec": clean(dec),
                "alt": clean(aa.alt.deg), "az": clean(aa.az.deg)}
        ts = obs.tstart + np.linspace(0, 6 * 3600, 25) * u.s
        aa = SkyCoord(83.63308333, 22.0145, unit="deg").transform_to(AltAz(location=loc, obstime=ts))
        series = {"ra": 83.63308333, "dec": 22.0145, "tt_jd1": clean(ts.tt.jd1), "tt_jd2": clean(ts.tt.jd2),
                  "x": float(loc.x.value), "y": float(loc.y.value), "z": float(loc.z.value),
                  "alt": clean(aa.alt.deg), "az": clean(aa.az.deg)}
    write("altaz.json", {
        "readme": "H.E.S.S. DR1 pointings (all 105 runs) at tstart/tmid/tstop: iers_* = "
                  "obs.get_pointing_altaz(t) with astropy's bundled IERS data (no download), iers_dut1 (s), "
                  "iers_xp/yp (arcsec) = the UT1-UTC and polar motion astropy used there; zero_* = "
                  "SkyCoord(ra, dec).transform_to(AltAz(location, obstime)) with the IERS-B table's UT1_UTC, "
                  "PM_x, PM_y columns set to 0 (pressure 0: no refraction); zero_inverse = "
                  "SkyCoord(az+1, alt-0.5, frame=AltAz).icrs; grid: 50 directions at obs 20136's tmid; "
                  "series: the Crab at 25 times over 6 h, both with zero IERS",
        "observations": rows, "grid": grid, "series": series,
    })


# --------------------------------------------------------------------------- WCS
def wcs():
    from gammapy.maps import WcsGeom

    cases = []

    def add(name, w, nx, ny, extra_world=None):
        x = np.concatenate([np.linspace(-0.5, nx - 0.5, 7), rng.uniform(-0.5, nx - 0.5, 30), [-1000.0, 5 * nx, -3 * nx]])
        y = np.concatenate([np.linspace(-0.5, ny - 0.5, 7), rng.uniform(-0.5, ny - 0.5, 30), [-1000.0, 5 * ny, 2 * ny]])
        lon, lat = w.wcs_pix2world(x, y, 0)
        # world -> pixel at the world points found, plus a few arbitrary ones
        wl = np.concatenate([lon, extra_world[0] if extra_world else []])
        wb = np.concatenate([lat, extra_world[1] if extra_world else []])
        with np.errstate(invalid="ignore"):
            px, py = w.wcs_world2pix(wl, wb, 0)
        hdr = w.to_header()
        cases.append({
            "name": name, "ctype": list(w.wcs.ctype), "crval": [float(v) for v in w.wcs.crval],
            "crpix": [float(v) for v in w.wcs.crpix], "cdelt": [float(v) for v in w.wcs.cdelt],
            "pc": [[float(v) for v in row] for row in w.wcs.pc] if w.wcs.has_pc() and not w.wcs.has_cd() else None,
            "cd": [[float(v) for v in row] for row in w.wcs.cd] if w.wcs.has_cd() else None,
            "radesys": w.wcs.radesys, "equinox": None if not np.isfinite(w.wcs.equinox) else float(w.wcs.equinox),
            "lonpole": float(w.wcs.lonpole), "latpole": float(w.wcs.latpole),
            "x": clean(x), "y": clean(y), "lon": clean(lon), "lat": clean(lat),
            "world_lon": clean(wl), "world_lat": clean(wb), "px": clean(px), "py": clean(py),
            "header": [{"key": k, "type": type(v).__name__, "value": v, "comment": hdr.comments[k]}
                       for k, v in hdr.items()],
        })

    geoms = [
        ("gammapy-car-icrs-crab", dict(skydir=(83.63, 22.01), binsz=0.02, width=(5, 4), frame="icrs", proj="CAR")),
        ("gammapy-tan-galactic", dict(skydir=(0, 0), binsz=0.02, width=(5, 4), frame="galactic", proj="TAN")),
        ("gammapy-ait-galactic-allsky", dict(skydir=(0, 0), binsz=1.0, width=(360, 180), frame="galactic", proj="AIT")),
        ("gammapy-ait-icrs", dict(skydir=(83.633083, 22.0145), binsz=0.5, width=(60, 40), frame="icrs", proj="AIT")),
        ("gammapy-car-galactic-plane", dict(skydir=(320.3, -1.2), binsz=0.05, width=(20, 6), frame="galactic", proj="CAR")),
        ("gammapy-tan-icrs-msh", dict(skydir=(228.6125, -59.271666666667), binsz=0.02, width=(4, 4), frame="icrs", proj="TAN")),
        ("gammapy-car-icrs-pole", dict(skydir=(0.0, 89.0), binsz=0.1, width=(10, 8), frame="icrs", proj="CAR")),
    ]
    for name, kw in geoms:
        g = WcsGeom.create(**kw)
        nx, ny = g.npix[0].flat[0], g.npix[1].flat[0]
        add(name, g.wcs, int(nx), int(ny))
    for proj in ["SIN", "MOL", "ZEA", "ARC", "STG"]:
        g = WcsGeom.create(skydir=(266.4, -28.9), binsz=0.1, width=(30, 20), frame="icrs", proj=proj)
        add(f"gammapy-{proj.lower()}-icrs-gc", g.wcs, 300, 200)
    # a WCS with a PC rotation matrix, LONPOLE and FK5/EQUINOX, built directly
    w = WCS(naxis=2)
    w.wcs.ctype = ["RA---TAN", "DEC--TAN"]
    w.wcs.crval = [150.0, 2.2]
    w.wcs.crpix = [50.5, 40.5]
    w.wcs.cdelt = [-0.01, 0.01]
    th = np.radians(30.0)
    w.wcs.pc = [[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]]
    w.wcs.radesys = "FK5"
    w.wcs.equinox = 2000.0
    w.wcs.set()
    add("tan-fk5-pc-rotated", w, 100, 80)
    w = WCS(naxis=2)
    w.wcs.ctype = ["GLON-ZEA", "GLAT-ZEA"]
    w.wcs.crval = [10.0, 80.0]
    w.wcs.crpix = [20.5, 20.5]
    w.wcs.cdelt = [-0.5, 0.5]
    w.wcs.lonpole = 150.0
    w.wcs.set()
    add("zea-galactic-lonpole", w, 40, 40)
    w = WCS(naxis=2)
    w.wcs.ctype = ["RA---SIN", "DEC--SIN"]
    w.wcs.crval = [83.633083, 22.0145]
    w.wcs.crpix = [64.5, 64.5]
    w.wcs.cd = [[-0.01, 0.002], [0.001, 0.01]]
    w.wcs.radesys = "ICRS"
    w.wcs.set()
    add("sin-icrs-cd", w, 128, 128)
    write("wcs.json", {
        "readme": "WcsGeom.create(...).wcs (Gammapy) or WCS(naxis=2) set by hand; lon, lat = "
                  "wcs.wcs_pix2world(x, y, 0); px, py = wcs.wcs_world2pix(world_lon, world_lat, 0); header = "
                  "wcs.to_header() as key, Python type of the value (int, float, str), value, comment; astropy bundles "
                  "wcslib 8.x",
        "cases": cases,
    })


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    frames()
    separations()
    skyoffset()
    times()
    locations()
    altaz()
    wcs()
