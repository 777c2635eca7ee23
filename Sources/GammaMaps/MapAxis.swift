import Foundation

/// An error building a `MapAxis` from unusable nodes or options.
public struct MapAxisError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "MapAxis: \(message)" }
}

/// A non-spatial map axis (energy, offset, migra, rad, ...), Gammapy's `MapAxis`.
///
/// An axis is a sorted list of nodes that are either the bin edges (`nodeType == .edges`) or the
/// bin centres (`.center`). Pixel coordinates run linearly in the axis's interpolation scale
/// (`interp`): node *k* sits at pixel *k* for centre nodes and at *k − 0.5* for edge nodes, so
/// that bin *i* always spans pixels [*i* − 0.5, *i* + 0.5]. Outside the nodes the mapping
/// extrapolates linearly.
///
/// `edges` and `centers` are computed through that mapping exactly as Gammapy does — through the
/// scale and back — so a log axis's first centre is the geometric mean `exp((log e₀ + log e₁)/2)`
/// and an edge can differ from its node in the last bit (`exp(log 10) = 10.000000000000002`).
///
/// Values are in `unit` (a string such as `"TeV"`, `"deg"`, or `""`).
public struct MapAxis: Sendable, CustomStringConvertible {
    /// Whether the nodes are bin edges or bin centres.
    public enum NodeType: String, Sendable, Hashable {
        case edges
        case center
    }

    public let name: String
    public let unit: String
    /// Interpolation scale between coordinates and pixels (`lin`, `log`, `sqrt`).
    public let interp: InterpolationScale
    public let nodeType: NodeType
    /// The nodes as given (edges or centres).
    public let nodes: [Double]
    /// Bin edges (`nbin + 1` values).
    public let edges: [Double]
    /// Bin centres (`nbin` values): the geometric mean of the edges for `log`.
    public let centers: [Double]

    /// Scaled nodes in their given order (pixel → coordinate).
    let scaledNodes: [Double]
    /// Scaled nodes sorted ascending and their pixel indices (coordinate → pixel).
    let sortedScaledNodes: [Double]
    let sortedPixels: [Double]

    /// Number of bins.
    public var nbin: Int { nodeType == .edges ? nodes.count - 1 : nodes.count }

    /// Pixel coordinate of the first node: -0.5 for edges, 0 for centres.
    public var pixelOffset: Double { nodeType == .edges ? -0.5 : 0 }

    /// Bin widths, `edges[i+1] - edges[i]` (Gammapy's `bin_width`).
    public var binWidths: [Double] { (0..<nbin).map { edges[$0 + 1] - edges[$0] } }

    /// Lower bin edges.
    public var edgesMin: [Double] { Array(edges.dropLast()) }
    /// Upper bin edges.
    public var edgesMax: [Double] { Array(edges.dropFirst()) }

    /// First and last edge for edge nodes, first and last centre for centre nodes.
    public var bounds: (lower: Double, upper: Double) {
        nodeType == .edges ? (edges[0], edges[edges.count - 1]) : (centers[0], centers[centers.count - 1])
    }

    /// Whether the axis is an energy axis (`energy` or `energy_true`).
    public var isEnergyAxis: Bool { name == "energy" || name == "energy_true" }

