import DL3
import Datasets
import GammaMaps
import IRF
import Sky

/// Gammapy's `SpectrumDatasetMaker`: the spectrum of one observation in the ON region of a
/// `SpectrumDataset` — counts (events inside the region, or within RAD_MAX of a point ON
/// region), exposure at the region's centre or averaged over it (`use_region_center`; times the PSF containment in
/// a circular region with `containmentCorrection`), the energy-dispersion kernel at the region's
/// centre with its exposure map, a safe mask true everywhere, the observation's GTI and a
/// one-row meta table; float64. Only the geometries and the name of the dataset are used.
public struct SpectrumDatasetMaker: DatasetMaker {
    public static let tag = "SpectrumDatasetMaker"

    /// A map the maker can make; the raw values are Gammapy's selection names.
    public enum Selection: String, CaseIterable, Sendable, Hashable {
        case counts, background, exposure, edisp
    }

    public var selection: Set<Selection>
    public var containmentCorrection: Bool
    /// Gammapy's `use_region_center`: false averages the effective area over the region's pixels
    /// (`makeMapExposureTrueEnergy`); the kernel and its exposure stay at the centre, as in Gammapy.
    public var useRegionCenter: Bool
    /// Gammapy's log warnings (an average over the region with point-like IRFs).
    public var warningHandler: @Sendable (String) -> Void

    /// The default selection is counts, exposure and edisp. Gammapy's default also has the
    /// background, from the background IRF, which point-like IRFs (MAGIC, VERITAS) do not have and
    /// which on/off spectra do not use: select it (`.background`) to have it.
    public init(selection: Set<Selection> = [.counts, .exposure, .edisp], containmentCorrection: Bool = false,
                useRegionCenter: Bool = true, warningHandler: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.selection = selection
        self.containmentCorrection = containmentCorrection
        self.useRegionCenter = useRegionCenter
        self.warningHandler = warningHandler
    }

    public func run(_ dataset: SpectrumDataset, observation: Observation) throws -> SpectrumDataset {
        guard let countsGeom = dataset.counts?.geom, countsGeom.region != nil else {
            throw MapMakingError(.missingGeometry, "SpectrumDatasetMaker: the reference dataset '\(dataset.name)' has no counts spectrum with an ON region")
        }
        let pointing = try observation.pointingICRS(at: observation.tmid())
        var made = SpectrumDataset(name: dataset.name, maskSafe: .fromGeom(countsGeom, fill: true), gti: try observation.gti(),
                                   metaTable: try MapDatasetMaker.makeMetaTable(observation: observation), precision: .float64)
        if selection.contains(.counts) {
            made.counts = try countsGeom.makeCounts(events: try observation.events(), observation: observation)
        } else {
            made.counts = .fromGeom(countsGeom)
        }
        if selection.contains(.background) {
            guard observation.has("bkg") else {
                throw MapMakingError(.missingIRF, "observation \(observation.obsID): the background spectrum needs a background IRF; this observation has none (select counts, exposure and edisp only)")
            }
            made.background = try MapDatasetMaker(selection: [.background]).makeBackground(geom: countsGeom, observation: observation,
                                                                                          useRegionCenter: useRegionCenter)
        }
        let aeff = selection.contains(.exposure) || selection.contains(.edisp) ? try observation.aeff() : nil
        let livetime = try observation.liveTime()
        if selection.contains(.exposure), let aeff {
            guard let exposureGeom = dataset.exposure?.geom else {
                throw MapMakingError(.missingGeometry, "SpectrumDatasetMaker: the reference dataset '\(dataset.name)' has no exposure spectrum")
            }
            var exposure = try makeMapExposureTrueEnergy(pointing: pointing, livetime: livetime, aeff: aeff, geom: exposureGeom,
                                                         useRegionCenter: useRegionCenter)
            if aeff.isPointLike && !useRegionCenter {
                warningHandler("MapMaker: use_region_center=False should not be used with point-like IRF. Results are likely inaccurate.")
            }
            if containmentCorrection {
                let containment = try psfContainment(psf: try observation.psf(), geom: exposureGeom, pointing: pointing, isPointLike: aeff.isPointLike)
                for k in exposure.data.indices { exposure.data[k] *= containment[k] }
            }
            made.exposure = exposure
        }
        if selection.contains(.edisp), let aeff {
            guard case .kernel(let reference)? = dataset.edisp else {
                throw MapMakingError(.missingGeometry, "SpectrumDatasetMaker: the reference dataset '\(dataset.name)' has no energy-dispersion kernel map")
            }
            let edispGeom = reference.edispKernelMap.geom
            let energyTrue = try edispGeom.axes.axis(named: "energy_true")
            let kernel = try makeEDispKernel(edisp: try observation.edisp(), pointing: pointing, geom: edispGeom, energyAxisTrue: energyTrue)
            let exposure = try makeMapExposureTrueEnergy(pointing: pointing, livetime: livetime, aeff: aeff,
                                                         geom: try edispGeom.squash(axisName: "energy"))
            made.edisp = .kernel(EDispKernelMap(edispKernelMap: try RegionNDMap(geom: edispGeom, data: kernel.data, unit: ""),
                                                exposureMap: exposure))
        }
        return made
    }
}
