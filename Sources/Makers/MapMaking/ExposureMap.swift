import GammaMaps
import IRF
import Sky

/// The exposure of one observation on a geometry with a true-energy axis (Gammapy's
/// `make_map_exposure_true_energy`): the effective area at each pixel centre's offset from the
/// pointing and at each true-energy bin centre, times the live time, in m² s.
///
/// Any other axis of `geom` (the one-bin `rad` or `energy` axis of a PSF or EDisp exposure)
/// repeats the values. No energy dispersion is applied.
///
/// - Parameters:
///   - pointing: the pointing direction (Gammapy passes `get_pointing_icrs(tmid)`).
///   - livetime: dead-time-corrected observation time, seconds.
///   - aeff: the effective area; its unit must convert to m².
///   - geom: the target geometry; it needs an `energy_true` axis (TeV or another energy unit).
public func makeMapExposureTrueEnergy(pointing: SkyCoord, livetime: Double, aeff: EffectiveAreaTable2D,
                                      geom: WcsGeom) throws -> WcsNDMap<Double> {
    guard let energyAxis = geom.axes.first(where: { $0.name == "energy_true" }) else {
        throw MapMakingError(.unsupported, "the exposure needs a geometry with an energy_true axis; it has \(geom.axes.names)")
    }
    guard let toSquareMetres = UnitConversion.factor(from: aeff.unit, to: "m2") else {
        throw MapMakingError(.unsupported, "the effective area unit '\(aeff.unit)' does not convert to m2")
    }
    let energies = try energyCenters(energyAxis, in: "TeV")
    // once per distinct offset, spread to the pixels (see makePSFMap)
    let distinct = IRFProjection.distinctOffsets(geom, from: pointing)
    // [energy_true][pixel], as aeff.evaluate(energyTrue: [n, 1], offset: [1, npix]), times the
    // live time (Gammapy: exposure *= livetime), then to_unit("m2 s") (a no-op for m²)
    var values = try OffsetSeparableEvaluation.evaluate(
        aeff.grid, offsetAxis: 1, shared: [aeff.energyAxisTrue.coordinates(energies, from: "TeV")],
        offsets: aeff.offsetAxis.coordinates(distinct.values, from: "deg"), times: livetime)
    if distinct.repeats { values = distinct.spread(values, planes: energies.count) }
    if toSquareMetres != 1 {
        values.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] = values[i] * toSquareMetres }
        }
    }
    let data = try IRFProjection.broadcast(values, along: "energy_true", to: geom)
    // Gammapy records the livetime and the IRF type with the map: stacking sums the livetimes
    // and DL4 safe masks read them back.
    return try WcsNDMap(geom: geom, data: data, unit: "m2 s",
                        meta: ["livetime": "\(livetime) s", "is_pointlike": aeff.isPointLike ? "true" : "false"])
}

/// Bin centres of an energy axis converted to `unit`.
func energyCenters(_ axis: MapAxis, in unit: String) throws -> [Double] {
    try converted(axis.centers, of: axis, to: unit)
}

/// Bin edges of an energy axis converted to `unit`.
func energyEdges(_ axis: MapAxis, in unit: String) throws -> [Double] {
    try converted(axis.edges, of: axis, to: unit)
}

private func converted(_ values: [Double], of axis: MapAxis, to unit: String) throws -> [Double] {
    if axis.unit == unit || axis.unit.isEmpty { return values }
    guard let factor = UnitConversion.factor(from: axis.unit, to: unit) else {
        throw MapMakingError(.unsupported, "the \(axis.name) axis unit '\(axis.unit)' does not convert to \(unit)")
    }
    return factor == 1 ? values : values.map { $0 * factor }
}
