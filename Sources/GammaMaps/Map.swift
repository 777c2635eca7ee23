import Foundation

/// A map: a geometry and one value per bin (Gammapy's `Map`, `WcsNDMap`, `RegionNDMap`).
///
/// `data` is a flat buffer in C order of `geom.dataShape` — exactly numpy's `map.data`,
/// `(axis[n-1], ..., axis[0], lat, lon)` with lon fastest — so the value Gammapy shows at
/// `m.data[e, j, i]` is `data[(e * ny + j) * nx + i]`. `unit` is the data unit as a FITS
/// unit string (`"cm2 s"`, `"sr-1"`, `""` for dimensionless and masks). `meta` is Gammapy's
/// `meta` dictionary (written to the `META` keyword as JSON), strings only.
///
/// One generic serves every geometry and element type: `WcsNDMap<Float>` is a counts map,
/// `WcsNDMap<Bool>` a mask, `RegionNDMap<Double>` a spectrum.
public struct Map<Geometry: MapGeometry, Element: MapElement>: Sendable {
    public internal(set) var geom: Geometry
    /// The values, `geom.dataCount` of them; assigning an array of another size is a
    /// programming error (use `setData`).
    public var data: [Element] {
        didSet { precondition(data.count == geom.dataCount, "map data must have \(geom.dataCount) values, got \(data.count)") }
    }
    public var unit: String
    public var meta: [String: String]

    /// A map over `geom` with the given values (flat, numpy C order).
    public init(geom: Geometry, data: [Element], unit: String = "", meta: [String: String] = [:]) throws {
        guard data.count == geom.dataCount else {
            throw MapError(.shapeMismatch, subject: "data",
                           message: "\(data.count) values do not fit the geometry's shape \(geom.dataShape) (\(geom.dataCount) values)")
        }
        self.geom = geom
        self.data = data
        self.unit = unit
        self.meta = meta
    }

    /// A map filled with one value (Gammapy's `Map.from_geom`; the default is zero/false).
    public static func fromGeom(_ geom: Geometry, fill value: Element = .zero, unit: String = "",
                                meta: [String: String] = [:]) -> Map {
        try! Map(geom: geom, data: [Element](repeating: value, count: geom.dataCount), unit: unit, meta: meta)
    }

    /// Replaces the data, checking the count.
    public mutating func setData(_ values: [Element]) throws {
        guard values.count == geom.dataCount else {
            throw MapError(.shapeMismatch, subject: "data", message: "\(values.count) values for shape \(geom.dataShape)")
        }
        data = values
    }

    /// Calls `body` with the values, mutable in place.
    ///
    /// For loops in other modules: there, `map.data.withUnsafeMutableBufferPointer` goes through
    /// the observed property's accessors, which hand over a copy of the array — a copy of the
    /// whole map per call (10 MB for a PSF map).
    public mutating func withUnsafeMutableValues<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try data.withUnsafeMutableBufferPointer(body)
    }

    /// A map with the same geometry, unit and meta and other values (of any element type).
    public func withData<E: MapElement>(_ values: [E], unit: String? = nil) throws -> Map<Geometry, E> {
        try Map<Geometry, E>(geom: geom, data: values, unit: unit ?? self.unit, meta: meta)
    }

    /// The map converted element by element (numpy's `astype`: through `Double`).
    public func converted<E: MapElement>(to type: E.Type = E.self) -> Map<Geometry, E> {
        try! withData(data.map { E.converting($0.mapValue) })
    }

    /// Shape of `data` in numpy order.
    public var dataShape: [Int] { geom.dataShape }

    /// Whether the map holds booleans (Gammapy's `is_mask`).
    public var isMask: Bool { Element.self == Bool.self }

    /// The value at numpy index `(..., j, i)` — one index per dimension of `dataShape`.
    public subscript(index: [Int]) -> Element {
        get { data[flatIndex(index)] }
        set { data[flatIndex(index)] = newValue }
    }

    func flatIndex(_ index: [Int]) -> Int {
        let shape = dataShape
        precondition(index.count == shape.count, "expected \(shape.count) indices for shape \(shape)")
        var flat = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "index \(index) out of range for shape \(shape)")
            flat = flat * n + i
        }
        return flat
    }

    /// The map with the same data on another geometry with the same data count.
    func regridded<G: MapGeometry>(_ geom: G, data: [Element]? = nil) throws -> Map<G, Element> {
        try Map<G, Element>(geom: geom, data: data ?? self.data, unit: unit, meta: meta)
    }
}

/// A map over a `WcsGeom` (Gammapy's `WcsNDMap`).
public typealias WcsNDMap<Element: MapElement> = Map<WcsGeom, Element>

/// A map over a `RegionGeom` (Gammapy's `RegionNDMap`): one spatial bin.
public typealias RegionNDMap<Element: MapElement> = Map<RegionGeom, Element>

extension Map: Equatable {
    /// Equal geometries (Gammapy's `==` on geometries), units, meta and identical data
    /// (NaN never equals NaN, as in numpy).
    public static func == (a: Map, b: Map) -> Bool {
        a.geom == b.geom && a.unit == b.unit && a.meta == b.meta && a.data == b.data
    }
}

extension Map: CustomStringConvertible {
    /// Gammapy's `print(map)`: class, geometry, axes, shape (numpy's reversed data shape), ndim,
    /// unit and numpy dtype name.
    public var description: String {
        let axes = (["lon", "lat"] + geom.axesNames.filter { $0 != "lon" && $0 != "lat" }).map { "'\($0)'" }
        let shape = Array(dataShape.reversed())
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        return "\(Geometry.self == WcsGeom.self ? "WcsNDMap" : "RegionNDMap")\n\n"
            + "\tgeom  : \(type(of: geom)) \n \taxes  : [\(axes.joined(separator: ", "))]\n"
            + "\tshape : \(shapeText)\n\tndim  : \(geom.ndim)\n\tunit  : \(unit)\n\tdtype : \(Self.numpyDType)\n"
    }

    /// numpy's name of the element type.
    static var numpyDType: String {
        switch Element.self {
        case is Bool.Type: return "bool"
        case is Float.Type: return "float32"
        case is Double.Type: return "float64"
        case is Int.Type, is Int64.Type: return "int64"
        case is Int32.Type: return "int32"
        case is Int16.Type: return "int16"
        case is UInt8.Type: return "uint8"
        default: return "\(Element.self)"
        }
    }
}
