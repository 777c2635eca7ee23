import Foundation
import GammaMaps

/// A value built on first use and then shared by every copy of the struct holding the box.
final class LazyBox<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let lock = NSLock()
    private let make: @Sendable () throws -> Value

    init(_ make: @escaping @Sendable () throws -> Value) { self.make = make }

    func get() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let made = try make()
        value = made
        return made
    }
}

/// The data of a tabulated IRF on its axes, and its evaluation as Gammapy's `IRF.evaluate`.
///
/// - `data` is flat in C order over `axes` (the last axis fastest), in `unit`; `storage` records
///   whether the file held float32 or float64, which Gammapy (numpy) keeps through the value
///   scaling.
/// - Evaluation interpolates linearly (or nearest) between bin centres, in each axis's `interp`
///   scale and in `valuesScale` for the values, and extrapolates beyond the outermost centres.
///   Then, when `fillValue` is set, results at coordinates outside an axis's edges (below the
///   first edge, above the last, or not finite) and results that are not finite become
///   `fillValue`; `outOfBounds` says which combination of axes counts (every axis for most IRFs;
///   `(true energy and migra) or offset` for energy dispersion). Negative results are set to 0.
public struct IRFGrid: Sendable {
    /// Which out-of-range coordinates make a result the fill value.
    public enum OutOfBounds: Sendable, Equatable {
        /// Any axis out of range.
        case anyAxis
        /// Gammapy's `EnergyDispersion2D`: true energy and migra both out of range, or offset.
        case energyDispersion(energyTrue: Int, migra: Int, offset: Int)
    }

    public typealias ValueStorage = ScaledRegularGridInterpolator.ValueStorage
    public typealias Method = ScaledRegularGridInterpolator.Method

    public let axes: [MapAxis]
    /// C-order values (last axis fastest), in `unit`.
    public var data: [Double] { values.doubles }
    /// The values as held: in single precision when every value is a float32 one (as read from
    /// most DL3 files), half the memory of a data store's IRFs held at once.
    let values: CompactValues
    public let storage: ValueStorage
    public let unit: String
    public let valuesScale: InterpolationScale
    /// Default interpolation method.
    public let method: Method
    /// Value outside the axes' edges; nil extrapolates everywhere.
    public let fillValue: Double?
    public let outOfBounds: OutOfBounds
    private let interpolatorBox: LazyBox<ScaledRegularGridInterpolator>

    public init(axes: [MapAxis], data: [Double], storage: ValueStorage = .float64(nativeByteOrder: true), unit: String,
                valuesScale: InterpolationScale = .lin, method: Method = .linear, fillValue: Double? = 0,
                outOfBounds: OutOfBounds = .anyAxis) throws {
        try self.init(axes: axes, values: CompactValues(data), storage: storage, unit: unit,
                      valuesScale: valuesScale, method: method, fillValue: fillValue, outOfBounds: outOfBounds)
    }

    /// The same with the values as held (a grid made from another keeps its values' precision
    /// without converting them twice).
    init(axes: [MapAxis], values: CompactValues, storage: ValueStorage, unit: String,
         valuesScale: InterpolationScale, method: Method, fillValue: Double?, outOfBounds: OutOfBounds) throws {
        guard axes.reduce(1, { $0 * $1.nbin }) == values.count else {
            throw InterpolationError("data of \(values.count) values do not match the axes shape \(axes.map(\.nbin))")
        }
        self.axes = axes
        self.values = values
        self.storage = storage
        self.unit = unit
        self.valuesScale = valuesScale
        self.method = method
        self.fillValue = fillValue
        self.outOfBounds = outOfBounds
        // Gammapy's IRF._interpolate: points at the bin centres, always extrapolating
        interpolatorBox = LazyBox {
            try ScaledRegularGridInterpolator(points: axes.map(\.centers), values: values.doubles, storage: storage,
                                              pointsScale: axes.map(\.interp), valuesScale: valuesScale,
                                              method: method, fillValue: nil)
        }
    }

    /// Number of bins along each axis.
    public var shape: [Int] { axes.map(\.nbin) }

    /// Position of the axis with this name.
    public func index(of name: String) -> Int? { axes.firstIndex { $0.name == name } }

    /// The axis with this name.
    public func axis(_ name: String) -> MapAxis? { axes.first { $0.name == name } }

    /// The interpolator on the bin centres (built once, on first use).
    public func interpolator() throws -> ScaledRegularGridInterpolator { try interpolatorBox.get() }

