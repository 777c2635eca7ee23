import FITSIO
import GammaMaps

/// The parameters of an analytic PSF tabulated versus true energy and offset, and their
/// interpolation (Gammapy's `ParametricPSF.evaluate_parameters`).
///
/// Values are kept in single precision (Gammapy stores them in a float32 record array whatever
/// the column type) and interpolated linearly between bin centres — log in energy, lin in
/// offset — extrapolating beyond them; negative results are clipped to 0. Sigma values of 0 in
/// the file are read as 1 (Gammapy's fix for some files).
public struct PSFParameterTable: Sendable {
    /// `energy_true` and `offset`.
    public let axes: [MapAxis]
    /// Gammapy's parameter names, in order.
    public let names: [String]
    /// Per parameter, values on `[energy_true][offset]` (float32-exact).
    public let values: [[Double]]
    /// Per parameter, the column unit (`deg` for widths).
    public let units: [String]
    private let interpolators: LazyBox<[ScaledRegularGridInterpolator]>

    public init(axes: [MapAxis], names: [String], values: [[Double]], units: [String]) throws {
        let count = axes.reduce(1) { $0 * $1.nbin }
        guard names.count == values.count, names.count == units.count, values.allSatisfy({ $0.count == count }) else {
            throw InterpolationError("parameter tables do not match the axes shape \(axes.map(\.nbin))")
        }
        self.axes = axes
        self.names = names
        self.values = values
        self.units = units
        interpolators = LazyBox {
            try values.map {
                try ScaledRegularGridInterpolator(points: axes.map(\.centers), values: $0, storage: .float32,
                                                  pointsScale: axes.map(\.interp))
            }
        }
    }

    /// Interpolated parameters at true energies (TeV) and offsets (deg), broadcast; one array per
    /// parameter, in `names` order.
    public func evaluate(energyTrue: ShapedArray, offset: ShapedArray) throws -> [ShapedArray] {
        let e = try converted(energyTrue, from: "TeV", axis: 0)
        let o = try converted(offset, from: "deg", axis: 1)
        return try interpolators.get().map { try $0([e, o]) }
    }

    /// The parameter with this name.
    public func values(of name: String) -> [Double]? { names.firstIndex(of: name).map { values[$0] } }

    /// Factor that turns parameter `i` into degrees (1 when it has no unit or is in deg).
    func degreeFactor(_ i: Int) -> Double {
        units[i].isEmpty ? 1 : (UnitConversion.factor(from: units[i], to: "deg") ?? 1)
    }

    private func converted(_ a: ShapedArray, from unit: String, axis i: Int) throws -> ShapedArray {
        let axisUnit = axes[i].unit
        if axisUnit.isEmpty || axisUnit == unit { return a }
        guard let factor = UnitConversion.factor(from: unit, to: axisUnit) else {
            throw InterpolationError("cannot convert \(unit) to the unit '\(axisUnit)' of axis \(axes[i].name)")
        }
        return ShapedArray(a.values.map { $0 * factor }, shape: a.shape)
    }

    /// Reads the parameter columns (`columns[i]` for `names[i]`) of a parametric PSF table.
    static func read(_ table: FITSTable, names: [String], columns: [String]) throws -> PSFParameterTable {
        let axes = try GADFTable.axes(table, required: ["energy_true", "offset"])
        let shape = axes.map(\.nbin)
        var values: [[Double]] = []
        var units: [String] = []
        for (name, column) in zip(names, columns) {
            let cell = try GADFTable.dataCell(table, column: column)
            guard cell.values.count == shape.reduce(1, *) else {
                throw IRFError(.invalidData, table, column: cell.name,
                               "\(cell.values.count) values (TDIM \(cell.dims)) do not fill the axes shape \(shape)")
            }
            // transpose, then (as Gammapy) reshape to the axes' shape; float32 storage
            var v = cell.values.map { Double(Float($0)) }
            if name.contains("sigma") { for i in v.indices where v[i] == 0 { v[i] = 1 } }
            values.append(v)
            units.append(cell.unit)
        }
        return try PSFParameterTable(axes: axes, names: names, values: values, units: units)
    }
}

/// deg⁻² → sr⁻¹ (astropy's factor up to the last bit).
let squareDegreeToSteradianInverse = UnitConversion.factor(from: "deg-2", to: "sr-1")!

/// Evaluates `body(parameters at p, rad at p)` over the broadcast of the parameter arrays (all of
/// one shape) and `rad`.
func broadcastParametric(_ parameters: [ShapedArray], rad: ShapedArray, _ body: ([Double], Double) -> Double) throws -> ShapedArray {
    guard let shape = ShapedArray.broadcastShape([parameters[0].shape, rad.shape]) else {
        throw InterpolationError("rad \(rad.shape) does not broadcast with energy/offset \(parameters[0].shape)")
    }
    let count = shape.reduce(1, *)
    var walker = BroadcastWalker(shape: shape, inputs: [parameters[0], rad])
    var out = [Double](repeating: 0, count: count)
    var p = [Double](repeating: 0, count: parameters.count)
    for i in 0..<count {
        for k in parameters.indices { p[k] = parameters[k].values[walker.offsets[0]] }
        out[i] = body(p, rad.values[walker.offsets[1]])
        walker.advance()
    }
    return ShapedArray(out, shape: shape)
}
