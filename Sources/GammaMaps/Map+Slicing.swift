extension Map {
    /// The sub-map of bins `ranges` on the named non-spatial axes; other axes are kept whole
    /// (Gammapy's `slice_by_idx` with slices).
    public func sliceByIdx(_ ranges: [String: Range<Int>]) throws -> Map {
        for (name, r) in ranges {
            let n = try geom.axes.axis(named: name).nbin
            guard !r.isEmpty, r.lowerBound >= 0, r.upperBound <= n else {
                throw MapError(.axis, subject: "axis '\(name)'", message: "bin range \(r) outside 0..<\(n)")
            }
        }
        let newGeom = try geom.sliceByIdx(ranges)
        let dims = geom.axes.reversed().map { ranges[$0.name] ?? 0..<$0.nbin }
        return try Map(geom: newGeom, data: gatherPlanes(dims), unit: unit, meta: meta)
    }

    /// The sub-map with the named axes fixed at one bin each; those axes are dropped
    /// (Gammapy's `slice_by_idx` with integers).
    public func sliceByIdx(_ indices: [String: Int]) throws -> Map {
        var sliced = try sliceByIdx(indices.mapValues { $0..<($0 + 1) })
        for name in indices.keys { sliced.geom = try sliced.geom.dropAxis(name) }
        return sliced
    }

    /// The image at one bin of every non-spatial axis, `indices` in axis order (Gammapy's
    /// `get_image_by_idx`).
    public func getImageByIdx(_ indices: [Int]) throws -> Map {
        guard indices.count == geom.axes.count else {
            throw MapError(.axis, subject: "idx", message: "\(indices.count) indices for \(geom.axes.count) axes")
        }
        return try sliceByIdx(Dictionary(uniqueKeysWithValues: zip(geom.axes.names, indices)))
    }

    /// Copies the image planes at the given index ranges of the non-spatial data dimensions
    /// (numpy order), in order.
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Float)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Double)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Bool)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Float)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Double)
    func gatherPlanes(_ dims: [Range<Int>]) -> [Element] {
        let plane = geom.spatialPixelCount
        let shape = geom.axes.dataShape
        var out: [Element] = []
        out.reserveCapacity(dims.reduce(plane) { $0 * $1.count })
        var index = dims.map(\.lowerBound)
        if dims.contains(where: \.isEmpty) { return out }
        while true {
            var flat = 0
            for (i, n) in zip(index, shape) { flat = flat * n + i }
            out.append(contentsOf: data[(flat * plane)..<((flat + 1) * plane)])
            var d = dims.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < dims[d].upperBound { break }
                index[d] = dims[d].lowerBound
                d -= 1
            }
            if d < 0 { break }
        }
        return out
    }

    /// Iterates over the image planes (Gammapy's `iter_by_image_data`): the plane's values
    /// and its index per non-spatial axis in axis order.
    public func forEachImage(_ body: (ArraySlice<Element>, [Int]) throws -> Void) rethrows {
        let plane = geom.spatialPixelCount
        let shape = geom.axes.shape
        for p in 0..<geom.axes.binCount {
            var rest = p
            var index = [Int](repeating: 0, count: shape.count)
            for d in 0..<shape.count {
                index[d] = rest % shape[d]
                rest /= shape[d]
            }
            try body(data[(p * plane)..<((p + 1) * plane)], index)
        }
    }
}
