import DL3
import Datasets
import Foundation
import GammaMaps
import Sky

/// Gammapy's theta² distribution (`ThetaSquaredTable`, `make_theta_squared_table`): per bin of
/// squared angular distance, the events around the ON position and around OFF positions of the
/// same FoV offset (WobbleRegionsFinder's mirrored positions, or one fixed OFF position),
/// summed over observations, with α the livetime-weighted mean of 1 / (number of OFF regions),
/// and WStat's excess, significance and errors.
public struct ThetaSquaredTable: Sendable {
    public struct Row: Sendable, Equatable {
        public var theta2Min: Double
        public var theta2Max: Double
        public var counts: Int
        public var countsOff: Double
        public var acceptance: Double
        public var acceptanceOff: Double
        public var alpha: Double
        public var excess: Double
        public var sqrtTS: Double
        public var excessErrn: Double
        public var excessErrp: Double
    }

    public var rows: [Row]
    /// The ON position (Gammapy's meta ON_RA / ON_DEC, in ICRS).
    public var position: SkyCoord
    /// The energy range events were selected in (TeV), if any.
    public var energyRange: ClosedRange<Double>?

    /// - Parameters:
    ///   - theta2Edges: bin edges in deg², increasing; the ON radius is √(last edge).
    ///   - positionOff: a fixed OFF position (then `offRegionsNumber` must be 1); nil: mirrored
    ///     positions around each observation's pointing.
    ///   - energyRange: events with `lowerBound ≤ E < upperBound` (TeV) only.
    /// - Throws: `MapMakingError(.invalidSelection)` as Gammapy raises: OFF region overlapping the
    ///   ON region, the ON radius larger than an observation's pointing offset (named), bad edges.
    public static func make(observations: [Observation], theta2Edges: [Double], position: SkyCoord, positionOff: SkyCoord? = nil,
                            energyRange: ClosedRange<Double>? = nil, offRegionsNumber: Int = 1,
                            warningHandler: @escaping @Sendable (String) -> Void = { _ in }) throws -> ThetaSquaredTable {
        guard theta2Edges.count >= 2, theta2Edges.allSatisfy(\.isFinite), zip(theta2Edges, theta2Edges.dropFirst()).allSatisfy({ $0 < $1 }),
              theta2Edges[0] >= 0 else {
            throw MapMakingError(.invalidSelection, "theta² table: the theta² edges must be at least two increasing values ≥ 0 deg², got \(theta2Edges)")
        }
        guard offRegionsNumber >= 1 else {
            throw MapMakingError(.invalidSelection, "theta² table: the number of OFF regions must be ≥ 1, got \(offRegionsNumber)")
        }
        let on = position.transformed(to: .icrs)
        let radius = theta2Edges.max()!.squareRoot()
        if let positionOff {
            guard on.separation(to: positionOff) >= 2 * radius else {
                throw MapMakingError(.invalidSelection, "theta² table: the OFF position overlaps the ON region (radius \(radius) deg); choose another OFF position or a smaller theta² range")
            }
            guard offRegionsNumber == 1 else {
                throw MapMakingError(.invalidSelection, "theta² table: with a fixed OFF position there is one OFF region; leave the position out for \(offRegionsNumber)")
            }
        }
        let nbin = theta2Edges.count - 1
        var counts = [Int](repeating: 0, count: nbin), countsOff = [Double](repeating: 0, count: nbin)
        var acceptance = [Double](repeating: 0, count: nbin), acceptanceOff = acceptance, alphaTotal = acceptance
        var livetimeTotal = 0.0
        var nOff = offRegionsNumber
        for observation in observations {
            let pointing = try observation.pointingICRS(at: observation.tmid())
            let separation = pointing.separation(to: on)
            guard radius <= separation else {
                throw MapMakingError(.invalidSelection, "theta² table: observation \(observation.obsID): the ON region radius \(radius) deg is larger than its separation \(separation) deg from the pointing, so ON and OFF regions would overlap; reduce the theta² range to at most \(separation * separation) deg²")
            }
            var events = try observation.events()
            if let energyRange {
                events = events.selectingRows(events.energy.indices.filter { energyRange.lowerBound <= events.energy[$0] && events.energy[$0] < energyRange.upperBound })
            }
            add(histogram(on, events, theta2Edges), to: &counts)
            var offCenters = [SkyCoord]()
            if let positionOff {
                offCenters = [positionOff]
            } else {
                let circle = SkyRegion(.circle(center: on, radius: radius))
                offCenters = try WobbleRegionsFinder(nOffRegions: nOff).run(region: circle, center: pointing).regions.map { $0.center.transformed(to: .icrs) }
                if offCenters.isEmpty {
                    warningHandler("No OFF regions were found, so only one reflected OFF region will be used.")
                    nOff = 1
                    offCenters = try WobbleRegionsFinder(nOffRegions: 1).run(region: circle, center: pointing).regions.map { $0.center.transformed(to: .icrs) }
                }
            }
            var off = [Int](repeating: 0, count: nbin)
            for center in offCenters { add(histogram(center, events, theta2Edges), to: &off) }
            let livetime = try observation.liveTime()
            for k in 0..<nbin {
                countsOff[k] += Double(off[k])
                acceptance[k] += 1
                acceptanceOff[k] += Double(nOff)
                alphaTotal[k] += 1 / Double(nOff) * livetime
            }
            livetimeTotal += livetime
        }
        let rows = (0..<nbin).map { k -> Row in
            let alpha = alphaTotal[k] / livetimeTotal
            let stat = WStatCountsStatistic(nOn: Double(counts[k]), nOff: countsOff[k], alpha: alpha)
            return Row(theta2Min: theta2Edges[k], theta2Max: theta2Edges[k + 1], counts: counts[k], countsOff: countsOff[k],
                       acceptance: acceptance[k], acceptanceOff: acceptanceOff[k], alpha: alpha, excess: stat.nSig,
                       sqrtTS: stat.sqrtTS, excessErrn: stat.errn(), excessErrp: stat.errp())
        }
        return ThetaSquaredTable(rows: rows, position: on, energyRange: energyRange)
    }

    /// numpy's histogram of the events' squared separations from `center`: bins [e_k, e_k+1),
    /// the last one closed, values outside left out.
    static func histogram(_ center: SkyCoord, _ events: EventList, _ edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count - 1)
        let last = edges[edges.count - 1]
        edges.withUnsafeBufferPointer { e in
            for s in center.separations(float32Lon: events.ra, lat: events.dec) {
                let t2 = s * s
                guard t2 >= e[0], t2 <= last else { continue }
                counts[t2 == last ? counts.count - 1 : NumpyCompat.searchSortedRight(e, t2) - 1] += 1
            }
        }
        return counts
    }

    private static func add(_ values: [Int], to total: inout [Int]) {
        for k in total.indices { total[k] += values[k] }
    }
}
