import Foundation

/// What became of one observation in a reduction, for progress displays and the end-of-run
/// table: reduced (its counts and livetime), or left out and why.
public struct ObservationReport: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case reduced
        /// Left out as Gammapy leaves it out (outside the geometry, no OFF region, ...).
        case skipped(String)
        /// Its files or IRFs could not be used (`--skip-failed`).
        case failed(String)
    }

    public var obsID: Int
    public var outcome: Outcome
    /// Counts in its dataset's safe mask, what it adds to a stack (0 when not reduced).
    public var counts: Double
    /// Dead-time-corrected observation time, seconds.
    public var livetime: Double
    /// Wall-clock time its reduction took, seconds.
    public var seconds: Double
    /// How many observations the reduction has in all.
    public var total: Int

    public init(obsID: Int, outcome: Outcome, counts: Double, livetime: Double, seconds: Double, total: Int) {
        (self.obsID, self.outcome, self.counts, self.livetime, self.seconds, self.total) = (obsID, outcome, counts, livetime, seconds, total)
    }
}
