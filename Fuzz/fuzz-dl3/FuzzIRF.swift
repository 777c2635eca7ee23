import DL3
import FITSIO

/// The IRF readers reached from a fuzzed table (filled in as IRF readers land).
enum FuzzIRF {
    static func load(_ table: FITSTable) {}
}
