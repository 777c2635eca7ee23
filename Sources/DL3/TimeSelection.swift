import Foundation
import Sky

/// A time interval an observation is cut to, as Gammapy's `Observation.select_time` cuts it:
/// events with `start ≤ time < stop`, GTIs that overlap it clipped to it.
public struct TimeSelection: Sendable, Equatable {
    public let start: Time
    public let stop: Time

    /// - Throws: `DL3Error(.invalidData)` when `stop` is not after `start`.
    public init(start: Time, stop: Time) throws {
        guard start < stop else { throw DL3Error(.invalidData, "a time interval must stop after it starts (\(start) – \(stop))") }
        (self.start, self.stop) = (start, stop)
    }

    /// The events inside the interval (times compared as mission elapsed times of the events'
    /// own reference: MJDREFI/MJDREFF/TIMESYS of their header).
    func apply(to events: EventList) throws -> EventList {
        let reference = try TimeReference(header: events.header)
        let low = start.met(relativeTo: reference), high = stop.met(relativeTo: reference)
        return events.selectingRows(events.time.indices.filter { low <= events.time[$0] && events.time[$0] < high })
    }

    /// The GTIs with `start ≤ stop_interval` and `stop > start_interval`, clipped to the interval
    /// (Gammapy's `GTI.select_time`).
    func apply(to gti: GTI) -> GTI {
        let low = start.met(relativeTo: gti.reference), high = stop.met(relativeTo: gti.reference)
        let kept = gti.start.indices.filter { gti.start[$0] <= high && gti.stop[$0] > low }
        func clip(_ t: Double) -> Double { Swift.min(Swift.max(t, low), high) }
        return GTI(start: kept.map { clip(gti.start[$0]) }, stop: kept.map { clip(gti.stop[$0]) }, reference: gti.reference)
    }
}

extension Observation {
    /// This observation cut to `selection` (Gammapy's `Observation.select_time`): the same run and
    /// files, read again, with its events and GTIs inside the interval.
    public func selectingTime(_ selection: TimeSelection) -> Observation {
        Observation(obsID: obsID, locations: locations, timeSelection: selection)
    }
}
