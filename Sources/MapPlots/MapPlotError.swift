/// An error rendering or writing a map picture; it names the output file or what failed.
public struct MapPlotError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