    /// The same grid with other data (same axes and interpolation settings).
    public func replacingData(_ data: [Double], storage: ValueStorage? = nil, unit: String? = nil) throws -> IRFGrid {
        try IRFGrid(axes: axes, data: data, storage: storage ?? self.storage, unit: unit ?? self.unit,
                    valuesScale: valuesScale, method: method, fillValue: fillValue, outOfBounds: outOfBounds)
    }

    /// The same data on other axes (same sizes) or with other interpolation settings.
    public func with(axes: [MapAxis]? = nil, valuesScale: InterpolationScale? = nil, method: Method? = nil,
                     fillValue: Double?? = nil, outOfBounds: OutOfBounds? = nil) throws -> IRFGrid {
        try IRFGrid(axes: axes ?? self.axes, values: values, storage: storage, unit: unit,
                    valuesScale: valuesScale ?? self.valuesScale, method: method ?? self.method,
                    fillValue: fillValue ?? self.fillValue, outOfBounds: outOfBounds ?? self.outOfBounds)
    }

    /// Bin centres of axis `i` shaped to broadcast along that axis (Gammapy's `axes.get_coord()`).
    public func centerCoordinate(_ i: Int) -> ShapedArray {
        var shape = [Int](repeating: 1, count: axes.count)
        shape[i] = axes[i].nbin
        return ShapedArray(axes[i].centers, shape: shape)
    }

    /// Evaluates at the broadcast of the coordinates (in the axes' units, in axis order; nil takes
    /// the axis's bin centres, shaped along that axis), as Gammapy's `IRF.evaluate`.
    ///
    /// The result has the broadcast shape of all coordinates. (Gammapy leaves the coordinates of
    /// single-bin axes out of its result's shape; the values are the same.)
    public func evaluate(_ coordinates: [ShapedArray?], method: Method? = nil) throws -> ShapedArray {
        guard coordinates.count == axes.count else {
            throw InterpolationError("\(coordinates.count) coordinates for \(axes.count) axes \(axes.map(\.name))")
        }
        let coords = coordinates.enumerated().map { $1 ?? centerCoordinate($0) }
        var result = try interpolator()(coords, method: method, clip: true)
        guard let fill = fillValue else { return result }

        // Gammapy: coord_to_idx(clip=False) == -1 marks coordinates outside an axis's edges
        var offsets = [Int](repeating: 0, count: coords.count + 1)
        for k in coords.indices { offsets[k + 1] = offsets[k] + coords[k].count }
        var invalid = [Bool](repeating: false, count: offsets[coords.count])
        for (k, c) in coords.enumerated() {
            let axis = axes[k]
            let first = axis.edges[0], last = axis.edges[axis.edges.count - 1]
            let ascending = first <= last
            for (e, x) in c.values.enumerated() {
                // fast path for ascending edges; the general digitize otherwise
                invalid[offsets[k] + e] = ascending ? (!x.isFinite || x < first || x > last) : axis.coordToIndex(x) == -1
            }
        }
        let rule = outOfBounds
        invalid.withUnsafeBufferPointer { flags in
            result.values.withUnsafeMutableBufferPointer { out in
                forEachBroadcastRun(shape: result.shape, inputs: coords) { start, length, bases, steps in
                    for j in 0..<length {
                        let outside: Bool
                        switch rule {
                        case .anyAxis:
                            var any = false
                            for k in 0..<bases.count where flags[offsets[k] + bases[k] + j * steps[k]] { any = true; break }
                            outside = any
                        case .energyDispersion(let e, let m, let o):
                            outside = (flags[offsets[e] + bases[e] + j * steps[e]] && flags[offsets[m] + bases[m] + j * steps[m]])
                                || flags[offsets[o] + bases[o] + j * steps[o]]
                        }
                        if outside || !out[start + j].isFinite { out[start + j] = fill }
                    }
                }
            }
        }
        return result
    }

    /// Converts coordinates given in `from` (TeV or deg for the typed IRFs) into the unit of axis
    /// `i`, with astropy's factor; axes without a unit take the numbers as they are.
    func coordinate(_ values: ShapedArray?, from unit: String, axis i: Int) throws -> ShapedArray? {
        guard var values else { return nil }
        let axisUnit = axes[i].unit
        if axisUnit.isEmpty || axisUnit == unit { return values }
        guard let factor = UnitConversion.factor(from: unit, to: axisUnit) else {
            throw InterpolationError("cannot convert \(unit) to the unit '\(axisUnit)' of axis \(axes[i].name)")
        }
        if factor != 1 { for k in values.values.indices { values.values[k] *= factor } }
        return values
    }
}
