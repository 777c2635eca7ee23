/// An error from the maps layer. It names the argument, axis, HDU or region that failed
/// (`subject`, e.g. `"binsz"`, `"proj"`, `"axis 'energy'"`, `"HDU COUNTS"`) and says why.
public struct MapError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An argument is out of range or inconsistent (zero width, bin size above width, ...).
        case invalidArgument
        /// A projection code wcslib does not know.
        case unknownProjection
        /// A sky frame other than ICRS or Galactic.
        case unknownFrame
        /// Data whose size or shape does not match the geometry, or two maps whose geometries differ.
        case shapeMismatch
        /// No axis with that name, or axes that cannot be combined.
        case axis
        /// A cutout that does not overlap the map, or only partially in `strict` mode.
        case noOverlap
        /// A FITS HDU that does not hold a map, or a map file Gammapy's layout does not explain.
        case notAMap
        /// A DS9 region string that cannot be parsed.
        case regionSyntax
        /// Something Gammapy supports that GammaKit does not (yet).
        case unsupported
    }

    public var kind: Kind
    /// What the error is about: the argument, axis, HDU, keyword or region text.
    public var subject: String
    public var message: String

    public init(_ kind: Kind, subject: String, message: String) {
        self.kind = kind
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}
