import Foundation
import GammaMaps
import Sky

/// Places OFF regions for an ON region around a rotation centre, the pointing (Gammapy's
/// `RegionsFinder`). Regions are placed in the pixels of a TAN reference geometry centred on the
/// rotation centre and returned on the sky with that geometry.
public protocol RegionsFinder: Sendable {
    /// Bin size of the reference geometry in degrees (Gammapy's `binsz`, default 0.01°).
    var binsz: Double { get }
    /// The OFF regions; none overlap an excluded pixel of `exclusionMask` (true = usable sky).
    func run(region: SkyRegion, center: SkyCoord, exclusionMask: WcsNDMap<Bool>?) throws -> (regions: [SkyRegion], geom: WcsGeom)
}

/// What both finders compute before placing regions, as Gammapy's `RegionsFinder` helpers do.
struct RegionsFinderFrame {
    /// TAN on the rotation centre, in the ON region's frame, 4 × the centre–region separation
    /// + 0.3° wide: wide enough for every reflected region.
    let geom: WcsGeom
    /// The rotation centre in zero-based pixels.
    let centerX: Double, centerY: Double
    /// The ON region in pixels.
    let region: PixelRegion
    /// Pixel positions (column, row) of excluded pixels, after reprojecting the exclusion mask
    /// by nearest pixel (outside it: not excluded).
    let excludedX: [Double], excludedY: [Double]

    init(region sky: SkyRegion, center: SkyCoord, binsz: Double, exclusionMask: WcsNDMap<Bool>?) throws {
        let frame = sky.center.frame
        let width = 4 * sky.center.separation(to: center) + 0.3
        geom = try WcsGeom.create(skydir: center, width: LonLat(lon: width, lat: width), binsz: LonLat(lon: binsz, lat: binsz),
                                  frame: frame, proj: "TAN")
        (centerX, centerY) = geom.worldToPixel(center)
        region = sky.toPixel(geom)
        var xs: [Double] = [], ys: [Double] = []
        if let exclusionMask {
            let mask = try exclusionMask.interpToGeom(geom, fillValue: 1)
            let nx = geom.npix.lon
            for (k, usable) in mask.data.enumerated() where !usable {
                xs.append(Double(k % nx))
                ys.append(Double(k / nx))
            }
        }
        excludedX = xs
        excludedY = ys
    }

    /// Whether a placed region covers an excluded pixel centre.
    func isExcluded(_ candidate: PixelRegion) -> Bool {
        candidate.containsAny(x: excludedX, y: excludedY)
    }
}

/// Why a finder cannot run.
public struct RegionsFinderError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
