import Foundation

extension MapAxis {
    /// An axis of `nbin` bins between two bounds, spaced evenly in the `interp` scale
    /// (Gammapy's `MapAxis.from_bounds`): `np.linspace` for `lin`, `np.geomspace` for `log`,
    /// `np.linspace` of the square roots, squared, for `sqrt`. With `nodeType == .center` the
    /// bounds are the first and last centres.
    public static func fromBounds(_ lower: Double, _ upper: Double, nbin: Int, name: String = "", unit: String = "",
                                  interp: InterpolationScale = .lin, nodeType: NodeType = .edges) throws -> MapAxis {
        guard nbin >= 1 else { throw MapAxisError("axis '\(name)': nbin must be at least 1, got \(nbin)") }
        let count = nodeType == .edges ? nbin + 1 : nbin
        let nodes: [Double]
        switch interp {
        case .lin:
            nodes = NumpyCompat.linspace(lower, upper, count)
        case .log:
            guard lower != 0 && upper != 0 else { throw MapAxisError("axis '\(name)': a log axis cannot include zero") }
            nodes = NumpyCompat.geomspace(lower, upper, count)
        case .sqrt:
            nodes = NumpyCompat.linspace(Foundation.pow(lower, 0.5), Foundation.pow(upper, 0.5), count).map { $0 * $0 }
        }
        return try MapAxis(nodes: nodes, interp: interp, name: name, nodeType: nodeType, unit: unit)
    }

    /// A log-spaced energy axis (Gammapy's `MapAxis.from_energy_bounds`), named `energy` or
    /// `energy_true`.
    ///
    /// With `perDecade` the number of bins is `ceil(log10(max/min) × nbin)` when `strictBounds`
    /// (the default), or `floor(...)` with the upper bound lowered to keep exactly `nbin` bins per
    /// decade otherwise.
    public static func fromEnergyBounds(_ energyMin: Double, _ energyMax: Double, nbin: Int, perDecade: Bool = false,
                                        unit: String = "TeV", name: String = "energy", nodeType: NodeType = .edges,
                                        strictBounds: Bool = true) throws -> MapAxis {
        guard name == "energy" || name == "energy_true" else {
            throw MapAxisError("an energy axis can only be named 'energy' or 'energy_true', got '\(name)'")
        }
        guard UnitConversion.areEquivalent(unit, "TeV"), !UnitConversion.isDimensionless(unit) else {
            throw MapAxisError("please provide a valid energy unit, got '\(unit)' instead")
        }
        var count = nbin
        var energyMax = energyMax
        if perDecade {
            let decades = Foundation.log10(energyMax / energyMin)
            if strictBounds {
                count = Int((decades * Double(nbin)).rounded(.up))
            } else {
                let n = (decades * Double(nbin)).rounded(.down)
                count = Int(n)
                if decades.truncatingRemainder(dividingBy: 1 / Double(nbin)) != 0 {
                    // Python's % has the sign of the divisor; both are positive here
                    energyMax = energyMin * Foundation.pow(10, n / Double(nbin))
                }
            }
        }
        return try fromBounds(energyMin, energyMax, nbin: count, name: name, unit: unit, interp: .log, nodeType: nodeType)
    }

    /// An energy axis from edges (Gammapy's `MapAxis.from_energy_edges`), log interpolation.
    public static func fromEnergyEdges(_ edges: [Double], unit: String = "TeV", name: String = "energy",
                                       interp: InterpolationScale = .log) throws -> MapAxis {
        guard name == "energy" || name == "energy_true" else {
            throw MapAxisError("an energy axis can only be named 'energy' or 'energy_true', got '\(name)'")
        }
        return try fromEdges(edges, name: name, unit: unit, interp: interp)
    }

    /// An axis whose nodes are bin edges (Gammapy's `MapAxis.from_edges`); at least two edges.
    public static func fromEdges(_ edges: [Double], name: String = "", unit: String = "",
                                 interp: InterpolationScale = .lin) throws -> MapAxis {
        guard edges.count >= 2 else { throw MapAxisError("axis '\(name)': edges need at least two elements") }
        return try MapAxis(nodes: edges, interp: interp, name: name, nodeType: .edges, unit: unit)
    }

    /// An axis whose nodes are bin centres (Gammapy's `MapAxis.from_nodes`); edges fall half-way
    /// between nodes in the `interp` scale.
    public static func fromNodes(_ nodes: [Double], name: String = "", unit: String = "",
                                 interp: InterpolationScale = .lin) throws -> MapAxis {
        guard !nodes.isEmpty else { throw MapAxisError("axis '\(name)': nodes array must have at least one element") }
        return try MapAxis(nodes: nodes, interp: interp, name: name, nodeType: .center, unit: unit)
    }
}
