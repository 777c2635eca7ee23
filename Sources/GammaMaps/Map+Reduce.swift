/// A reduction over a map axis (the numpy ufunc Gammapy's `reduce` takes): a starting value
/// and a combining step. NaN values are skipped, as Gammapy reduces with `where=~isnan(data)`.
public struct MapReduction<Element: MapElement>: Sendable {
    public var initial: Element
    public var combine: @Sendable (Element, Element) -> Element

    public init(initial: Element, combine: @escaping @Sendable (Element, Element) -> Element) {
        self.initial = initial
        self.combine = combine
    }
}

extension MapReduction where Element: AdditiveArithmetic {
    /// `np.add`: the sum, NaN skipped (all-NaN gives 0).
    public static var sum: MapReduction { MapReduction(initial: .zero) { $0 + $1 } }
}

extension MapReduction where Element: Comparable {
    /// The maximum, NaN skipped (Gammapy cannot reduce floats with `np.maximum`: it has no
    /// identity). An all-NaN run gives the type's lowest value.
    public static func max(lowest: Element) -> MapReduction { MapReduction(initial: lowest) { Swift.max($0, $1) } }
}

extension MapReduction where Element: FloatingPoint {
    /// The maximum with `-inf` as start.
    public static var max: MapReduction { .max(lowest: -Element.infinity) }
}

extension MapReduction where Element == Bool {
    /// `np.logical_or`: true if any value is.
    public static var logicalOr: MapReduction { MapReduction(initial: false) { $0 || $1 } }
    /// `np.logical_and`: true if all values are.
    public static var logicalAnd: MapReduction { MapReduction(initial: true) { $0 && $1 } }
}

extension Map {
    /// The map reduced over the non-spatial axis `axisName` (Gammapy's `reduce`); with
    /// `keepdims` the axis stays as one bin (squashed), else it is dropped.
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
                    for k in 0..<n {
                        let base = (o * n + k) * inner
                        for i in 0..<inner {
                            let v = src[base + i]
                            if !v.isNaNElement { dst[o * inner + i] = op.combine(dst[o * inner + i], v) }
                        }
                    }
                }
            }
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }

    /// The map reduced over several axes in turn (all non-spatial axes by default; Gammapy's
    /// `reduce_over_axes`).
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
    public func sumOverAxes(keepdims: Bool = true, axesNames: [String]? = nil) throws -> Map {
        try reduceOverAxes(.sum, keepdims: keepdims, axesNames: axesNames)
    }
}
