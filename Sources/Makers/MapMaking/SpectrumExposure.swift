import GammaMaps
import IRF
import Sky

/// The exposure of a spectrum (Gammapy's `make_map_exposure_true_energy` on a region geometry):
/// the effective area at each true-energy bin centre times the live time, in m² s. With
/// `useRegionCenter` the area is taken at the offset of the region's centre (the centre of its
/// pixel bounding box, Gammapy's `center_skydir`); without, it is the average over the pixels
/// of the region's WCS that it overlaps, weighted by the fraction of each inside the region
/// (Gammapy's `get_wcs_coord_and_weights`, 10 × 10 subpixels).
public func makeMapExposureTrueEnergy(pointing: SkyCoord, livetime: Double, aeff: EffectiveAreaTable2D,
                                      geom: RegionGeom, useRegionCenter: Bool = true) throws -> RegionNDMap<Double> {
    // Other axes may only be squashed ones (the one-bin energy axis of an edisp exposure map).
    guard let energyAxis = geom.axes.first(where: { $0.name == "energy_true" }),
          geom.axes.allSatisfy({ $0.name == "energy_true" || $0.nbin == 1 }) else {
        throw MapMakingError(.unsupported, "the exposure spectrum needs a geometry with an energy_true axis and no other axis of more than one bin; it has \(geom.axes.names)")
    }
    guard let toSquareMetres = UnitConversion.factor(from: aeff.unit, to: "m2") else {
        throw MapMakingError(.unsupported, "the effective area unit '\(aeff.unit)' does not convert to m2")
    }
    let energies = try energyCenters(energyAxis, in: "TeV")
    let area: [Double]
    if useRegionCenter {
        let offset = geom.centerSkyDir.separation(to: pointing)
        area = try aeff.evaluate(energyTrue: ShapedArray(energies), offset: ShapedArray(scalar: offset)).values
    } else {
        let pixels = try geom.wcsCoordinatesAndWeights()
        let offsets = pointing.separations(lon: pixels.lon, lat: pixels.lat, frame: pixels.frame)
        let n = offsets.count
        let values = try aeff.evaluate(energyTrue: ShapedArray(energies, shape: [energies.count, 1]),
                                       offset: ShapedArray(offsets, shape: [1, n])).values
        // numpy's average: Σ w·a / Σ w per energy, pairwise sums
        let weightSum = NumpyCompat.sum(pixels.weights)
        area = (0..<energies.count).map { e in
            NumpyCompat.sum((0..<n).map { values[e * n + $0] * pixels.weights[$0] }) / weightSum
        }
    }
    let values = area.map { a in
        let v = a * livetime
        return toSquareMetres == 1 ? v : v * toSquareMetres
    }
    return try RegionNDMap(geom: geom, data: values, unit: "m2 s",
                           meta: ["livetime": "\(livetime) s", "is_pointlike": aeff.isPointLike ? "true" : "false"])
}

/// The fraction of the PSF inside a circular ON region at each true-energy bin centre, at the
/// offset of the region's centre (Gammapy's `containment_correction` of SpectrumDatasetMaker):
/// the exposure of a spectrum is multiplied by it so that a flux fitted to the ON counts is the
/// whole source's. Point-like IRFs have no PSF to correct for, and only circles have a radius.
public func psfContainment(psf: AnyIRF, geom: RegionGeom, pointing: SkyCoord, isPointLike: Bool) throws -> [Double] {
    guard !isPointLike else { throw MapMakingError(.unsupported, "Cannot apply containment correction for point-like IRF.") }
    guard case .circle(_, let radius)? = geom.region?.shape else {
        throw MapMakingError(.unsupported, "Containment correction only supported for circular regions.")
    }
    guard let energyAxis = geom.axes.first(where: { $0.name == "energy_true" }) else {
        throw MapMakingError(.unsupported, "the containment correction needs an energy_true axis; the geometry has \(geom.axes.names)")
    }
    let energies = ShapedArray(try energyCenters(energyAxis, in: "TeV"))
    let offset = ShapedArray(scalar: geom.centerSkyDir.separation(to: pointing))
    let rad = ShapedArray(scalar: radius)
    switch psf {
    case .psfTable(let table): return try table.containment(rad: rad, energyTrue: energies, offset: offset).values
    case .psf3Gauss(let gauss): return try gauss.containment(rad: rad, energyTrue: energies, offset: offset).values
    case .psfKing(let king): return try king.containment(rad: rad, energyTrue: energies, offset: offset).values
    default: throw MapMakingError(.unsupported, "the PSF must be a psf_table, psf_3gauss or psf_king IRF, not \(psf.kind.rawValue)")
    }
}
