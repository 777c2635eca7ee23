import DL3
import GammaMaps
import IRF
import Sky

extension MapDatasetMaker {
    /// The predicted background of a spectrum (Gammapy's `make_map_background_irf` on a region
    /// geometry): the background rate integrated over each reconstructed-energy bin, times the
    /// observation time and
    /// - with `useRegionCenter`, the rate at the region's centre (`center_skydir`) times the
    ///   region's solid angle;
    /// - without, Σ weight × rate × pixel solid angle over the pixels of the region's WCS that
    ///   it overlaps (weights: the fraction of each inside, 10 × 10 subpixels).
    ///
    /// Both are the sky-map background (`makeBackground(geom:observation:)`, with this maker's
    /// background options) on WCS pixels: one pixel at the centre, rescaled from its solid angle
    /// to the region's, or the region's own WCS.
    public func makeBackground(geom: RegionGeom, observation: Observation, useRegionCenter: Bool) throws -> RegionNDMap<Double> {
        guard let region = geom.region, let regionWCS = geom.wcsGeom else {
            throw MapMakingError(.missingGeometry, "the background spectrum needs a region geometry with a region")
        }
        let values: [Double]
        if useRegionCenter {
            let pixel = try WcsGeom.create(skydir: geom.centerSkyDir, binsz: regionWCS.pixelScales, npix: LonLat(lon: 1, lat: 1),
                                           frame: geom.frame, proj: RegionGeom.projection, axes: Array(geom.axes))
            let map = try makeBackground(geom: pixel, observation: observation)
            let scale = try geom.solidAngle() / pixel.solidAngle()[0]
            values = map.data.map { $0 * scale }
        } else {
            let wcs = try geom.toWcsGeom()
            let map = try makeBackground(geom: wcs, observation: observation)
            let weights = try wcs.toImage().regionWeights([region]).data
            let plane = weights.count
            let inside = weights.indices.filter { weights[$0] > 0 }
            values = (0..<(map.data.count / plane)).map { e in
                NumpyCompat.sum(inside.map { weights[$0] * map.data[e * plane + $0] })
            }
        }
        return try RegionNDMap(geom: geom, data: values, unit: "")
    }
}
