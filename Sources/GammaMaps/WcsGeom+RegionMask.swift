import Foundation
import Sky

extension WcsGeom {
    /// A boolean map that is true in the pixels whose centre lies in any of `regions`
    /// (Gammapy's `region_mask`); `inside: false` inverts it (the usual exclusion mask).
    ///
    /// Extended regions are combined into their union and projected into this geometry's
    /// WCS (`SkyRegion.toPixel`); each pixel centre is tested in pixel space, as
    /// astropy-regions' `contains` does. Pixel centres outside the projection are tested at
    /// pixel (-1, -1), as Gammapy's `get_idx` gives them. A point region marks the (up to four)
    /// pixels whose centres lie within one pixel of it on both axes (Gammapy evaluates a
    /// point source model there). The mask is the same in every plane of the non-spatial axes.
    public func regionMask(_ regions: [SkyRegion], inside: Bool = true) -> WcsNDMap<Bool> {
        let nx = npix.lon, ny = npix.lat
        var image = [Bool](repeating: false, count: nx * ny)
        let points = regions.filter { if case .point = $0.shape { return true } else { return false } }
        let extended = regions.filter { if case .point = $0.shape { return false } else { return true } }
        if !points.isEmpty {
            let pix = imagePixels()
            let world = wcs.pixelToWorld(x: pix.x, y: pix.y)
            let solid = isAllSky ? solidAngle() : nil
            for point in points {
                let p0 = worldToPixel(point.center)
                for k in image.indices where world.lon[k].isFinite && (solid?[k].isFinite ?? true) {
                    if abs(pix.x[k] - p0.x) < 1 && abs(pix.y[k] - p0.y) < 1 { image[k] = true }
                }
            }
        }
        if var union = extended.first {
            for r in extended.dropFirst() { union = union.union(r) }
            let pixel = union.toPixel(self)
            let idx = imageIndices()
            let inRegion = pixel.contains(x: idx.x, y: idx.y)
            for k in image.indices where inRegion[k] { image[k] = true }
        }
        if !inside {
            for k in image.indices { image[k].toggle() }
        }
        var data = [Bool]()
        data.reserveCapacity(dataCount)
        for _ in 0..<axes.binCount { data.append(contentsOf: image) }
        return try! WcsNDMap<Bool>(geom: self, data: data)
    }

    /// `regionMask` for regions given as a DS9 string (Gammapy accepts those too).
    public func regionMask(_ ds9: String, inside: Bool = true) throws -> WcsNDMap<Bool> {
        regionMask(try SkyRegion.parseDS9(ds9), inside: inside)
    }
}

extension WcsGeom {
    /// The fraction of each pixel inside `regions` (Gammapy's `region_weights`): the region
    /// mask of a geometry `oversamplingFactor` times finer, averaged back over each pixel.
    public func regionWeights(_ regions: [SkyRegion], oversamplingFactor: Int = 10) throws -> WcsNDMap<Double> {
        let fine = try toImage().upsample(oversamplingFactor).regionMask(regions)
        let values = try WcsNDMap<Double>(geom: fine.geom, data: fine.data.map { $0 ? 1 : 0 })
        return try values.downsample(oversamplingFactor, preserveCounts: false)
    }
}

extension RegionGeom {
    /// The centres of the pixels of `toWcsGeom()` that overlap the region, in the WCS frame, and
    /// the fraction of each inside it (Gammapy's `get_wcs_coord_and_weights`), pixels in C order.
    public func wcsCoordinatesAndWeights(factor: Int = 10) throws -> (lon: [Double], lat: [Double], frame: SkyFrame, weights: [Double]) {
        guard let region else { throw MapError(.invalidArgument, subject: "RegionGeom", message: "region definition required") }
        let image = try toWcsGeom().toImage()
        let weights = try image.regionWeights([region], oversamplingFactor: factor).data
        let centres = image.imageCoordinates()
        let inside = weights.indices.filter { weights[$0] > 0 }
        return (inside.map { centres.lon[$0] }, inside.map { centres.lat[$0] }, image.frame, inside.map { weights[$0] })
    }
}
