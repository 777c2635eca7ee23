extension Map {
    /// Adds `weights` (1 per coordinate by default) into the bins of `coord` (Gammapy's
    /// `fill_by_coord` / `fill_events`). Coordinates outside the map are dropped. Bins are
    /// found as Gammapy does: pixel coordinates from the WCS and the axes' `coord_to_pix`,
    /// rounded with `floor(p + 0.5)`. Weights are summed per bin in double precision (numpy's
    /// `bincount`), converted to the element type and added, as Gammapy does.
    ///
    /// For event lists: `MapCoord(lon: ra, lat: dec, frame: .icrs, axes: ["energy": energyTeV],
    /// lonPrecision: raPrecision, latPrecision: decPrecision)` with energies in the energy
    /// axis's unit; the stored precision makes a Galactic geometry bin them as Gammapy does.
    @inlinable
    public mutating func fillByCoord(_ coord: MapCoord, weights: [Double]? = nil) throws {
        if let weights, weights.count != coord.count {
            throw MapError(.shapeMismatch, subject: "weights", message: "\(weights.count) weights for \(coord.count) coordinates")
        }
        try fillByIndex(geom.flatIndices(coord), weights: weights)
    }

    /// Adds weights into flat data indices; negative indices are dropped.
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Float)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Double)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Float)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Double)
    public mutating func fillByIndex(_ indices: [Int], weights: [Double]? = nil) throws {
        if let weights, weights.count != indices.count {
            throw MapError(.shapeMismatch, subject: "weights", message: "\(weights.count) weights for \(indices.count) indices")
        }
        let n = data.count
        if indices.count < n / 8 {
            // Few entries for the map (an event list on a fine map): the entries of each bin
            // summed in their order, from 0, as below, without full-size scratch maps.
            // Entry k of bin i sorted by the key i·m + k: plain integers sort several times faster
            // than through a comparison closure.
            let m = indices.count
            var order: [Int] = []
            order.reserveCapacity(m)
            if n.multipliedReportingOverflow(by: m).overflow {
                for k in indices.indices where indices[k] >= 0 && indices[k] < n { order.append(k) }
                order.sort { indices[$0] != indices[$1] ? indices[$0] < indices[$1] : $0 < $1 }
            } else {
                for k in indices.indices where indices[k] >= 0 && indices[k] < n { order.append(indices[k] * m + k) }
                order.sort()
                for a in order.indices { order[a] %= m }
            }
            data.withUnsafeMutableBufferPointer { d in
                var a = 0
                while a < order.count {
                    let i = indices[order[a]]
                    var sum = 0.0
                    var b = a
                    while b < order.count && indices[order[b]] == i {
                        sum += weights?[order[b]] ?? 1
                        b += 1
                    }
                    d[i] = Element.converting(d[i].mapValue + Element.converting(sum).mapValue)
                    a = b
                }
            }
            return
        }
        var sums = [Double](repeating: 0, count: n)
        var touched = [Bool](repeating: false, count: n)
        indices.withUnsafeBufferPointer { idx in
            sums.withUnsafeMutableBufferPointer { s in
                touched.withUnsafeMutableBufferPointer { t in
                    for k in 0..<idx.count {
                        let i = idx[k]
                        guard i >= 0 && i < n else { continue }
                        s[i] += weights?[k] ?? 1
                        t[i] = true
                    }
                }
            }
        }
        data.withUnsafeMutableBufferPointer { d in
            for i in 0..<n where touched[i] {
                d[i] = Element.converting(d[i].mapValue + Element.converting(sums[i]).mapValue)
            }
        }
    }

    /// The values at `coord` (Gammapy's `get_by_coord`): the bin each coordinate falls in, NaN
    /// (as a double) outside the map.
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Float)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Double)
    @_specialize(exported: true, where Geometry == WcsGeom, Element == Bool)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Float)
    @_specialize(exported: true, where Geometry == RegionGeom, Element == Double)
    public func getByCoord(_ coord: MapCoord) throws -> [Double] {
        try geom.flatIndices(coord).map { $0 >= 0 ? data[$0].mapValue : .nan }
    }
}
