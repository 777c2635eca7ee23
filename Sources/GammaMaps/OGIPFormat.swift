/// The OGIP flavours Gammapy writes spectra in (`format="ogip"` / `"ogip-sherpa"`): the same
/// tables, with energies in TeV and areas in m² for `ogip`, in keV and cm² for Sherpa.
public enum OGIPFormat: String, Sendable, CaseIterable {
    case ogip
    case ogipSherpa = "ogip-sherpa"

    /// The unit energy columns are written in.
    public var energyUnit: String { self == .ogip ? "TeV" : "keV" }
    /// The unit of the ARF's SPECRESP column.
    public var areaUnit: String { self == .ogip ? "m2" : "cm2" }
}
