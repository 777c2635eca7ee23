import GammaMaps
import IRF
import Sky

/// The energy-dispersion map of one observation in migration (Gammapy's `make_edisp_map`): the
/// migra probability density at each pixel centre's offset from the pointing and at the bin
/// centres of the geometry's `migra` and `energy_true` axes, normalised along migra so that the
/// largest partial sum of density × Δmigra is 1.
///
/// - Parameters:
///   - geom: axes `migra` and `energy_true`, in this order.
///   - exposureMap: stored with the map, as the weight for stacking.
public func makeEDispMap(edisp: EnergyDispersion2D, pointing: SkyCoord, geom: WcsGeom,
                         exposureMap: WcsNDMap<Double>? = nil) throws -> EDispMap<WcsGeom> {
    try IRFProjection.requireAxes(["migra", "energy_true"], in: geom, for: "the EDisp map")
    let migraAxis = geom.axes[0], energyAxis = geom.axes[1]
    guard UnitConversion.isDimensionless(edisp.unit) || edisp.unit.isEmpty else {
        throw MapMakingError(.unsupported, "the energy dispersion unit '\(edisp.unit)' is not dimensionless")
    }
    let energies = try energyCenters(energyAxis, in: "TeV")
    let offsets = IRFProjection.offsets(geom, from: pointing)
    let nE = energies.count, npix = offsets.count
    // [energy_true][migra][pixel], as edisp.evaluate(energyTrue: [nE, 1, 1], migra: [1, nM, 1], offset: [1, 1, npix])
    var values = try OffsetSeparableEvaluation.evaluate(
        edisp.grid, offsetAxis: 2,
        shared: [edisp.energyAxisTrue.coordinates(energies, from: "TeV"), edisp.migraAxis.coordinates(migraAxis.centers, from: "")],
        offsets: edisp.offsetAxis.coordinates(offsets, from: "deg"))
    if let factor = UnitConversion.factor(from: edisp.unit, to: ""), factor != 1 {
        for i in values.indices { values[i] *= factor }
    }
    IRFProjection.normalize(&values, outer: nE, axis: migraAxis, inner: npix, radial: false)
    return EDispMap<WcsGeom>(edispMap: try WcsNDMap(geom: geom, data: values, unit: ""), exposureMap: exposureMap)
}

/// The energy-dispersion kernels of one observation (Gammapy's `make_edisp_kernel_map`): the
/// migration map on the IRF's own migra axis (`makeEDispMap`) turned into probabilities of the
/// reconstructed-energy bins (`EDispMap.toEDispKernelMap`; values below `threshold` → 0) — here
/// without making the migration cube (`EDispKernelFromNodes`).
///
/// - Parameters:
///   - geom: axes `energy` and `energy_true`, in this order.
///   - exposureMap: on `geom` with the energy axis squashed.
public func makeEDispKernelMap(edisp: EnergyDispersion2D, pointing: SkyCoord, geom: WcsGeom,
                               exposureMap: WcsNDMap<Double>? = nil, threshold: Double = 1e-8) throws -> EDispKernelMap<WcsGeom> {
    try IRFProjection.requireAxes(["energy", "energy_true"], in: geom, for: "the EDisp kernel map")
    let energyAxis = geom.axes[0], trueAxis = geom.axes[1]
    guard UnitConversion.isDimensionless(edisp.unit) || edisp.unit.isEmpty else {
        throw MapMakingError(.unsupported, "the energy dispersion unit '\(edisp.unit)' is not dimensionless")
    }
    // once per distinct offset (see makePSFMap), spread to the pixels
    let distinct = IRFProjection.distinctOffsets(geom, from: pointing)
    var kernel = try EDispKernelFromNodes.kernel(edisp: edisp, energies: energyCenters(trueAxis, in: "TeV"),
                                                 offsets: distinct.values,
                                                 energyAxis: energyAxis, trueAxis: trueAxis, threshold: threshold)
    if distinct.repeats { kernel = distinct.spread(kernel, planes: trueAxis.nbin * energyAxis.nbin) }
    return EDispKernelMap<WcsGeom>(edispKernelMap: try WcsNDMap(geom: geom, data: kernel, unit: ""), exposureMap: exposureMap)
}
