extension Map where Geometry == RegionGeom {
    /// The axis `axisName` coarser by `factor` (Gammapy's `RegionNDMap.downsample`): blocks of
    /// `factor` bins are summed with NaN skipped (`preserveCounts`) or averaged over their
    /// non-NaN values; masks are true where all bins of a block are; `weights` (numpy order,
    /// the data shape) multiply the values first.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func downsample(_ factor: Int, axisName: String, preserveCounts: Bool = true, weights: [Double]? = nil) throws -> Map {
        if factor == 1 { return self }
        let newGeom = try geom.withAxes(geom.axes.downsample(factor, axisName: axisName))
        if let weights, weights.count != data.count {
            throw MapError(.shapeMismatch, subject: "weights", message: "\(weights.count) weights for \(data.count) values")
        }
        let d = try geom.axes.dataIndex(of: axisName)
        let shape = dataShape
        let n = shape[d], m = n / factor
        let inner = shape[(d + 1)...].reduce(1, *), outer = shape[..<d].reduce(1, *)
        var out = [Element](repeating: .zero, count: outer * m * inner)
        for o in 0..<outer {
            for b in 0..<m {
                for i in 0..<inner {
                    var sum = 0.0, count = 0.0, all = true
                    for k in (b * factor)..<((b + 1) * factor) {
                        let index = (o * n + k) * inner + i
                        let v = data[index].mapValue * (weights?[index] ?? 1)
                        if v == 0 { all = false }
                        if !v.isNaN { sum += v; count += 1 }
                    }
                    let value = isMask ? (all ? 1 : 0) : (preserveCounts ? sum : (count > 0 ? sum / count : .nan))
                    out[(o * m + b) * inner + i] = .converting(value)
                }
            }
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }
}

extension Map where Geometry == RegionGeom, Element: Numeric {
    /// Adds `other`'s values (Gammapy's `RegionNDMap.stack`: the regions are not compared,
    /// only the data shape): converted to this map's unit, non-finite values as 0 when
    /// `nanToNum`, multiplied by `weights` (the data shape) when given.
    public mutating func stack(_ other: Map, weights: [Double]? = nil, nanToNum: Bool = true) throws {
        guard other.dataShape == dataShape else {
            throw MapError(.shapeMismatch, subject: "stack", message: "shapes \(other.dataShape) and \(dataShape) differ")
        }
        if let weights, weights.count != data.count {
            throw MapError(.shapeMismatch, subject: "weights", message: "\(weights.count) weights for \(data.count) values")
        }
        let factor = try stackingFactor(from: other.unit)
        for i in data.indices {
            var v = other.data[i].mapValue * factor
            if nanToNum && !v.isFinite { v = 0 }
            if let weights { v *= weights[i] }
            data[i] = data[i] + .converting(v)
        }
    }
}
