/// A reduction over a map axis (the numpy ufunc Gammapy's `reduce` takes). NaN values are
/// skipped, as Gammapy reduces with `where=~isnan(data)`. The built-in reductions run as
/// tight loops; `init(initial:combine:)` makes any other.
public struct MapReduction<Element: MapElement>: Sendable {
    enum Kind: Sendable {
        case sum, maximum, logicalOr, logicalAnd
        case custom(@Sendable (Element, Element) -> Element)
    }

    let kind: Kind
    public let initial: Element

    init(_ kind: Kind, initial: Element) {
        self.kind = kind
        self.initial = initial
    }

    /// A custom reduction: a starting value and a combining step.
    public init(initial: Element, combine: @escaping @Sendable (Element, Element) -> Element) {
        self.init(.custom(combine), initial: initial)
    }

    /// The combining step.
    public func combine(_ a: Element, _ b: Element) -> Element {
        switch kind {
        case .sum: return .converting(a.mapValue + b.mapValue)
        case .maximum: return b.mapValue > a.mapValue ? b : a
        case .logicalOr: return .converting(a.mapValue != 0 || b.mapValue != 0 ? 1 : 0)
        case .logicalAnd: return .converting(a.mapValue != 0 && b.mapValue != 0 ? 1 : 0)
        case .custom(let f): return f(a, b)
        }
    }
}

extension MapReduction where Element: AdditiveArithmetic {
    /// `np.add`: the sum, NaN skipped (all-NaN gives 0). Each step rounds to the element type,
    /// as numpy adds float32 data in float32.
    public static var sum: MapReduction { MapReduction(.sum, initial: .zero) }
}

extension MapReduction where Element: FloatingPoint {
    /// The maximum, NaN skipped, `-inf` when all are NaN (Gammapy cannot reduce floats with
    /// `np.maximum`: it has no identity).
    public static var max: MapReduction { MapReduction(.maximum, initial: -Element.infinity) }
}

extension MapReduction where Element == Bool {
    /// `np.logical_or`: true if any value is.
    public static var logicalOr: MapReduction { MapReduction(.logicalOr, initial: false) }
    /// `np.logical_and`: true if all values are.
    public static var logicalAnd: MapReduction { MapReduction(.logicalAnd, initial: true) }
}

extension Map {
    /// The map reduced over the non-spatial axis `axisName` (Gammapy's `reduce`); with
    /// `keepdims` the axis stays as one bin (squashed), else it is dropped.
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Float)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Double)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Bool)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Float)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Double)
    public func reduce(axisName: String, _ op: MapReduction<Element>, keepdims: Bool = false) throws -> Map {
        let newGeom = keepdims ? try geom.squash(axisName: axisName) : try geom.dropAxis(axisName)
        let d = try geom.axes.dataIndex(of: axisName)
        let shape = dataShape
        let n = shape[d]
        let inner = shape[(d + 1)...].reduce(1, *)
        let outer = shape[..<d].reduce(1, *)
        var out = [Element](repeating: op.initial, count: outer * inner)
        data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for o in 0..<outer {
                    let target = dst.baseAddress! + o * inner
                    for k in 0..<n {
                        let row = src.baseAddress! + (o * n + k) * inner
                        Self.accumulate(op, into: target, from: row, count: inner)
                    }
                }
            }
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }

    /// One row of a reduction: `dst[i] = op(dst[i], src[i])` where `src[i]` is not NaN. Sums
    /// of `Float` and `Double` rows and logical reductions of masks run in concrete loops
    /// (float32 sums stay float32, as in numpy), whatever module the generic call comes from.
    @inline(__always)
    static func accumulate(_ op: MapReduction<Element>, into dst: UnsafeMutablePointer<Element>,
                           from src: UnsafePointer<Element>, count: Int) {
        if Element.self == Bool.self {
            let d = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Bool.self)
            let s = UnsafeRawPointer(src).assumingMemoryBound(to: Bool.self)
            switch op.kind {
            case .logicalOr:
                for i in 0..<count where s[i] { d[i] = true }
                return
            case .logicalAnd:
                for i in 0..<count where !s[i] { d[i] = false }
                return
            default: break
            }
        }
        if case .sum = op.kind {
            if Element.self == Float.self {
                sumRow(UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Float.self),
                       UnsafeRawPointer(src).assumingMemoryBound(to: Float.self), count)
                return
            }
            if Element.self == Double.self {
                sumRow(UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Double.self),
                       UnsafeRawPointer(src).assumingMemoryBound(to: Double.self), count)
                return
            }
        }
        switch op.kind {
        case .sum:
            for i in 0..<count where !src[i].isNaNElement { dst[i] = .converting(dst[i].mapValue + src[i].mapValue) }
        case .maximum:
            for i in 0..<count where !src[i].isNaNElement && src[i].mapValue > dst[i].mapValue { dst[i] = src[i] }
        case .logicalOr:
            for i in 0..<count where src[i].mapValue != 0 { dst[i] = .converting(1) }
        case .logicalAnd:
            for i in 0..<count where src[i].mapValue == 0 { dst[i] = .converting(0) }
        case .custom(let f):
            for i in 0..<count where !src[i].isNaNElement { dst[i] = f(dst[i], src[i]) }
        }
    }

    static func sumRow(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ count: Int) {
        for i in 0..<count where !src[i].isNaN { dst[i] += src[i] }
    }

    static func sumRow(_ dst: UnsafeMutablePointer<Double>, _ src: UnsafePointer<Double>, _ count: Int) {
        for i in 0..<count where !src[i].isNaN { dst[i] += src[i] }
    }

    /// The map reduced over several axes in turn (all non-spatial axes by default; Gammapy's
    /// `reduce_over_axes`).
    @inlinable
    public func reduceOverAxes(_ op: MapReduction<Element>, keepdims: Bool = false, axesNames: [String]? = nil) throws -> Map {
        var result = self
        for name in axesNames ?? geom.axes.names {
            result = try result.reduce(axisName: name, op, keepdims: keepdims)
        }
        return result
    }
}

extension Map where Element: AdditiveArithmetic {
    /// Sum over the non-spatial axes, NaN skipped (Gammapy's `sum_over_axes`; keeps the
    /// summed axes as single bins by default, as Gammapy does).
    @inlinable
    public func sumOverAxes(keepdims: Bool = true, axesNames: [String]? = nil) throws -> Map {
        try reduceOverAxes(.sum, keepdims: keepdims, axesNames: axesNames)
    }
}
