/// Element-wise arithmetic (Gammapy's `Map.__add__` and friends): maps combine only with maps
/// of an equal geometry (Gammapy's `==`); plain numbers apply to every element; arrays
/// broadcast against the data shape with numpy's rules (`combined(with:shape:_:)`).
///
/// Units: `+` and `-` convert the other map to this map's unit when `UnitConversion` knows
/// both (else they must be equal strings); `*` and `/` join the unit strings (`"cm2 s"`,
/// `"cm-2 s-1 / sr"`), which astropy reads back as the product or quotient.
extension Map {
    /// The factor converting values in `otherUnit` to this map's unit when another map is
    /// stacked into it (1 for the same unit).
    func stackingFactor(from otherUnit: String) throws -> Double {
        if otherUnit == unit { return 1 }
        guard let factor = UnitConversion.factor(from: otherUnit, to: unit) else {
            throw MapError(.invalidArgument, subject: "stack", message: "units '\(otherUnit)' and '\(unit)' are not convertible")
        }
        return factor
    }
}

extension Map where Element: Numeric {
    func checkedOther(_ other: Map, converting: Bool) throws -> [Element] {
        guard geom == other.geom else {
            throw MapError(.shapeMismatch, subject: "map arithmetic", message: "inconsistent geometries")
        }
        guard converting, unit != other.unit else { return other.data }
        guard let factor = UnitConversion.factor(from: other.unit, to: unit) else {
            throw MapError(.invalidArgument, subject: "map arithmetic", message: "units '\(other.unit)' and '\(unit)' are not convertible")
        }
        return other.data.map { Element.converting($0.mapValue * factor) }
    }

    func elementwise(_ other: [Element], _ op: (Element, Element) -> Element) -> [Element] {
        var out = data
        out.withUnsafeMutableBufferPointer { o in
            other.withUnsafeBufferPointer { b in
                for i in 0..<o.count { o[i] = op(o[i], b[i]) }
            }
        }
        return out
    }

    static func joinUnits(_ a: String, _ b: String, _ separator: String) -> String {
        if b.isEmpty { return a }
        if a.isEmpty { return separator == " " ? b : "1 / \(b)" }
        return separator == " " ? "\(a) \(b)" : "\(a) / \(b.contains(" ") ? "(\(b))" : b)"
    }

    public static func + (a: Map, b: Map) throws -> Map {
        var out = a
        out.data = a.elementwise(try a.checkedOther(b, converting: true), +)
        return out
    }

    public static func - (a: Map, b: Map) throws -> Map {
        var out = a
        out.data = a.elementwise(try a.checkedOther(b, converting: true), -)
        return out
    }

    public static func * (a: Map, b: Map) throws -> Map {
        var out = a
        out.data = a.elementwise(try a.checkedOther(b, converting: false), *)
        out.unit = joinUnits(a.unit, b.unit, " ")
        return out
    }

    /// Adds a number (in this map's unit) to every element.
    public static func + (a: Map, b: Element) -> Map { var out = a; out.data = a.data.map { $0 + b }; return out }
    public static func - (a: Map, b: Element) -> Map { var out = a; out.data = a.data.map { $0 - b }; return out }
    /// Multiplies every element by a dimensionless number.
    public static func * (a: Map, b: Element) -> Map { var out = a; out.data = a.data.map { $0 * b }; return out }

    /// Combines the data with `values` of numpy shape `shape`, broadcast against the data
    /// shape by numpy's rules (dimensions aligned from the right; size 1 repeats), e.g. a
    /// per-energy factor of shape `[nE, 1, 1]` or an image of shape `[ny, nx]`.
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Float)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Double)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Float)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Double)
    public func combined(with values: [Element], shape: [Int], _ op: (Element, Element) -> Element) throws -> Map {
        let target = dataShape
        guard shape.reduce(1, *) == values.count, shape.count <= target.count else {
            throw MapError(.shapeMismatch, subject: "broadcast", message: "\(values.count) values of shape \(shape) against \(target)")
        }
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: target.count)
        var s = 1
        for d in stride(from: target.count - 1, through: 0, by: -1) {
            guard padded[d] == target[d] || padded[d] == 1 else {
                throw MapError(.shapeMismatch, subject: "broadcast", message: "shape \(shape) does not broadcast to \(target)")
            }
            strides[d] = padded[d] == 1 ? 0 : s
            s *= padded[d]
        }
        var out = data
        var index = [Int](repeating: 0, count: target.count)
        var offset = 0
        for i in 0..<out.count {
            out[i] = op(out[i], values[offset])
            var d = target.count - 1
            while d >= 0 {
                index[d] += 1
                offset += strides[d]
                if index[d] < target[d] { break }
                offset -= strides[d] * target[d]
                index[d] = 0
                d -= 1
            }
        }
        var result = self
        result.data = out
        return result
    }
}

extension Map where Element: FloatingPoint {
    public static func / (a: Map, b: Map) throws -> Map {
        var out = a
        out.data = a.elementwise(try a.checkedOther(b, converting: false), /)
        out.unit = joinUnits(a.unit, b.unit, "/")
        return out
    }

    public static func / (a: Map, b: Element) -> Map { var out = a; out.data = a.data.map { $0 / b }; return out }
}

extension Map where Element: Comparable {
    /// A mask: true where the element is greater than `value` (Gammapy's `map > value`).
    public static func > (a: Map, value: Element) -> Map<Geometry, Bool> { try! a.withData(a.data.map { $0 > value }, unit: "") }
    public static func >= (a: Map, value: Element) -> Map<Geometry, Bool> { try! a.withData(a.data.map { $0 >= value }, unit: "") }
    public static func < (a: Map, value: Element) -> Map<Geometry, Bool> { try! a.withData(a.data.map { $0 < value }, unit: "") }
    public static func <= (a: Map, value: Element) -> Map<Geometry, Bool> { try! a.withData(a.data.map { $0 <= value }, unit: "") }
}

extension Map where Element == Bool {
    /// Logical and of two masks of equal geometry (Gammapy's `&`).
    public static func && (a: Map, b: Map) throws -> Map { try a.logical(b, .and) }
    /// Logical or (Gammapy's `|`).
    public static func || (a: Map, b: Map) throws -> Map { try a.logical(b, .or) }
    /// Logical not (Gammapy's `~`).
    public static prefix func ! (a: Map) -> Map { var out = a; out.data = a.data.map { !$0 }; return out }
    /// Exclusive or (Gammapy's `^`).
    public func xor(_ other: Map) throws -> Map { try logical(other, .xor) }

    func logical(_ other: Map, _ operation: MaskLogic.Operation) throws -> Map {
        guard geom == other.geom else {
            throw MapError(.shapeMismatch, subject: "map arithmetic", message: "inconsistent geometries")
        }
        var out = self
        out.data = MaskLogic.combine(data, other.data, operation)
        return out
    }
}
