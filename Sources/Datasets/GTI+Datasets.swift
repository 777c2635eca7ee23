import DL3
import FITSIO
import Sky

extension GTI {
    /// `other`'s intervals appended after these, as times relative to this GTI's reference
    /// (Gammapy's `GTI.stack`: the tables are concatenated, no logic applied).
    public func stacked(with other: GTI) -> GTI {
        var result = self
        for (a, b) in zip(other.timeStart, other.timeStop) {
            result.start.append(a.met(relativeTo: reference))
            result.stop.append(b.met(relativeTo: reference))
        }
        return result
    }

    /// The union of the intervals (Gammapy's `GTI.union()`): sorted by start, overlapping and
    /// touching intervals merged, same reference. An empty GTI stays empty.
    public func union() -> GTI {
        let order = start.indices.sorted { start[$0] < start[$1] || (start[$0] == start[$1] && $0 < $1) }
        var merged: [(Double, Double)] = []
        for i in order {
            if let last = merged.last, !(last.1 < start[i]) {
                merged[merged.count - 1].1 = Swift.max(last.1, stop[i])
            } else {
                merged.append((start[i], stop[i]))
            }
        }
        return GTI(start: merged.map(\.0), stop: merged.map(\.1), reference: reference)
    }

    /// The GTI table as Gammapy's `GTI.to_table_hdu` writes it: START and STOP in seconds since the
    /// reference, MJDREFI = floor(MJD) and MJDREFF = MJD − MJDREFI of the reference in its own
    /// scale, TIMESYS the scale name in lower case (`'tt'`, `'utc'`).
    ///
    /// A `lossless` writer gets the reference as it is held (MJDREFI and MJDREFF as read from the
    /// run), so that reading the file gives back this GTI bit for bit.
    func append(to writer: FITSWriter, extraCards: [FITSCard]) throws {
        let ref = writer.lossless ? reference : try TimeReference(epoch: reference.epoch, scale: reference.timeSystem)
        let cards = extraCards + [
            FITSCard("MJDREFI", .int(Int64(ref.mjdrefi))),
            FITSCard("MJDREFF", .double(ref.mjdreff)),
            FITSCard("TIMESYS", .string(reference.timeSystem.rawValue)),
        ]
        try writer.writeTable(name: "GTI", columns: [FITSColumn("START", .double(start), unit: "s"),
                                                      FITSColumn("STOP", .double(stop), unit: "s")],
                              rowCount: count, header: cards)
    }
}