    /// An axis from nodes, as Gammapy's `MapAxis(nodes, interp, name, node_type, unit)`.
    ///
    /// The nodes must be unique and sorted (ascending or descending), and non-negative unless
    /// `interp` is `lin`.
    public init(nodes: [Double], interp: InterpolationScale = .lin, name: String = "",
                nodeType: NodeType = .edges, unit: String = "") throws {
        guard !nodes.isEmpty else { throw MapAxisError("axis '\(name)' has no nodes") }
        if nodes.contains(where: \.isNaN) { throw MapAxisError("axis '\(name)': node values must not be NaN") }
        let sorted = nodes.sorted()
        for i in 1..<max(sorted.count, 1) where sorted[i] == sorted[i - 1] {
            throw MapAxisError("axis '\(name)': node values must be unique")
        }
        if sorted != nodes && sorted.reversed() != nodes {
            throw MapAxisError("axis '\(name)': node values must be sorted")
        }
        if interp != .lin && nodes.contains(where: { $0 < 0 }) {
            throw MapAxisError("axis '\(name)': interpolation scale '\(interp.rawValue)' only supports positive node values")
        }
        if nodeType == .edges && nodes.count < 2 {
            throw MapAxisError("axis '\(name)': edges need at least two values")
        }
        self.name = name
        self.unit = unit
        self.interp = interp
        self.nodeType = nodeType
        self.nodes = nodes
        let scaled = nodes.map { interp.scale($0) }
        self.scaledNodes = scaled
        // scipy's interp1d sorts the abscissae (a stable merge sort)
        let order = scaled.indices.sorted { scaled[$0] < scaled[$1] || (scaled[$0] == scaled[$1] && $0 < $1) }
        self.sortedScaledNodes = order.map { scaled[$0] }
        self.sortedPixels = order.map(Double.init)
        let nbin = nodeType == .edges ? nodes.count - 1 : nodes.count
        let offset = nodeType == .edges ? -0.5 : 0.0
        self.edges = (0...nbin).map { Self.pixelToCoordinate(Double($0) - 0.5 - offset, scaled: scaled, interp: interp) }
        self.centers = (0..<nbin).map { Self.pixelToCoordinate(Double($0) - offset, scaled: scaled, interp: interp) }
    }

    /// An axis from bin edges (Gammapy's `MapAxis.from_edges`).
    public init(edges: [Double], name: String = "", unit: String = "", interp: InterpolationScale = .lin) throws {
        try self.init(nodes: edges, interp: interp, name: name, nodeType: .edges, unit: unit)
    }

    /// A copy with another name (Gammapy's `copy(name=...)` / `rename`).
    public func renamed(_ newName: String) -> MapAxis {
        try! MapAxis(nodes: nodes, interp: interp, name: newName, nodeType: nodeType, unit: unit)
    }

    /// A copy with the node type changed (centres become nodes or edges become nodes).
    public func toNodeType(_ type: NodeType) -> MapAxis {
        if type == nodeType { return self }
        return try! MapAxis(nodes: type == .center ? centers : edges, interp: interp, name: name, nodeType: type, unit: unit)
    }

    public var description: String {
        let values = nodeType == .edges ? edges : centers
        return "MapAxis(name: \(name), unit: '\(unit)', nbin: \(nbin), node type: \(nodeType.rawValue), "
            + "\(nodeType.rawValue) \(values.min() ?? .nan)…\(values.max() ?? .nan), interp: \(interp.rawValue))"
    }

    /// Pixel (node offset removed: node k at pixel k) to coordinate: the degree-1 spline through
    /// (k, scaled node k), extrapolated, then the inverse scale.
    @inline(__always)
    static func pixelToCoordinate(_ pixel: Double, scaled: [Double], interp: InterpolationScale) -> Double {
        if scaled.count == 1 { return pixel.isNaN ? .nan : interp.inverse(scaled[0]) }
        let lo: Int
        if pixel.isNaN {
            return .nan
        } else {
            // the interval k <= pixel < k + 1, clamped to the first and last
            let f = pixel.rounded(.down)
            lo = f <= 0 ? 0 : (f >= Double(scaled.count - 2) ? scaled.count - 2 : Int(f))
        }
        let y = splineStep(Double(lo), Double(lo + 1), scaled[lo], scaled[lo + 1], pixel)
        return interp.inverse(y)
    }

    /// One step of the degree-1 B-spline evaluation that Gammapy's axis transform goes through
    /// (scipy `interp1d(kind=1)` builds `make_interp_spline(k=1)` and evaluates it with de Boor's
    /// recursion): `w = 1/(x₁ − x₀)`, `y₀·(w·(x₁ − x)) + y₁·(w·(x − x₀))`.
    @inline(__always)
    static func splineStep(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double, _ x: Double) -> Double {
        let w = 1.0 / (x1 - x0)
        let h0 = 0.0 + w * (x1 - x)
        let h1 = w * (x - x0)
        return (0.0 + y0 * h0) + y1 * h1
    }
}
