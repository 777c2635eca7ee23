/// An error making a dataset's maps: an observation without the IRF a selected map needs, a
/// dataset without the geometry a map goes on, or an IRF or pointing the projection cannot use.
/// The message names the maker, the observation and the IRF or map involved.
public struct MapMakingError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The observation lacks an IRF (or the events) that a selected map needs.
        case missingIRF
        /// The reference dataset has no geometry for a selected map (no PSF or EDisp map).
        case missingGeometry
        /// A selection name that is not one of counts, exposure, background, psf, edisp.
        case invalidSelection
        /// An IRF, geometry or pointing the map makers cannot project (drift-mode background, an
        /// ALTAZ background without the observatory location, units that do not convert, ...).
        case unsupported
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
