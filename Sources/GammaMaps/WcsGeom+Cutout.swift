import Foundation
import Sky

/// How a cutout treats the map's edge (astropy's `Cutout2D` modes, as Gammapy uses them).
public enum CutoutMode: String, Sendable, CaseIterable {
    /// The cutout is trimmed to the part that overlaps the map.
    case trim
    /// The cutout keeps its full size; the part outside the map is filled (with 0 by Gammapy's
    /// `WcsNDMap.cutout`).
    case partial
    /// The cutout must lie entirely inside the map; otherwise it is an error.
    case strict
}

/// The index ranges that map a cutout onto its parent image (Gammapy's `cutout_slices`):
/// `parent[y][x]` ranges in the parent image and `cutout[y][x]` in the cutout, both in numpy
/// `(lat, lon)` order and of equal lengths.
public struct CutoutSlices: Sendable, Equatable {
    public var parentY: Range<Int>
    public var parentX: Range<Int>
    public var cutoutY: Range<Int>
    public var cutoutX: Range<Int>
}

extension WcsGeom {
    /// A geometry cut out around `position` (Gammapy's `WcsGeom.cutout`, i.e. astropy's
    /// `Cutout2D` on the image).
    ///
    /// The size in pixels is `width / pixel scale` per axis, at least `minNpix`, rounded up
    /// to an odd number with `oddNpix`, then rounded half to even; the cutout is centred on
    /// the pixel position of `position` with astropy's `overlap_slices` rule (the first pixel
    /// is `ceil(position - size / 2)`), and CRPIX is shifted accordingly. Non-spatial axes are
    /// kept.
    /// - Throws: `MapError(.noOverlap)` when the cutout misses the image, or overlaps only
    ///   partly in `strict` mode; `.invalidArgument` for a non-positive width.
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim,
                       oddNpix: Bool = false, minNpix: Double = 1) throws -> WcsGeom {
        for w in [width.lon, width.lat] where !(w.isFinite && w > 0) {
            throw MapError(.invalidArgument, subject: "width", message: "cutout width must be a positive number of degrees, got \(width)")
        }
        let scales = pixelScales
        var sizeX = max(width.lon / scales.lon, minNpix)
        var sizeY = max(width.lat / scales.lat, minNpix)
        if oddNpix {
            sizeX = Self.roundUpToOdd(sizeX)
            sizeY = Self.roundUpToOdd(sizeY)
        }
        let shape = [Int(sizeY.rounded(.toNearestOrEven)), Int(sizeX.rounded(.toNearestOrEven))]
        let p = worldToPixel(position)
        guard p.x.isFinite, p.y.isFinite else {
            throw MapError(.noOverlap, subject: "position", message: "\(position) has no pixel position in this projection")
        }
        let slices = try Self.overlapSlices(large: spatialShape, small: shape, position: [p.y, p.x], mode: mode)
        let cutoutShape = mode == .trim ? slices.large.map(\.count) : shape
        // Cutout2D: crpix -= (parent start - cutout start), per axis (x, y)
        let shiftX = Double(slices.large[1].lowerBound - slices.small[1].lowerBound)
        let shiftY = Double(slices.large[0].lowerBound - slices.small[0].lowerBound)
        let moved = try WCSProjection(
            ctype: (wcs.ctype[0], wcs.ctype[1]), crval: (wcs.crval[0], wcs.crval[1]),
            crpix: (wcs.crpix[0] - shiftX, wcs.crpix[1] - shiftY), cdelt: (wcs.cdelt[0], wcs.cdelt[1]),
            pc: wcs.pc, cd: wcs.cd, lonpole: wcs.lonpole, latpole: wcs.latpole,
            radesys: wcs.radesys, equinox: wcs.equinox)
        return try WcsGeom(wcs: moved, npix: LonLat(lon: cutoutShape[1], lat: cutoutShape[0]), axes: axes)
    }

    /// Where a map on `other` goes when it is stacked into a map on this geometry (Gammapy's
    /// `WcsNDMap.stack`): every pixel for an equal geometry, the overlap for an aligned cutout.
    public func stackingSlices(of other: WcsGeom) throws -> CutoutSlices {
        if self == other {
            return CutoutSlices(parentY: 0..<npix.lat, parentX: 0..<npix.lon, cutoutY: 0..<npix.lat, cutoutX: 0..<npix.lon)
        }
        guard isAligned(other) else {
            throw MapError(.shapeMismatch, subject: "stack", message: "can only stack equivalent maps or cutouts of the same map")
        }
        return try other.cutoutSlices(in: self)
    }

    /// Where this geometry (a cutout) lies in `parent` (Gammapy's `cutout_slices`): the
    /// overlap of the two images around this geometry's centre, by `overlap_slices`.
    public func cutoutSlices(in parent: WcsGeom, mode: CutoutMode = .partial) throws -> CutoutSlices {
        let p = parent.worldToPixel(centerSkyDir)
        let s = try Self.overlapSlices(large: parent.spatialShape, small: spatialShape, position: [p.y, p.x], mode: mode)
        return CutoutSlices(parentY: s.large[0], parentX: s.large[1], cutoutY: s.small[0], cutoutX: s.small[1])
    }

    /// astropy's `overlap_slices`: index ranges of the overlap of a small array centred at
    /// `position` (pixel centres at integers) with a large one, per dimension.
    static func overlapSlices(large: [Int], small: [Int], position: [Double], mode: CutoutMode) throws
        -> (large: [Range<Int>], small: [Range<Int>]) {
        guard position.allSatisfy(\.isFinite) else {
            throw MapError(.noOverlap, subject: "position", message: "the cutout position is not finite")
        }
        let lower = zip(position, small).map { Int((($0 - Double($1) / 2)).rounded(.up)) }
        let upper = zip(lower, small).map { $0 + $1 }
        for (d, e) in upper.enumerated() where e < 0 || (e == 0 && small.contains(where: { $0 != 0 })) {
            throw MapError(.noOverlap, subject: "cutout", message: "the cutout does not overlap the map (axis \(d))")
        }
        for (d, s) in lower.enumerated() where s >= large[d] {
            throw MapError(.noOverlap, subject: "cutout", message: "the cutout does not overlap the map (axis \(d))")
        }
        if mode == .strict {
            for d in lower.indices where lower[d] < 0 || upper[d] > large[d] {
                throw MapError(.noOverlap, subject: "cutout",
                               message: "in strict mode the cutout must lie inside the map; it overlaps only partially")
            }
        }
        var largeRanges: [Range<Int>] = [], smallRanges: [Range<Int>] = []
        for d in lower.indices {
            let l = max(0, lower[d])..<min(large[d], upper[d])
            largeRanges.append(l)
            if mode == .trim {
                smallRanges.append(0..<l.count)
            } else {
                smallRanges.append(max(0, -lower[d])..<min(large[d] - lower[d], upper[d] - lower[d]))
            }
        }
        return (largeRanges, smallRanges)
    }

    /// Gammapy's `round_up_to_odd`: `ceil(x) // 2 * 2 + 1`.
    static func roundUpToOdd(_ x: Double) -> Double {
        (x.rounded(.up) / 2).rounded(.down) * 2 + 1
    }

    /// Gammapy's `round_up_to_even`: `ceil(x + 1) // 2 * 2`.
    static func roundUpToEven(_ x: Double) -> Double {
        ((x + 1).rounded(.up) / 2).rounded(.down) * 2
    }
}
