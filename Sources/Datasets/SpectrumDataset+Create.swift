import DL3
import GammaMaps
import IRF
import Sky

/// A spectrum: a `MapDataset` on a region geometry (Gammapy's `SpectrumDataset`, a `MapDataset`
/// subclass whose maps are `RegionNDMap`s). It has no PSF.
public typealias SpectrumDataset = MapDataset<RegionGeom>

extension MapDataset<RegionGeom> {
    /// An empty spectrum as Gammapy's `SpectrumDataset.create` makes it: zero counts and
    /// background on `geom` (the ON region with its `energy` axis), zero exposure (m² s) on the
    /// region with `energyAxisTrue` (default: the energy axis renamed), an energy-dispersion
    /// kernel map on the region with a diagonal response (exposure map with the energy axis
    /// squashed), a safe mask false everywhere, an empty GTI with reference `referenceTime`, no
    /// PSF; float32, as Gammapy's `Map.from_geom`.
    public static func create(geom: RegionGeom, energyAxisTrue: MapAxis? = nil,
                              referenceTime: TimeReference = MapDatasetDefaults.referenceTime,
                              name: String? = nil) throws -> SpectrumDataset {
        guard let energy = geom.axes.first(where: { $0.name == "energy" }) else {
            throw DatasetError(.invalidArgument, subject: "geom", message: "a spectrum needs an 'energy' axis, got \(geom.axes.names)")
        }
        let energyTrue = energyAxisTrue ?? energy.renamed("energy_true")
        guard energyTrue.name == "energy_true" else {
            throw DatasetError(.invalidArgument, subject: "energy_axis_true", message: "must be named 'energy_true', got '\(energyTrue.name)'")
        }
        let others = geom.axes.filter { $0.name != "energy" }
        let image = try geom.withAxes(MapAxes([]))
        var dataset = SpectrumDataset(name: name ?? MapDatasetDefaults.makeName(), precision: .float32)
        dataset.counts = .fromGeom(geom)
        dataset.background = .fromGeom(geom)
        dataset.exposure = .fromGeom(try image.withAxes(MapAxes([energyTrue] + others)), unit: "m2 s")
        var kernel = try EDispKernelMap<RegionGeom>.fromGeom(try image.withAxes(MapAxes([energy, energyTrue] + others)))
        kernel.edispKernelMap.data = kernel.edispKernelMap.data.map { Double(Float($0)) }
        dataset.edisp = .kernel(kernel)
        dataset.gti = GTI(start: [], stop: [], reference: referenceTime)
        dataset.maskSafe = .fromGeom(geom)
        return dataset
    }
}
