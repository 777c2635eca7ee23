import Sky

extension Map where Geometry == WcsGeom, Element == Double {
    /// The map's values at the pixel nearest to `position`, for every non-spatial bin, as a
    /// region map on that point (Gammapy's `to_region_nd_map(region=position, method="nearest")`);
    /// outside the map, the edge pixel's values.
    public func toRegionNDMap(at position: SkyCoord) throws -> RegionNDMap<Double> {
        let n = geom.axes.binCount
        var axes: [String: [Double]] = [:]
        var stride = 1
        for axis in geom.axes {
            axes[axis.name] = (0..<n).map { axis.centers[($0 / stride) % axis.nbin] }
            stride *= axis.nbin
        }
        let coord = try MapCoord(lon: [Double](repeating: position.lon, count: n), lat: [Double](repeating: position.lat, count: n),
                                 frame: position.frame, axes: axes)
        let values = try interpByCoord(coord, method: .nearest)
        let region = try RegionGeom(region: SkyRegion(.point(center: position)), axes: geom.axes)
        return try RegionNDMap(geom: region, data: values, unit: unit)
    }
}
