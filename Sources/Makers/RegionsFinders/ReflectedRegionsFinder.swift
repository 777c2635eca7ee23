import Foundation
import GammaMaps
import Sky

/// Gammapy's `ReflectedRegionsFinder`: copies of the ON region rotated about the pointing, each
/// `angle_min` (the region's angular size seen from the pointing + `minDistance`) beyond the
/// previous one, skipping by `angleIncrement` past excluded sky, starting `minDistanceInput`
/// beyond the ON region and stopping short of it on the other side. Angles are in radians.
public struct ReflectedRegionsFinder: RegionsFinder {
    public var angleIncrement: Double
    public var minDistance: Double
    public var minDistanceInput: Double
    public var maxRegionNumber: Int
    public var binsz: Double

    public init(angleIncrement: Double = 0.1, minDistance: Double = 0, minDistanceInput: Double = 0.1,
                maxRegionNumber: Int = 10000, binsz: Double = 0.01) throws {
        guard angleIncrement > 0 else { throw RegionsFinderError("angle_increment is too small: it must be positive, got \(angleIncrement) rad") }
        guard binsz > 0 else { throw RegionsFinderError("binsz must be positive, got \(binsz) deg") }
        self.angleIncrement = angleIncrement
        self.minDistance = minDistance
        self.minDistanceInput = minDistanceInput
        self.maxRegionNumber = maxRegionNumber
        self.binsz = binsz
    }

    public func run(region: SkyRegion, center: SkyCoord, exclusionMask: WcsNDMap<Bool>? = nil) throws -> (regions: [SkyRegion], geom: WcsGeom) {
        if case .point = region.shape {
            throw RegionsFinderError("the reflected-regions finder does not work with a point ON region; use the wobble finder")
        }
        let frame = try RegionsFinderFrame(region: region, center: center, binsz: binsz, exclusionMask: exclusionMask)
        let range = angleRange(region, frame)
        var regions: [SkyRegion] = []
        var angle = range.min + minDistanceInput
        while angle < range.max {
            let candidate = frame.region.rotated(aboutX: frame.centerX, y: frame.centerY, radians: angle)
            if !frame.isExcluded(candidate) {
                regions.append(candidate.toSky(frame.geom))
                if regions.count >= maxRegionNumber { break }
                angle += range.min
            } else {
                angle += angleIncrement
            }
        }
        return (regions, frame.geom)
    }

    /// Gammapy's `_get_angle_range`: the smallest rotation between consecutive regions and the
    /// largest rotation allowed.
    func angleRange(_ region: SkyRegion, _ frame: RegionsFinderFrame) -> (min: Double, max: Double) {
        let min = Self.angularSize(region, frame) + minDistance
        return (min, 2 * Double.pi - min - minDistanceInput)
    }

    /// The region's angular extent seen from the rotation centre: the spread of the directions
    /// (atan2(dx, dy)) of its pixel centres, re-wrapped when it passes ±π.
    static func angularSize(_ region: SkyRegion, _ frame: RegionsFinderFrame) -> Double {
        let mask = frame.geom.regionMask([region])
        let nx = frame.geom.npix.lon
        var angles: [Double] = []
        for (k, inside) in mask.data.enumerated() where inside {
            angles.append(atan2(frame.centerX - Double(k % nx), frame.centerY - Double(k / nx)))
        }
        guard let low = angles.min(), let high = angles.max() else { return 0 }
        if high - low <= Double.pi { return high - low }
        // astropy's wrap_at(0 rad): angles into [-2π, 0)
        let wrapped = angles.map { $0 >= 0 ? $0 - 2 * Double.pi : $0 }
        return wrapped.max()! - wrapped.min()!
    }
}
