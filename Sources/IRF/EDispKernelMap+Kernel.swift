import GammaMaps
import Sky

extension EDispKernelMap<WcsGeom> {
    /// The kernel at `position` (Gammapy's `get_edisp_kernel`): the nearest pixel's, or with
    /// `nearestValid` the nearest pixel's with a non-zero kernel when the pixel holding the
    /// position has none (Gammapy's `mask_nearest_position`).
    public func edispKernel(at position: SkyCoord, nearestValid: Bool) throws -> EDispKernel {
        let image = try (edispKernelMap > 0).reduceOverAxes(.logicalOr)
        var where_ = position
        let pixel = edispKernelMap.geom.worldToPixel(position)
        let i = Int((pixel.x + 0.5).rounded(.down)), j = Int((pixel.y + 0.5).rounded(.down))
        let npix = edispKernelMap.geom.npix
        let inside = i >= 0 && i < npix.lon && j >= 0 && j < npix.lat
        let valid = inside && image.data[j * npix.lon + i]
        if nearestValid, !valid, image.data.contains(true) {
            // the valid pixel centre closest to the position
            let centres = edispKernelMap.geom.imageCoordinates()
            let separations = position.separations(lon: centres.lon, lat: centres.lat, frame: edispKernelMap.geom.frame)
            var best = -1
            for k in separations.indices where image.data[k] && (best < 0 || separations[k] < separations[best]) { best = k }
            where_ = SkyCoord(lon: centres.lon[best], lat: centres.lat[best], frame: edispKernelMap.geom.frame)
        }
        guard edispKernelMap.geom.axes.names.prefix(2) == ["energy", "energy_true"] else {
            throw IRFError(.invalidData, file: "", hdu: Self.hduName,
                           message: "the energy-dispersion kernel map's axes must be (energy, energy_true), got \(edispKernelMap.geom.axes.names)")
        }
        let values = try edispKernelMap.toRegionNDMap(at: where_).data  // flat over [energy_true][energy]
        let energy = try edispKernelMap.geom.axes.axis(named: "energy"), energyTrue = try edispKernelMap.geom.axes.axis(named: "energy_true")
        return try EDispKernel(energyAxisTrue: energyTrue, energyAxis: energy, data: Array(values.prefix(energy.nbin * energyTrue.nbin)))
    }
}
