import Foundation
import GammaMaps
import Sky

/// Gammapy's `WobbleRegionsFinder`: `nOffRegions` copies of the ON region at the symmetric
/// positions i · 2π / (n + 1), i = 1…n, about the pointing. A copy touching excluded sky is
/// left out (a point ON region: an excluded pixel within one pixel of it). Overlapping OFF
/// regions give none at all, with a warning; the overlap of point regions is left to the RAD_MAX
/// check of the background maker.
public struct WobbleRegionsFinder: RegionsFinder {
    public var nOffRegions: Int
    public var binsz: Double
    public var warningHandler: @Sendable (String) -> Void

    public init(nOffRegions: Int, binsz: Double = 0.01, warningHandler: @escaping @Sendable (String) -> Void = { _ in }) throws {
        guard nOffRegions >= 1 else { throw RegionsFinderError("n_off_regions must be at least 1, got \(nOffRegions)") }
        guard binsz > 0 else { throw RegionsFinderError("binsz must be positive, got \(binsz) deg") }
        self.nOffRegions = nOffRegions
        self.binsz = binsz
        self.warningHandler = warningHandler
    }

    public func run(region: SkyRegion, center: SkyCoord, exclusionMask: WcsNDMap<Bool>? = nil) throws -> (regions: [SkyRegion], geom: WcsGeom) {
        let frame = try RegionsFinderFrame(region: region, center: center, binsz: binsz, exclusionMask: exclusionMask)
        let increment = 2 * Double.pi / Double(nOffRegions + 1)
        var placed: [PixelRegion] = []
        for i in 1...nOffRegions {
            let candidate = frame.region.rotated(aboutX: frame.centerX, y: frame.centerY, radians: Double(i) * increment)
            if exclusionMask != nil && isExcluded(candidate, frame) { continue }
            placed.append(candidate)
        }
        if case .point = frame.region.shape {} else if Self.overlap(placed, frame.geom) {
            warningHandler("Found overlapping off regions, returning no regions")
            return ([], frame.geom)
        }
        return (placed.map { $0.toSky(frame.geom) }, frame.geom)
    }

    private func isExcluded(_ candidate: PixelRegion, _ frame: RegionsFinderFrame) -> Bool {
        guard case .point(let x, let y) = candidate.shape else { return frame.isExcluded(candidate) }
        return zip(frame.excludedX, frame.excludedY).contains { hypot($0 - x, $1 - y) < 1 }
    }

    /// Whether two regions share a pixel of the reference image (pixel centres inside both).
    static func overlap(_ regions: [PixelRegion], _ geom: WcsGeom) -> Bool {
        let nx = geom.npix.lon, ny = geom.npix.lat
        var owner = [Int](repeating: -1, count: nx * ny)
        for (index, region) in regions.enumerated() {
            let box = region.boundingBox
            for j in stride(from: max(box.iymin, 0), to: min(box.iymax, ny), by: 1) {
                for i in stride(from: max(box.ixmin, 0), to: min(box.ixmax, nx), by: 1) where region.contains(x: Double(i), y: Double(j)) {
                    if owner[j * nx + i] >= 0 && owner[j * nx + i] != index { return true }
                    owner[j * nx + i] = index
                }
            }
        }
        return false
    }
}
