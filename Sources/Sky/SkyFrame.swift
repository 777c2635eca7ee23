/// The celestial frames GammaKit works in, with Gammapy's spellings as raw values
/// (`frame="icrs"`, `frame="galactic"` in `WcsGeom.create` and `SkyCoord`).
public enum SkyFrame: String, Sendable, CaseIterable, Hashable {
    case icrs
    case galactic

    /// Accepts `"icrs"` and `"galactic"` in any case, and `"gal"`. FK5 is deliberately not read
    /// as ICRS: the two frames differ by up to ~23 mas.
    public init?(name: String) {
        switch name.lowercased() {
        case "icrs": self = .icrs
        case "galactic", "gal": self = .galactic
        default: return nil
        }
    }
}
