import Foundation
import Sky

extension WcsGeom {
    /// The same projection with other CRPIX and CDELT (everything else kept).
    func withWCS(crpix: (Double, Double), cdelt: (Double, Double), npix: LonLat<Int>, axes: MapAxes? = nil) throws -> WcsGeom {
        let moved = try WCSProjection(
            ctype: (wcs.ctype[0], wcs.ctype[1]), crval: (wcs.crval[0], wcs.crval[1]), crpix: crpix, cdelt: cdelt,
            pc: wcs.pc, cd: wcs.cd, lonpole: wcs.lonpole, latpole: wcs.latpole, radesys: wcs.radesys, equinox: wcs.equinox)
        return try WcsGeom(wcs: moved, npix: npix, axes: axes ?? self.axes)
    }

    /// Pixels `factor` times larger (Gammapy's `downsample` without `axis_name`): CDELT × factor,
    /// CRPIX → (CRPIX − 0.5) / factor + 0.5. Both pixel counts must divide by `factor`.
    public func downsample(_ factor: Int) throws -> WcsGeom {
        guard factor >= 1 else { throw MapError(.invalidArgument, subject: "factor", message: "must be at least 1, got \(factor)") }
        guard npix.lon % factor == 0, npix.lat % factor == 0 else {
            throw MapError(.invalidArgument, subject: "factor",
                           message: "spatial shape \(npix) is not divisible by \(factor) in all axes; pad before downsampling")
        }
        let f = Double(factor)
        return try withWCS(crpix: ((wcs.crpix[0] - 0.5) / f + 0.5, (wcs.crpix[1] - 0.5) / f + 0.5),
                           cdelt: (wcs.cdelt[0] * f, wcs.cdelt[1] * f),
                           npix: LonLat(lon: npix.lon / factor, lat: npix.lat / factor))
    }

    /// Pixels `factor` times smaller (Gammapy's `upsample` without `axis_name`).
    public func upsample(_ factor: Int) throws -> WcsGeom {
        guard factor >= 1 else { throw MapError(.invalidArgument, subject: "factor", message: "must be at least 1, got \(factor)") }
        let f = 1 / Double(factor)
        return try withWCS(crpix: ((wcs.crpix[0] - 0.5) / f + 0.5, (wcs.crpix[1] - 0.5) / f + 0.5),
                           cdelt: (wcs.cdelt[0] * f, wcs.cdelt[1] * f),
                           npix: LonLat(lon: npix.lon * factor, lat: npix.lat * factor))
    }

    /// The non-spatial axis `axisName` downsampled (Gammapy's `downsample(factor, axis_name)`).
    public func downsample(_ factor: Int, axisName: String) throws -> WcsGeom {
        try withAxes(axes.downsample(factor, axisName: axisName))
    }

    /// The non-spatial axis `axisName` upsampled (Gammapy's `upsample(factor, axis_name)`).
    public func upsample(_ factor: Int, axisName: String) throws -> WcsGeom {
        try withAxes(axes.upsample(factor, axisName: axisName))
    }

    /// The image grown by `width` pixels on each side (Gammapy's `_pad_spatial`): CRPIX + width.
    public func padSpatial(_ width: LonLat<Int>) throws -> WcsGeom {
        guard width.lon >= 0, width.lat >= 0 else {
            throw MapError(.invalidArgument, subject: "pad_width", message: "must not be negative, got \(width)")
        }
        return try withWCS(crpix: (wcs.crpix[0] + Double(width.lon), wcs.crpix[1] + Double(width.lat)),
                           cdelt: (wcs.cdelt[0], wcs.cdelt[1]),
                           npix: LonLat(lon: npix.lon + 2 * width.lon, lat: npix.lat + 2 * width.lat))
    }

    /// The image shrunk by `width` pixels on each side (Gammapy's `crop`): CRPIX − width.
    public func crop(_ width: LonLat<Int>) throws -> WcsGeom {
        guard width.lon >= 0, width.lat >= 0, 2 * width.lon < npix.lon, 2 * width.lat < npix.lat else {
            throw MapError(.invalidArgument, subject: "crop_width", message: "\(width) does not fit an image of \(npix) pixels")
        }
        return try withWCS(crpix: (wcs.crpix[0] - Double(width.lon), wcs.crpix[1] - Double(width.lat)),
                           cdelt: (wcs.cdelt[0], wcs.cdelt[1]),
                           npix: LonLat(lon: npix.lon - 2 * width.lon, lat: npix.lat - 2 * width.lat))
    }

    /// The axis `axisName` padded by `low` and `high` bins (Gammapy's `pad(pad_width, axis_name)`).
    public func pad(low: Int, high: Int, axisName: String) throws -> WcsGeom {
        try withAxes(axes.pad(axisName, low: low, high: high))
    }

    /// A geometry with an odd number of pixels of the largest pixel scale, at most
    /// `2 × maxRadius` wide (Gammapy's `to_odd_npix`, as used for PSF kernels).
    public func toOddNpix(maxRadius: Double? = nil) throws -> WcsGeom {
        let w = maxRadius.map { 2 * $0 } ?? max(width.lon, width.lat)
        let scale = max(pixelScales.lon, pixelScales.lat)
        let n = Int(Self.roundUpToOdd(w / scale))
        return try WcsGeom.create(skydir: centerSkyDir, binsz: LonLat(scale), npix: LonLat(n), frame: frame,
                                  proj: projection, axes: Array(axes))
    }

    /// A geometry with an even number of pixels (Gammapy's `to_even_npix`).
    public func toEvenNpix() throws -> WcsGeom {
        let scale = max(pixelScales.lon, pixelScales.lat)
        let n = Int(Self.roundUpToEven(max(width.lon, width.lat) / scale))
        return try WcsGeom.create(skydir: centerSkyDir, binsz: LonLat(scale), npix: LonLat(n), frame: frame,
                                  proj: projection, axes: Array(axes))
    }
}
