import Foundation
import Sky

extension WcsGeom {
    /// A geometry as Gammapy's `WcsGeom.create` makes it, with the same WCS header.
    ///
    /// - Parameters:
    ///   - skydir: Centre of the map (the WCS reference point), converted to `frame`;
    ///     `(0, 0)` in `frame` when nil.
    ///   - width: Image size in degrees, one value or `[lon, lat]`. The pixel count is
    ///     `rint(width / binsz)` (round half to even, as numpy). Nil without `npix` gives
    ///     Gammapy's all-sky default `[360, 180]`.
    ///   - binsz: Pixel size in degrees, one value or `[lon, lat]` (CDELT1 = -binsz.lon).
    ///   - npix: Pixel counts; when given, `width` is ignored (as in Gammapy).
    ///   - frame: `.icrs` (RA---/DEC-- axes, RADESYS ICRS) or `.galactic` (GLON-/GLAT-).
    ///   - proj: Any wcslib projection code: CAR, TAN, SIN, AIT, ZEA, ARC, MOL, ...
    ///   - refpix: One-based CRPIX; by default the image centre `((nx + 1) / 2, (ny + 1) / 2)`.
    ///   - axes: Non-spatial axes.
    /// - Throws: `MapError` for an unknown projection, a non-positive or non-finite width or
    ///   bin size, a bin size larger than the width (Gammapy would silently make one pixel),
    ///   or a latitude outside [-90, 90].
    public static func create(skydir: SkyCoord? = nil, width: LonLat<Double>? = nil, binsz: LonLat<Double> = 0.5,
                              npix: LonLat<Int>? = nil, frame: SkyFrame = .icrs, proj: String = "CAR",
                              refpix: LonLat<Double>? = nil, axes: [MapAxis] = []) throws -> WcsGeom {
        let code = proj.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.count == 3, WCSProjection.projectionCodes.contains(code) else {
            throw MapError(.unknownProjection, subject: "proj",
                           message: "unknown projection '\(proj)'; wcslib knows \(WCSProjection.projectionCodes.sorted().joined(separator: ", "))")
        }
        for (name, value) in [("binsz", binsz.lon), ("binsz", binsz.lat)] where !(value.isFinite && value > 0) {
            throw MapError(.invalidArgument, subject: name, message: "bin size must be a positive number of degrees, got \(binsz)")
        }
        let center = (skydir ?? SkyCoord(lon: 0, lat: 0, frame: frame)).transformed(to: frame)
        guard center.lat.isFinite, center.lon.isFinite, abs(center.lat) <= 90 else {
            throw MapError(.invalidArgument, subject: "skydir", message: "latitude must lie in [-90, 90] degrees, got \(center.lat)")
        }
        let pixels: LonLat<Int>
        if let npix {
            guard npix.lon > 0, npix.lat > 0 else {
                throw MapError(.invalidArgument, subject: "npix", message: "pixel counts must be positive, got \(npix)")
            }
            pixels = npix
        } else {
            let w = width ?? LonLat(lon: 360, lat: 180)
            for value in [w.lon, w.lat] where !(value.isFinite && value > 0) {
                throw MapError(.invalidArgument, subject: "width", message: "width must be a positive number of degrees, got \(w)")
            }
            // (a relative 1e-6 slack for widths that are a bin size computed back from pixels)
            guard binsz.lon <= w.lon * (1 + 1e-6), binsz.lat <= w.lat * (1 + 1e-6) else {
                throw MapError(.invalidArgument, subject: "binsz",
                               message: "bin size \(binsz) deg is larger than the width \(w) deg")
            }
            // numpy's rint: round half to even
            pixels = LonLat(lon: Int((w.lon / binsz.lon).rounded(.toNearestOrEven)),
                            lat: Int((w.lat / binsz.lat).rounded(.toNearestOrEven)))
        }
        let crpix = refpix ?? LonLat(lon: (Double(pixels.lon) + 1) / 2, lat: (Double(pixels.lat) + 1) / 2)
        let names = frame == .icrs ? ("RA---", "DEC--") : ("GLON-", "GLAT-")
        let wcs: WCSProjection
        do {
            wcs = try WCSProjection(ctype: (names.0 + code, names.1 + code), crval: (center.lon, center.lat),
                                    crpix: (crpix.lon, crpix.lat), cdelt: (-binsz.lon, binsz.lat),
                                    radesys: frame == .icrs ? "ICRS" : nil)
        } catch let error as SkyError {
            throw MapError(.invalidArgument, subject: "WCS", message: "wcslib rejects the projection: \(error)")
        }
        return try WcsGeom(wcs: wcs, npix: pixels, axes: MapAxes(axes))
    }

    /// A geometry with other pixel size and the same centre, width, projection and frame
    /// (Gammapy's `to_binsz`).
    public func toBinsz(_ binsz: LonLat<Double>) throws -> WcsGeom {
        try WcsGeom.create(skydir: centerSkyDir, width: width, binsz: binsz, frame: frame, proj: projection, axes: Array(axes))
    }
}
