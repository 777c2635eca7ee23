import DL3
import Datasets
import Foundation
import GammaMaps

/// Gammapy's `PhaseBackgroundMaker`: the background of a pulsar from OFF phases of the same
/// events. ON counts are the events of the ON phase intervals, OFF counts those of the OFF
/// intervals (each `lower ≤ phase < upper` in the events' `phaseColumnName` column, an event in
/// two overlapping intervals counted twice, as Gammapy stacks the selections), both in the
/// dataset's geometry (within RAD_MAX of a point ON region); acceptance and acceptance_off are
/// the summed widths of the intervals.
public struct PhaseBackgroundMaker: Sendable {
    public static let tag = "PhaseBackgroundMaker"

    /// A phase interval `[lower, upper)`.
    public struct Interval: Sendable, Equatable, CustomStringConvertible {
        public var lower: Double
        public var upper: Double
        public init(_ lower: Double, _ upper: Double) { (self.lower, self.upper) = (lower, upper) }
        public var width: Double { upper - lower }
        public var description: String { "(\(lower), \(upper))" }
    }

    public let onPhase: [Interval]
    public let offPhase: [Interval]
    public let phaseColumnName: String

    /// Intervals crossing phase 1 (or 0) are split as Gammapy's `_check_intervals` splits them.
    /// - Throws: `MapMakingError(.invalidSelection)` for no interval or a non-finite edge.
    public init(onPhase: [Interval], offPhase: [Interval], phaseColumnName: String = "PHASE") throws {
        for (name, intervals) in [("on_phase", onPhase), ("off_phase", offPhase)] {
            guard !intervals.isEmpty else { throw MapMakingError(.invalidSelection, "PhaseBackgroundMaker: \(name) has no interval") }
            if let bad = intervals.first(where: { !$0.lower.isFinite || !$0.upper.isFinite }) {
                throw MapMakingError(.invalidSelection, "PhaseBackgroundMaker: \(name) interval \(bad) is not finite")
            }
        }
        self.onPhase = Self.checkIntervals(onPhase)
        self.offPhase = Self.checkIntervals(offPhase)
        self.phaseColumnName = phaseColumnName
    }

    /// Gammapy's `_check_intervals`: an interval whose lower edge mod 1 exceeds its upper edge
    /// mod 1 is replaced by `(lower mod 1, 1)` and, unless the upper edge is whole, `(0, upper
    /// mod 1)`, appended at the end. Gammapy edits the list while iterating over it, so the
    /// interval after a replaced one is not looked at; we keep that, for the same intervals.
    static func checkIntervals(_ input: [Interval]) -> [Interval] {
        func mod1(_ x: Double) -> Double {  // Python's float %: the sign of the divisor
            let r = fmod(x, 1)
            return r != 0 && r < 0 ? r + 1 : r
        }
        var intervals = input
        var i = 0
        while i < intervals.count {
            let interval = intervals[i]
            if mod1(interval.lower) > mod1(interval.upper) {
                intervals.remove(at: i)
                intervals.append(Interval(mod1(interval.lower), 1))
                if mod1(interval.upper) != 0 { intervals.append(Interval(0, mod1(interval.upper))) }
            }
            i += 1
        }
        return intervals
    }

    /// The events of `intervals`, stacked in their order.
    func events(_ observation: Observation, _ intervals: [Interval]) throws -> EventList {
        let events = try observation.events()
        do {
            return events.selectingRows(try intervals.flatMap { try events.rows(where: phaseColumnName, from: $0.lower, below: $0.upper) })
        } catch let error as DL3Error {
            throw DL3Error(error.kind, "observation \(observation.obsID), events: \(error.message)")
        }
    }

    /// The on/off spectrum of `dataset` (a spectrum made by `SpectrumDatasetMaker`). As Gammapy's
    /// `to_spectrum_dataset` does, acceptance_off becomes acceptance × counts_off / (α ×
    /// counts_off), so bins without OFF counts get 0 (and α the largest double).
    ///
    /// Gammapy names the result at random (its `to_spectrum_dataset(name=None)`); it keeps the
    /// input's name here.
    public func run(_ dataset: SpectrumDataset, observation: Observation) throws -> SpectrumDatasetOnOff {
        guard let geom = dataset.counts?.geom else {
            throw MapMakingError(.missingGeometry, "PhaseBackgroundMaker: the dataset '\(dataset.name)' has no counts spectrum")
        }
        let countsOff = try geom.makeCounts(events: try events(observation, offPhase), observation: observation)
        var onOff = makeOnOff(dataset, geom: geom, countsOff: countsOff,
                              counts: try geom.makeCounts(events: try events(observation, onPhase), observation: observation))
        let alpha = onOff.alpha.data, acceptance = onOff.acceptance.data
        onOff.acceptanceOff.data = countsOff.data.indices.map { k in
            NumpyCompat.nanToNum(acceptance[k] * countsOff.data[k] / (alpha[k] * countsOff.data[k]))
        }
        return onOff
    }

    /// The on/off map dataset of `dataset` (Gammapy's `MapDatasetOnOff.from_map_dataset`; the
    /// dataset's background is not carried over).
    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDatasetOnOff<WcsGeom> {
        guard let geom = dataset.counts?.geom else {
            throw MapMakingError(.missingGeometry, "PhaseBackgroundMaker: the dataset '\(dataset.name)' has no counts map")
        }
        return makeOnOff(dataset, geom: geom, countsOff: try makeCountsMap(events: try events(observation, offPhase), geom: geom),
                         counts: try makeCountsMap(events: try events(observation, onPhase), geom: geom))
    }

    private func makeOnOff<G>(_ dataset: MapDataset<G>, geom: G, countsOff: Map<G, Double>, counts: Map<G, Double>) -> MapDatasetOnOff<G> {
        var on = dataset
        on.counts = counts
        on.background = nil
        on.backgroundModel = nil
        // numpy's sum of the widths, in order
        let acceptance = onPhase.reduce(0) { $0 + $1.width }, acceptanceOff = offPhase.reduce(0) { $0 + $1.width }
        return MapDatasetOnOff(dataset: on, countsOff: countsOff, acceptance: .fromGeom(geom, fill: acceptance),
                               acceptanceOff: .fromGeom(geom, fill: acceptanceOff))
    }
}
