import Sky

extension ObservationTable {
    /// Observations whose pointing (RA_PNT, DEC_PNT) lies within `radius` degrees of `center`
    /// (Gammapy's `select_sky_circle`), in table order.
    public func obsIDs(inCone center: SkyCoord, radius: Double) throws -> [Int] {
        guard let ra = numericColumns["RA_PNT"], let dec = numericColumns["DEC_PNT"] else {
            throw DL3Error(.invalidData, "\(path), HDU OBS_INDEX: columns RA_PNT and DEC_PNT are needed for a cone selection")
        }
        let separations = center.separations(lon: ra, lat: dec, frame: .icrs)
        return obsIDs.indices.filter { separations[$0] < radius }.map { obsIDs[$0] }
    }

    /// Observations inside a time range (Gammapy's `select_time_range`): entirely inside it, or,
    /// with `partialOverlap`, overlapping it. Uses TSTART/TSTOP and the table's time reference.
    public func obsIDs(inTimeRange start: Time, _ stop: Time, partialOverlap: Bool = false) throws -> [Int] {
        guard let tstart = numericColumns["TSTART"], let tstop = numericColumns["TSTOP"] else {
            throw DL3Error(.invalidData, "\(path), HDU OBS_INDEX: columns TSTART and TSTOP are needed for a time selection")
        }
        let reference: TimeReference
        do {
            reference = try TimeReference(header: header)
        } catch {
            throw DL3Error(.invalidData, "\(path): cannot select by time: \(error)")
        }
        return obsIDs.indices.filter { i in
            let begin = Time(met: tstart[i], reference: reference)
            let end = Time(met: tstop[i], reference: reference)
            return partialOverlap ? (start <= end && stop >= begin) : (start <= begin && stop >= end)
        }.map { obsIDs[$0] }
    }
}
