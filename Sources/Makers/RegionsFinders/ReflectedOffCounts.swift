import DL3
import Foundation
import GammaMaps
import IRF
import Sky

/// The OFF side of the reflected-regions method for one observation (Gammapy's
/// `ReflectedRegionsBackgroundMaker.make_counts_off`): OFF regions found about the pointing at
/// mid-time, their counts and their acceptance (the number of regions). With point-like IRFs a
/// point ON region takes RAD_MAX's energy-dependent size, and OFF points that would overlap it
/// or each other are all dropped; a circular ON region must have RAD_MAX's fixed radius.
public struct ReflectedOffCounts: Sendable {
    public var regions: [SkyRegion]
    /// The finder's reference geometry, in whose pixels the regions were placed.
    public var geom: WcsGeom
    /// Counts in the OFF regions per energy bin; nil when no OFF region was found.
    public var countsOff: RegionNDMap<Double>?
    /// Gammapy's acceptance_off: the number of OFF regions (0 when none was found).
    public var acceptanceOff: Double { Double(regions.count) }

    /// - Parameters:
    ///   - onGeom: The ON region and the reconstructed-energy axis of the spectrum.
    ///   - warningHandler: Gammapy's warnings (no OFF region, overlapping regions).
    public init(onGeom: RegionGeom, observation: Observation, finder: any RegionsFinder, exclusionMask: WcsNDMap<Bool>?,
                datasetName: String, warningHandler: (String) -> Void = { _ in }) throws {
        guard let on = onGeom.region else { throw MapMakingError(.unsupported, "the reflected-regions method needs an ON region") }
        guard let energyAxis = onGeom.axes.first(where: { $0.name == "energy" }) else {
            throw MapMakingError(.unsupported, "the ON geometry needs an energy axis; it has \(onGeom.axes.names)")
        }
        let radMax = try observation.radMax()
        let isPoint = on.isAllPoints
        if let radMax { try Self.checkCompatible(on, radMax: radMax, observation: observation.obsID) }
        if isPoint && radMax == nil {
            throw MapMakingError(.unsupported, "observation \(observation.obsID): a point ON region needs a RAD_MAX cut (point-like IRFs); this observation has none")
        }
        let found = try finder.run(region: on, center: try observation.pointingICRS(at: observation.tmid()), exclusionMask: exclusionMask)
        geom = found.geom
        var regions = found.regions
        let events = try observation.events()
        if isPoint, let radMax, !regions.isEmpty {
            // Gammapy measures this offset from the events header's pointing.
            let offset = on.center.separation(to: try events.pointingRADec())
            let edges = try energyEdges(energyAxis, in: "TeV")
            if try RadMaxOverlap.exists(centers: [on.center] + regions.map(\.center), radMax: radMax, offset: offset,
                                        energyMin: edges[0], energyMax: edges[edges.count - 1]) {
                warningHandler("Found overlapping on/off regions, choose less off regions")
                regions = []
            }
        }
        self.regions = regions
        if regions.isEmpty {
            warningHandler("ReflectedRegionsBackgroundMaker failed. No OFF region found outside exclusion mask for dataset '\(datasetName)'.")
            countsOff = nil
        } else if isPoint, let radMax {
            countsOff = try onGeom.makeCountsOffRadMax(radMax: radMax, events: events, regions: regions, wcs: found.geom)
        } else {
            countsOff = try onGeom.makeCountsOff(events: events, regions: regions, wcs: found.geom)
        }
    }

    /// Gammapy's `is_rad_max_compatible_region_geom`: with RAD_MAX, the ON region is a point, or a
    /// circle whose radius is the fixed RAD_MAX (to 1e-3).
    static func checkCompatible(_ on: SkyRegion, radMax: RadMax2D, observation: Int) throws {
        if on.isAllPoints { return }
        if case .circle(_, let radius) = on.shape, radMax.isFixedRadMax {
            let fixed = try radMax.degrees([radMax.data[0]])[0]
            guard abs(radius - fixed) <= 1e-3 * abs(fixed) else {
                throw MapMakingError(.unsupported, "observation \(observation): the circular ON region's radius must equal RAD_MAX for point-like IRFs with a fixed RAD_MAX: expected \(fixed) deg, got \(radius) deg")
            }
            return
        }
        throw MapMakingError(.unsupported, "observation \(observation): point-like IRFs need a point ON region, or a circle with the fixed RAD_MAX as radius (got \(on.shape))")
    }
}
