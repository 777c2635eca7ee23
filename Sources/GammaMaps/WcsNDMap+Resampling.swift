import Foundation

/// How `pad` fills the new bins (numpy's `np.pad` modes Gammapy passes through).
public enum PadMode: String, Sendable {
    /// A constant value (`cval`).
    case constant
    /// The nearest edge value.
    case edge
}

extension WcsGeom {
    /// Sky and axis coordinates of every data element (Gammapy's `get_coord()` flattened):
    /// pixel-centre positions repeated for each plane, axis bin centres.
    public func dataCoordinates() -> MapCoord {
        let image = imageCoordinates()
        let plane = spatialPixelCount
        var lon = [Double](), lat = [Double]()
        lon.reserveCapacity(dataCount)
        lat.reserveCapacity(dataCount)
        for _ in 0..<axes.binCount {
            lon.append(contentsOf: image.lon)
            lat.append(contentsOf: image.lat)
        }
        var values: [String: [Double]] = [:]
        var stride = plane
        for axis in axes {
            let centers = axis.centers
            var v = [Double](repeating: 0, count: dataCount)
            for i in 0..<dataCount { v[i] = centers[(i / stride) % axis.nbin] }
            values[axis.name] = v
            stride *= axis.nbin
        }
        return try! MapCoord(lon: lon, lat: lat, frame: frame, axes: values)
    }
}

extension Map where Geometry == WcsGeom {
    /// A map `factor` times coarser (Gammapy's `downsample`): blocks of `factor × factor`
    /// pixels (or `factor` bins of `axisName`) are summed with NaN taken as 0
    /// (`preserveCounts`), or averaged weighted by `weights` (numpy order, the data shape).
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    public func downsample(_ factor: Int, preserveCounts: Bool = true, axisName: String? = nil,
                           weights: [Double]? = nil) throws -> Map {
        if factor == 1 { return self }
        let newGeom = try axisName.map { try geom.downsample(factor, axisName: $0) } ?? geom.downsample(factor)
        if let weights, weights.count != data.count {
            throw MapError(.shapeMismatch, subject: "weights", message: "\(weights.count) weights for \(data.count) values")
        }
        let shape = dataShape
        var block = [Int](repeating: 1, count: shape.count)
        if let axisName { block[try geom.axes.dataIndex(of: axisName)] = factor } else {
            block[shape.count - 1] = factor
            block[shape.count - 2] = factor
        }
        let outShape = zip(shape, block).map { $0 / $1 }
        let outCount = outShape.reduce(1, *)
        var sums = [Double](repeating: 0, count: outCount)
        var weightSums = [Double](repeating: 0, count: outCount)
        // each input element goes to output element index / block per dimension
        var index = [Int](repeating: 0, count: shape.count)
        let isFloat = Element.self == Float.self
        for i in 0..<data.count {
            var out = 0
            for d in 0..<shape.count { out = out * outShape[d] + index[d] / block[d] }
            let w = weights?[i] ?? 1
            var v = data[i].mapValue * w
            if isFloat { v = Double(Float(v)) }  // numpy multiplies in float32
            if !v.isNaN { sums[out] += v }
            if !w.isNaN { weightSums[out] += w }
            var d = shape.count - 1
            while d >= 0 { index[d] += 1; if index[d] < shape[d] { break }; index[d] = 0; d -= 1 }
        }
        if !preserveCounts {
            for k in 0..<outCount { sums[k] = weightSums[k] != 0 ? sums[k] / weightSums[k] : 0 }
        }
        return try Map(geom: newGeom, data: sums.map { Element.converting($0) }, unit: unit, meta: meta)
    }

