import Foundation
import GammaMaps
import Sky

/// Per-pixel quantities that do not depend on where an image points: a WCS maps pixels to the
/// projection's native sphere, then rotates the native sphere onto the sky, so separations of
/// pixel centres from the reference point (CRVAL) are the same for every CRVAL. Computed once
/// on the image moved to (180°, 0°) of its frame and shared by every image that differs from it
/// only in CRVAL: a reduction with one geometry centred on each observation's pointing (as
/// full_dr1_gammapy.py does) computes them once, not once per run.
///
/// So do field-of-view offsets around the reference point, when the native sphere meets the sky
/// in the same orientation at every CRVAL (north up at the reference point, which default
/// LONPOLE gives); that is checked on a few pixels of each image before its values are used.
///
/// The values differ from those computed on the image where it is (Gammapy's) by rounding only
/// (~1e-13 deg), and never depend on which image asked first. The offsets are made exactly
/// symmetric (`ImageSymmetry`), which changes them by rounding too. Not so Gammapy's solid angles:
/// their triangles take angles between position angles measured at two different corners, which
/// makes them depend on the declination (by ~5e-9 at 22°, 1.5e-6 at 80°); they are computed
/// where the image is.
final class CentredImageCache: @unchecked Sendable {
    static let shared = CentredImageCache(capacity: 8)

    /// The reference point images are moved to: away from the 0°/360° seam, where a pixel's
    /// corners would have longitudes a whole turn apart.
    static let referencePoint = (lon: 180.0, lat: 0.0)

    /// An image moved to the reference point, and its values, computed on first use.
    final class Entry: Sendable {
        let image: WcsGeom
        let offsets = Once<[Double]>()
        let distinctOffsets = Once<DistinctOffsets>()
        let fovSkyOffset = Once<FoVOffsets>()
        let fovGammapy = Once<FoVOffsets>()

        init(_ image: WcsGeom) { self.image = image }

        var origin: SkyCoord { SkyCoord(lon: CentredImageCache.referencePoint.lon, lat: CentredImageCache.referencePoint.lat, frame: image.frame) }

        func fov(_ convention: FoVLongitudeConvention) -> FoVOffsets {
            (convention == .skyOffsetFrame ? fovSkyOffset : fovGammapy).value {
                let c = image.imageCoordinates()
                let fov = SkyDirections(lon: c.lon, lat: c.lat, frame: image.frame).fovOffsets(origin: origin, convention: convention)
                return FoVOffsets(lon: fov.lon, lat: fov.lat)
            }
        }
    }

    struct FoVOffsets: Sendable {
        let lon: [Double]
        let lat: [Double]
    }

    private let capacity: Int
    private let lock = NSLock()
    private var entries: [Entry] = []  // least recently used first

    init(capacity: Int) { self.capacity = capacity }

    /// Separations (deg) of `image`'s pixel centres from `origin`, when `origin` is its
    /// reference point; nil otherwise.
    func offsets(_ image: WcsGeom, from origin: SkyCoord) -> [Double]? {
        guard Self.isReferencePoint(origin, of: image), let entry = entry(image) else { return nil }
        return Self.offsets(entry)
    }

    /// The same offsets grouped by value (`DistinctOffsets`), found once per entry.
    func distinctOffsets(_ image: WcsGeom, from origin: SkyCoord) -> DistinctOffsets? {
        guard Self.isReferencePoint(origin, of: image), let entry = entry(image) else { return nil }
        return entry.distinctOffsets.value { DistinctOffsets(Self.offsets(entry)) }
    }

    private static func offsets(_ entry: Entry) -> [Double] {
        entry.offsets.value {
            let c = entry.image.imageCoordinates()
            let separations = SkyDirections(lon: c.lon, lat: c.lat, frame: entry.image.frame).separations(from: entry.origin)
            return ImageSymmetry.symmetrised(separations, nx: entry.image.npix.lon, ny: entry.image.npix.lat)
        }
    }

    /// Field-of-view offsets (deg) of `image`'s pixel centres around `origin`, when `origin` is
    /// its reference point and the image meets the sky as its moved copy does; nil otherwise.
    func fovOffsets(_ image: WcsGeom, origin: SkyCoord, convention: FoVLongitudeConvention) -> FoVOffsets? {
        guard Self.isReferencePoint(origin, of: image), let entry = entry(image) else { return nil }
        let fov = entry.fov(convention)
        // The probe: corners and centre, from the image where it is.
        let nx = image.npix.lon, ny = image.npix.lat
        let probe = [(0, 0), (nx - 1, 0), (0, ny - 1), (nx - 1, ny - 1), (nx / 2, ny / 2)]
        let sky = image.wcs.pixelToWorld(x: probe.map { Double($0.0) }, y: probe.map { Double($0.1) })
        let direct = SkyCoord.fovOffsets(of: sky.lon, lat: sky.lat, frame: image.frame, origin: origin, convention: convention)
        for (k, (i, j)) in probe.enumerated() {
            let cached = (lon: fov.lon[j * nx + i], lat: fov.lat[j * nx + i])
            let agree = abs(Angle.wrap(cached.lon - direct.lon[k], at: 180)) <= 1e-9 && abs(cached.lat - direct.lat[k]) <= 1e-9
            // NaN (a pixel off the projection) must be NaN in both
            let bothNaN = cached.lon.isNaN && direct.lon[k].isNaN
            if !(agree || bothNaN) { return nil }
        }
        return fov
    }

    /// Whether `origin` is `image`'s reference point: to within `referenceTolerance`, as a map
    /// rebinned from a pointing-centred one (`MapDataset.create`'s IRF maps) has its centre a few
    /// 1e-14 deg from the pointing, by rounding.
    static func isReferencePoint(_ origin: SkyCoord, of image: WcsGeom) -> Bool {
        origin.frame == image.frame && abs(Angle.wrap(origin.lon - image.wcs.crval[0], at: 180)) <= referenceTolerance
            && abs(origin.lat - image.wcs.crval[1]) <= referenceTolerance
    }

    /// Degrees.
    static let referenceTolerance = 1e-12

    /// The entry for `image` moved to the reference point, made on first use; nil if the moved
    /// projection cannot be built.
    private func entry(_ image: WcsGeom) -> Entry? {
        let w = image.wcs
        guard let moved = try? WCSProjection(ctype: (w.ctype[0], w.ctype[1]), crval: Self.referencePoint, crpix: (w.crpix[0], w.crpix[1]),
                                             cdelt: (w.cdelt[0], w.cdelt[1]), pc: w.pc, cd: w.cd, radesys: w.radesys, equinox: w.equinox),
              let movedImage = try? WcsGeom(wcs: moved, npix: image.npix)
        else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let k = entries.firstIndex(where: { $0.image.wcs == moved && $0.image.npix == image.npix }) {
            let hit = entries.remove(at: k)
            entries.append(hit)
            return hit
        }
        let entry = Entry(movedImage)
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst() }
        return entry
    }
}
