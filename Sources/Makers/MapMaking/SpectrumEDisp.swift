import GammaMaps
import IRF
import Sky

/// The energy-dispersion kernel of a spectrum (Gammapy's `make_edisp_kernel_map` on a region
/// geometry with `use_region_center=True`): the migration densities at the offset of the
/// region's centre (the centre of its pixel bounding box) turned into probabilities of the
/// reconstructed-energy bins of `geom`, per true-energy bin of `energyAxisTrue`; values below
/// `threshold` become 0.
public func makeEDispKernel(edisp: EnergyDispersion2D, pointing: SkyCoord, geom: RegionGeom, energyAxisTrue: MapAxis,
                            threshold: Double = 1e-8) throws -> EDispKernel {
    guard let energyAxis = geom.axes.first(where: { $0.name == "energy" }) else {
        throw MapMakingError(.unsupported, "the energy-dispersion kernel needs a geometry with an energy axis; it has \(geom.axes.names)")
    }
    guard UnitConversion.isDimensionless(edisp.unit) || edisp.unit.isEmpty else {
        throw MapMakingError(.unsupported, "the energy dispersion unit '\(edisp.unit)' is not dimensionless")
    }
    let offset = geom.centerSkyDir.separation(to: pointing)
    // [energy_true][energy] for the one position, as the kernel map's data for one pixel
    let data = try EDispKernelFromNodes.kernel(edisp: edisp, energies: energyCenters(energyAxisTrue, in: "TeV"), offsets: [offset],
                                               energyAxis: energyAxis, trueAxis: energyAxisTrue, threshold: threshold)
    return try EDispKernel(energyAxisTrue: energyAxisTrue, energyAxis: energyAxis, data: data)
}
