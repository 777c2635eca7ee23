import FITSIO

/// Checks of IRF values as they are read, so that a damaged file is an error naming its file, HDU
/// and column instead of a silently empty exposure, PSF or background.
extension GADFTable {
    /// Throws unless every value of a data column is finite. Gammapy reads NaN and ±inf as they are
    /// and its `IRF.evaluate` then turns them into the fill value 0; no IRF in gammapy-data holds
    /// one (all 105 H.E.S.S. DR1 runs, CTA 1DC, MAGIC, VERITAS, tests/), so here it is an error.
    static func requireFinite(_ values: [Double], _ table: FITSTable, column: String) throws {
        guard let first = values.firstIndex(where: { !$0.isFinite }) else { return }
        let count = values[first...].count { !$0.isFinite }
        throw IRFError(.invalidData, table, column: column,
                       "\(count) of the \(values.count) values \(count == 1 ? "is" : "are") not finite (the first is \(values[first]))")
    }

    /// Throws when no value is positive: such an effective area gives zero exposure everywhere.
    /// Negative values alone are accepted: H.E.S.S. DR1 areas have a few at the edges (down to
    /// −52 m² in run 20282) and Gammapy, like `IRFGrid`, clips them to 0 when evaluating.
    static func requireSomePositive(_ values: [Double], _ table: FITSTable, column: String) throws {
        guard !values.contains(where: { $0 > 0 }) else { return }
        throw IRFError(.invalidData, table, column: column,
                       "none of the \(values.count) values is positive: the effective area would give zero exposure")
    }
}
