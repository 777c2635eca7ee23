import Foundation
import Sky

/// A sky image grid in a FITS WCS projection plus non-spatial axes (Gammapy's `WcsGeom`).
///
/// Pixels are zero-based like Gammapy's pixel coordinates: pixel `(0, 0)` is centred on the
/// first data element and spans `[-0.5, 0.5]`; the WCS's CRPIX stays one-based (FITS). The
/// data layout is numpy's: `(axis[n-1], ..., axis[0], lat, lon)`, lon fastest. Angles are in
/// degrees. Only regular geometries (the same image grid in every plane) are supported.
public struct WcsGeom: MapGeometry, CustomStringConvertible {
    /// The celestial projection (CTYPE, CRVAL, CRPIX, CDELT, ...).
    public let wcs: WCSProjection
    /// Number of pixels along lon (x) and lat (y).
    public let npix: LonLat<Int>
    public let axes: MapAxes
    /// ICRS for RA/DEC axes, Galactic for GLON/GLAT.
    public let frame: SkyFrame

    /// A geometry over an existing projection. Throws when the projection is not ICRS or
    /// Galactic or a pixel count is not positive.
    public init(wcs: WCSProjection, npix: LonLat<Int>, axes: MapAxes = MapAxes()) throws {
        guard let frame = wcs.frame else {
            throw MapError(.unknownFrame, subject: "CTYPE1",
                           message: "'\(wcs.ctype[0])' is neither RA/DEC (icrs) nor GLON/GLAT (galactic)")
        }
        guard npix.lon > 0, npix.lat > 0 else {
            throw MapError(.invalidArgument, subject: "npix", message: "pixel counts must be positive, got \(npix)")
        }
        self.wcs = wcs
        self.npix = npix
        self.axes = axes
        self.frame = frame
    }

    public func withAxes(_ axes: MapAxes) throws -> WcsGeom {
        try WcsGeom(wcs: wcs, npix: npix, axes: axes)
    }

    /// `[ny, nx]`.
    public var spatialShape: [Int] { [npix.lat, npix.lon] }

    /// The projection code, e.g. `"CAR"` (Gammapy's `projection`).
    public var projection: String { wcs.projectionCode }

    /// Absolute pixel size in degrees per axis (Gammapy's `_cdelt`).
    public var binsz: LonLat<Double> { LonLat(lon: abs(wcs.cdelt[0]), lat: abs(wcs.cdelt[1])) }

    /// Image size in degrees, `|cdelt| × npix` per axis (Gammapy's `width`).
    public var width: LonLat<Double> {
        LonLat(lon: binsz.lon * Double(npix.lon), lat: binsz.lat * Double(npix.lat))
    }

    /// Pixel scales in degrees at the reference point (astropy's `proj_plane_pixel_scales`):
    /// the column norms of the pixel scale matrix, `|cdelt|` without rotation.
    public var pixelScales: LonLat<Double> {
        if let cd = wcs.cd {
            return LonLat(lon: hypot(cd[0][0], cd[1][0]), lat: hypot(cd[0][1], cd[1][1]))
        }
        let pc = wcs.pc ?? [[1, 0], [0, 1]]
        let m = [[wcs.cdelt[0] * pc[0][0], wcs.cdelt[0] * pc[0][1]], [wcs.cdelt[1] * pc[1][0], wcs.cdelt[1] * pc[1][1]]]
        return LonLat(lon: hypot(m[0][0], m[1][0]), lat: hypot(m[0][1], m[1][1]))
    }

    /// Pixel coordinate of the image centre, `((nx - 1) / 2, (ny - 1) / 2)`.
    public var centerPix: (x: Double, y: Double) {
        ((Double(npix.lon) - 1) / 2, (Double(npix.lat) - 1) / 2)
    }

    /// Sky direction of the image centre (Gammapy's `center_skydir`).
    public var centerSkyDir: SkyCoord {
        let c = centerPix
        let w = wcs.pixelToWorld(x: c.x, y: c.y)
        return SkyCoord(lon: w.lon, lat: w.lat, frame: frame)
    }

    /// Whether the image covers the whole sky (`npix × cdelt` close to 360 × 180).
    public var isAllSky: Bool {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-8 + 1e-5 * abs(b) }
        return close(Double(npix.lon) * binsz.lon, 360) && close(Double(npix.lat) * binsz.lat, 180)
    }

    /// Gammapy's `==` (`is_allclose` with `rtol = 1e-6`): same data shape, axes equal within
    /// 1e-6, and WCS parameters equal within 1e-6 (wcslib's `wcscompare`, absolute tolerance).
    public static func == (a: WcsGeom, b: WcsGeom) -> Bool {
        a.dataShape == b.dataShape && a.axes == b.axes && a.wcsEqual(b.wcs, tolerance: 1e-6, tiling: false)
    }

    /// Whether `other` has the same projection with pixel grids that line up, CRPIX differing
    /// by whole pixels only, and equal axes (Gammapy's `is_aligned`).
    public func isAligned(_ other: WcsGeom, tolerance: Double = 1e-6) -> Bool {
        axes.count == other.axes.count && zip(axes, other.axes).allSatisfy { $0 == $1 }
            && wcsEqual(other.wcs, tolerance: tolerance, tiling: true)
    }

    /// wcslib's `wcscompare` for the parameters GammaKit sets: CTYPE equal, numbers within an
    /// absolute `tolerance`; with `tiling`, CRPIX may also differ by an integer.
    func wcsEqual(_ o: WCSProjection, tolerance: Double, tiling: Bool) -> Bool {
        func eq(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance }
        guard wcs.ctype == o.ctype else { return false }
        for i in 0..<2 {
            let d = wcs.crpix[i] - o.crpix[i]
            if tiling ? !eq(d, d.rounded()) : !eq(d, 0) { return false }
            if !eq(wcs.crval[i], o.crval[i]) || !eq(wcs.cdelt[i], o.cdelt[i]) { return false }
        }
        let pa = wcs.pc ?? [[1, 0], [0, 1]], pb = o.pc ?? [[1, 0], [0, 1]]
        for i in 0..<2 { for j in 0..<2 where !eq(pa[i][j], pb[i][j]) { return false } }
        if (wcs.cd == nil) != (o.cd == nil) { return false }
        if let ca = wcs.cd, let cb = o.cd {
            for i in 0..<2 { for j in 0..<2 where !eq(ca[i][j], cb[i][j]) { return false } }
        }
        return eq(wcs.lonpole, o.lonpole) && eq(wcs.latpole, o.latpole)
    }

    public var description: String {
        let c = centerSkyDir
        return """
            WcsGeom
              axes       : \(axesNames)
              shape      : \(Array(dataShape.reversed()))
              ndim       : \(ndim)
              frame      : \(frame.rawValue)
              projection : \(projection)
              center     : \(String(format: "%.1f", c.lon)) deg, \(String(format: "%.1f", c.lat)) deg
              width      : \(String(format: "%.1f", width.lon)) deg x \(String(format: "%.1f", width.lat)) deg
              wcs ref    : \(String(format: "%.1f", wcs.crval[0])) deg, \(String(format: "%.1f", wcs.crval[1])) deg
            """
    }
}