    /// A map `factor` times finer (Gammapy's `upsample`): each new pixel (or bin of
    /// `axisName`) takes the value at its position in the old grid, by nearest neighbour
    /// (`order: 0`) or linear interpolation (`order: 1`), clamped at the edges (scipy's
    /// `map_coordinates(mode="nearest")`); with `preserveCounts` values are divided by the
    /// old bin volume before and multiplied by the new one after.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    public func upsample(_ factor: Int, order: Int = 0, preserveCounts: Bool = true, axisName: String? = nil) throws -> Map {
        if factor == 1 { return self }
        guard order == 0 || order == 1 else {
            throw MapError(.unsupported, subject: "order", message: "only orders 0 and 1 are supported, got \(order)")
        }
        let newGeom = try axisName.map { try geom.upsample(factor, axisName: $0) } ?? geom.upsample(factor)
        var source = data.map(\.mapValue)
        if preserveCounts {
            let volume = geom.binVolume()
            for i in source.indices { source[i] /= volume[i] }
        }
        let shape = dataShape, outShape = newGeom.dataShape
        var scaled = [Bool](repeating: false, count: shape.count)
        if let axisName { scaled[try geom.axes.dataIndex(of: axisName)] = true } else {
            scaled[shape.count - 1] = true
            scaled[shape.count - 2] = true
        }
        let f = Double(factor)
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var out = [Double](repeating: 0, count: newGeom.dataCount)
        var index = [Int](repeating: 0, count: shape.count)
        for k in 0..<out.count {
            // position of the new element in the old grid, per dimension
            var lower = [Int](repeating: 0, count: shape.count)
            var frac = [Double](repeating: 0, count: shape.count)
            for d in 0..<shape.count {
                let p = scaled[d] ? (Double(index[d]) - 0.5 * (f - 1)) / f : Double(index[d])
                if order == 0 {
                    lower[d] = min(max(Int((p + 0.5).rounded(.down)), 0), shape[d] - 1)
                } else {
                    let c = min(max(p, 0), Double(shape[d] - 1))
                    let i = min(Int(c.rounded(.down)), max(shape[d] - 2, 0))
                    lower[d] = i
                    frac[d] = shape[d] > 1 ? c - Double(i) : 0
                }
            }
            if order == 0 {
                var flat = 0
                for d in 0..<shape.count { flat += lower[d] * strides[d] }
                out[k] = source[flat]
            } else {
                var value = 0.0
                for corner in 0..<(1 << shape.count) {
                    var weight = 1.0, flat = 0, valid = true
                    for d in 0..<shape.count {
                        let upper = (corner >> d) & 1 == 1
                        if upper && frac[d] == 0 { valid = false; break }
                        weight *= upper ? frac[d] : 1 - frac[d]
                        flat += (lower[d] + (upper ? 1 : 0)) * strides[d]
                    }
                    if valid { value += weight * source[flat] }
                }
                out[k] = value
            }
            var d = shape.count - 1
            while d >= 0 { index[d] += 1; if index[d] < outShape[d] { break }; index[d] = 0; d -= 1 }
        }
        if preserveCounts {
            let volume = newGeom.binVolume()
            for i in out.indices { out[i] *= volume[i] }
        }
        return try Map(geom: newGeom, data: out.map { Element.converting($0) }, unit: unit, meta: meta)
    }

    /// The map with `width` pixels added on each side of the image (Gammapy's spatial `pad`),
    /// filled with `cval` or the edge values.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func pad(_ width: LonLat<Int>, mode: PadMode = .constant, cval: Element = .zero) throws -> Map {
        let newGeom = try geom.padSpatial(width)
        let nx = geom.npix.lon, ny = geom.npix.lat, mx = newGeom.npix.lon, my = newGeom.npix.lat
        var out = [Element](repeating: cval, count: newGeom.dataCount)
        for p in 0..<geom.axes.binCount {
            for j in 0..<my {
                for i in 0..<mx {
                    let si = i - width.lon, sj = j - width.lat
                    let inside = si >= 0 && si < nx && sj >= 0 && sj < ny
                    if inside || mode == .edge {
                        let ci = min(max(si, 0), nx - 1), cj = min(max(sj, 0), ny - 1)
                        out[(p * my + j) * mx + i] = data[(p * ny + cj) * nx + ci]
                    }
                }
            }
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }

    /// The map with `low` and `high` bins added to the axis `axisName` (Gammapy's
    /// `pad(pad_width, axis_name)`), filled with `cval` or the edge bins.
    public func pad(low: Int, high: Int, axisName: String, mode: PadMode = .constant, cval: Element = .zero) throws -> Map {
        let newGeom = try geom.pad(low: low, high: high, axisName: axisName)
        let d = try geom.axes.dataIndex(of: axisName)
        let shape = dataShape
        let n = shape[d], m = n + low + high
        let inner = shape[(d + 1)...].reduce(1, *), outer = shape[..<d].reduce(1, *)
        var out = [Element](repeating: cval, count: outer * m * inner)
        for o in 0..<outer {
            for k in 0..<m {
                let s = k - low
                guard (s >= 0 && s < n) || mode == .edge else { continue }
                let c = min(max(s, 0), n - 1)
                for i in 0..<inner { out[(o * m + k) * inner + i] = data[(o * n + c) * inner + i] }
            }
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }

    /// The map with `width` pixels removed on each side (Gammapy's `crop`).
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func crop(_ width: LonLat<Int>) throws -> Map {
        let newGeom = try geom.crop(width)
        let nx = geom.npix.lon, ny = geom.npix.lat, mx = newGeom.npix.lon, my = newGeom.npix.lat
        var out: [Element] = []
        out.reserveCapacity(newGeom.dataCount)
        for p in 0..<geom.axes.binCount {
            for j in 0..<my {
                let start = (p * ny + j + width.lat) * nx + width.lon
                out.append(contentsOf: data[start..<(start + mx)])
            }
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }

    /// The map's values summed into another geometry's bins (Gammapy's `resample`): every
    /// bin centre is looked up in `newGeom`; values times `weights` are added, and divided by
    /// the number of contributions unless `preserveCounts`.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    public func resample(_ newGeom: WcsGeom, weights: [Double]? = nil, preserveCounts: Bool = true) throws -> Map {
        let idx = try newGeom.flatIndices(geom.dataCoordinates())
        var sums = [Double](repeating: 0, count: newGeom.dataCount)
        var counts = [Double](repeating: 0, count: newGeom.dataCount)
        for k in idx.indices where idx[k] >= 0 {
            sums[idx[k]] += data[k].mapValue * (weights?[k] ?? 1)
            counts[idx[k]] += 1
        }
        var out = [Element](repeating: .zero, count: newGeom.dataCount)
        for i in out.indices where counts[i] > 0 {
            out[i] = Element.converting(preserveCounts ? sums[i] : sums[i] / counts[i])
        }
        return try Map(geom: newGeom, data: out, unit: unit, meta: meta)
    }

    /// The map evaluated on another geometry (Gammapy's `interp_to_geom`): at every bin centre
    /// of `newGeom`, the interpolated value (`method`, outside the map `fillValue`); with
    /// `preserveCounts` the values are treated per deg² of solid angle. A mask (`Bool` map) takes
    /// the value of the pixel each centre falls in, `fillValue` (as a bool) outside — the
    /// nearest-neighbour reprojection of exclusion and safe masks.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func interpToGeom(_ newGeom: WcsGeom, preserveCounts: Bool = false, fillValue: Double? = 0,
                             method: ScaledRegularGridInterpolator.Method = .linear) throws -> Map {
        let coords = newGeom.dataCoordinates()
        var source = self
        let deg2 = (180 / Double.pi) * (180 / Double.pi)
        if preserveCounts {
            if !newGeom.isImage, let a = newGeom.axes.first, let b = geom.axes.first, a != b {
                throw MapError(.axis, subject: "interp_to_geom", message: "energy axes do not match")
            }
            let solid = geom.solidAngle()
            let plane = solid.count
            source.data = data.enumerated().map { Element.converting($1.mapValue / (solid[$0 % plane] * deg2)) }
        }
        var values: [Double]
        if isMask, let fillValue {
            values = try source.getByCoord(coords).map { $0.isNaN ? fillValue : $0 }
        } else {
            values = try source.interpByCoord(coords, method: method, fillValue: fillValue)
        }
        if preserveCounts {
            let solid = newGeom.solidAngle()
            let plane = solid.count
            for i in values.indices { values[i] *= solid[i % plane] * deg2 }
        }
        return try Map(geom: newGeom, data: values.map { Element.converting($0) }, unit: unit, meta: meta)
    }
}
