import Foundation
import GammaMaps
import Sky
import Testing
@testable import Makers

/// Offsets from an image's own reference point, and field-of-view coordinates around it, taken
/// from one computation on the image moved to (180°, 0°): they must be what the image where it
/// is gives, wherever it points.
@Suite struct CentredImageCacheTests {
    static let pointings: [(Double, Double)] = [(83.633, 22.0145), (329.717, -30.226), (228.5, -59.2), (10, 80), (300, 89.7), (0, -89.9)]

    static func image(_ lon: Double, _ lat: Double, frame: SkyFrame = .icrs, projection: String = "CAR", binsz: Double = 0.1) throws -> WcsGeom {
        try WcsGeom.create(skydir: SkyCoord(lon: lon, lat: lat, frame: frame), width: LonLat(4), binsz: LonLat(binsz), frame: frame,
                           proj: projection)
    }

    @Test(arguments: ["CAR", "TAN", "AIT"])
    func offsetsFromTheReferencePointAreThoseOfTheImageWhereItIs(projection: String) throws {
        let cache = CentredImageCache(capacity: 2)
        for (lon, lat) in Self.pointings {
            let image = try Self.image(lon, lat, projection: projection)
            let origin = SkyCoord(lon: lon, lat: lat)
            let c = image.imageCoordinates()
            let direct = origin.separations(lon: c.lon, lat: c.lat, frame: .icrs)
            let cached = try #require(cache.offsets(image, from: origin))
            #expect(cached.count == direct.count)
            let worst = zip(cached, direct).map { abs($0 - $1) }.max()!
            #expect(worst <= 1e-12, "\(projection) at (\(lon), \(lat)): \(worst) deg")
        }
        // one entry served all pointings of the same projection and pixel grid
        let other = try Self.image(10, 10, projection: projection, binsz: 0.05)
        #expect(cache.offsets(other, from: SkyCoord(lon: 10, lat: 11)) == nil)  // not its reference point
        #expect(cache.offsets(other, from: SkyCoord(lon: 10, lat: 10 + 1e-11)) == nil)
        // a centre a rounding away from the reference point, as a rebinned map's, is served
        #expect(cache.offsets(other, from: SkyCoord(lon: 10 + 3e-14, lat: 10 - 2e-14)) != nil)
        #expect(cache.offsets(other, from: SkyCoord(lon: 10, lat: 10, frame: .galactic)) == nil)
    }

    /// The offsets of a centred image are the same bit for bit at mirrored pixels (so that the
    /// IRF maps are computed once per distinct offset).
    @Test(arguments: ["CAR", "TAN", "AIT"])
    func offsetsAreExactlySymmetric(projection: String) throws {
        let image = try Self.image(228.5, -59.2, projection: projection)
        let offsets = try #require(CentredImageCache(capacity: 1).offsets(image, from: SkyCoord(lon: 228.5, lat: -59.2)))
        let nx = image.npix.lon, ny = image.npix.lat
        #expect(nx == ny)
        for j in 0..<ny {
            for i in 0..<nx {
                let v = offsets[j * nx + i]
                #expect(v == offsets[j * nx + nx - 1 - i] && v == offsets[(ny - 1 - j) * nx + i])
                if projection != "AIT" { #expect(v == offsets[i * nx + j]) }
            }
        }
        #expect(DistinctOffsets(offsets).values.count <= (nx / 2) * (nx / 2 + 1) / 2 + (projection == "AIT" ? nx * nx / 4 : 0))
    }

    @Test(arguments: [FoVLongitudeConvention.skyOffsetFrame, .gammapyFoVFrame])
    func fovOffsetsAroundTheReferencePointAreThoseOfTheImageWhereItIs(convention: FoVLongitudeConvention) throws {
        let cache = CentredImageCache(capacity: 2)
        for projection in ["CAR", "TAN"] {
            for (lon, lat) in Self.pointings {
                let image = try Self.image(lon, lat, projection: projection)
                let origin = SkyCoord(lon: lon, lat: lat)
                let c = image.imageCoordinates()
                let direct = SkyCoord.fovOffsets(of: c.lon, lat: c.lat, frame: .icrs, origin: origin, convention: convention)
                let cached = try #require(cache.fovOffsets(image, origin: origin, convention: convention), "\(projection) at (\(lon), \(lat))")
                let worstLon = zip(cached.lon, direct.lon).map { abs(Angle.wrap($0 - $1, at: 180)) }.max()!
                let worstLat = zip(cached.lat, direct.lat).map { abs($0 - $1) }.max()!
                #expect(worstLon <= 1e-11 && worstLat <= 1e-12, "\(projection) at (\(lon), \(lat)): \(worstLon), \(worstLat) deg")
            }
        }
    }

    /// An image turned on the sky (LONPOLE set) meets it otherwise than its moved copy: the
    /// probe sees it and the caller computes the offsets itself.
    @Test func aRotatedImageIsNotServed() throws {
        let wcs = try WCSProjection(ctype: ("RA---TAN", "DEC--TAN"), crval: (83.633, 22.0145), crpix: (20.5, 20.5), cdelt: (-0.1, 0.1),
                                    lonpole: 150)
        let image = try WcsGeom(wcs: wcs, npix: LonLat(lon: 40, lat: 40))
        let origin = SkyCoord(lon: 83.633, lat: 22.0145)
        #expect(CentredImageCache(capacity: 1).fovOffsets(image, origin: origin, convention: .skyOffsetFrame) == nil)
        // separations do not depend on the turn
        let c = image.imageCoordinates()
        let direct = origin.separations(lon: c.lon, lat: c.lat, frame: .icrs)
        let cached = try #require(CentredImageCache(capacity: 1).offsets(image, from: origin))
        #expect(zip(cached, direct).map { abs($0 - $1) }.max()! <= 1e-12)
    }
}
