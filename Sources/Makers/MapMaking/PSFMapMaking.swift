import GammaMaps
import IRF
import Sky

/// The PSF map of one observation (Gammapy's `make_psf_map`): the PSF evaluated at each pixel
/// centre's offset from the pointing, at the bin centres of the geometry's `rad` and
/// `energy_true` axes, and normalised along rad so that Σ value × 2π·rad × Δrad = 1 at its
/// largest partial sum (values in deg⁻²).
///
/// - Parameters:
///   - psf: a `.psfTable`, `.psf3Gauss` or `.psfKing` IRF.
///   - pointing: the pointing direction (Gammapy passes `get_pointing_icrs(tmid)`).
///   - geom: the PSF geometry, axes `rad` (deg) and `energy_true`, in this order.
///   - exposureMap: stored with the PSF, as the weight for stacking.
public func makePSFMap(psf: AnyIRF, pointing: SkyCoord, geom: WcsGeom, exposureMap: WcsNDMap<Double>? = nil) throws -> PSFMap<WcsGeom> {
    try IRFProjection.requireAxes(["rad", "energy_true"], in: geom, for: "the PSF map")
    let radAxis = geom.axes[0], energyAxis = geom.axes[1]
    let energies = try energyCenters(energyAxis, in: "TeV")
    let rad = try angleCenters(radAxis)
    // once per distinct offset (a pointing-centred map's symmetric pixels share theirs), spread
    // to the pixels at the end: every value depends on its pixel's offset alone
    let distinct = IRFProjection.distinctOffsets(geom, from: pointing)
    let offsets = distinct.values
    let nE = energies.count, npix = offsets.count
    // [energy_true][rad][pixel]: numpy's data order for axes (rad, energy_true)
    var values: [Double]
    switch psf {
    case .psfTable(let table):
        // [energy_true][rad][pixel], as table.evaluate(energyTrue: [nE, 1, 1], offset: [1, 1, npix], rad: [1, nR, 1])
        values = try OffsetSeparableEvaluation.evaluate(
            table.grid, offsetAxis: 1,
            shared: [table.energyAxisTrue.coordinates(energies, from: "TeV"), table.radAxis.coordinates(rad, from: "deg")],
            offsets: table.offsetAxis.coordinates(offsets, from: "deg"))
    case .psf3Gauss(let gauss):
        values = try gauss.evaluateSquareDegrees(energyTrue: energies, offsets: offsets, rad: rad)
    case .psfKing(let king):
        values = try king.evaluateSquareDegrees(energyTrue: energies, offsets: offsets, rad: rad)
    default:
        throw MapMakingError(.unsupported, "the PSF must be a psf_table, psf_3gauss or psf_king IRF, not \(psf.kind.rawValue)")
    }
    IRFProjection.normalize(&values, outer: nE, axis: radAxis, inner: npix, radial: true)
    if distinct.repeats { values = distinct.spread(values, planes: nE * radAxis.nbin) }
    // the normalisation divides by (PSF unit × rad unit²): the PSF is per square rad unit
    let unit = (radAxis.unit.isEmpty ? "deg" : radAxis.unit) + "-2"
    return PSFMap<WcsGeom>(psfMap: try WcsNDMap(geom: geom, data: values, unit: unit), exposureMap: exposureMap)
}

/// Bin centres of a rad axis in degrees.
func angleCenters(_ axis: MapAxis) throws -> [Double] {
    if axis.unit == "deg" || axis.unit.isEmpty { return axis.centers }
    guard let factor = UnitConversion.factor(from: axis.unit, to: "deg") else {
        throw MapMakingError(.unsupported, "the \(axis.name) axis unit '\(axis.unit)' does not convert to deg")
    }
    return axis.centers.map { $0 * factor }
}
