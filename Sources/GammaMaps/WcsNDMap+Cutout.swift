import Sky

extension Map where Geometry == WcsGeom {
    /// The map cut out around `position` (Gammapy's `WcsNDMap.cutout`): the geometry of
    /// `WcsGeom.cutout`, the values copied where the cutout overlaps the map and zero (false)
    /// elsewhere (`partial` mode), in every plane.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    @_specialize(exported: true, where Element == Bool)
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim,
                       oddNpix: Bool = false, minNpix: Double = 1) throws -> Map {
        let cutGeom = try geom.cutout(position: position, width: width, mode: mode, oddNpix: oddNpix, minNpix: minNpix)
        let s = try cutGeom.cutoutSlices(in: geom, mode: mode)
        var out = [Element](repeating: .zero, count: cutGeom.dataCount)
        let nx = geom.npix.lon, ny = geom.npix.lat, cx = cutGeom.npix.lon, cy = cutGeom.npix.lat
        for p in 0..<geom.axes.binCount {
            for (jp, jc) in zip(s.parentY, s.cutoutY) {
                for (ip, ic) in zip(s.parentX, s.cutoutX) {
                    out[(p * cy + jc) * cx + ic] = data[(p * ny + jp) * nx + ip]
                }
            }
        }
        return try Map(geom: cutGeom, data: out, unit: unit, meta: meta)
    }
}

extension Map where Geometry == WcsGeom, Element: Numeric {
    /// Adds `other` into this map (Gammapy's `WcsNDMap.stack`): `other` has an equal geometry
    /// or is a cutout aligned with this one (it is added where it overlaps). Non-finite values
    /// count as 0 when `nanToNum`; `weights` (of `other`'s image shape, broadcast over the
    /// planes, or of its full shape) multiply `other` first. Units must be convertible.
    @_specialize(exported: true, where Element == Float)
    @_specialize(exported: true, where Element == Double)
    public mutating func stack(_ other: Map, weights: [Double]? = nil, nanToNum: Bool = true) throws {
        let slices = try geom.stackingSlices(of: other.geom)
        guard other.geom.axes.binCount == geom.axes.binCount else {
            throw MapError(.shapeMismatch, subject: "stack", message: "the maps' non-spatial axes differ")
        }
        let factor = try stackingFactor(from: other.unit)
        let oplane = other.geom.spatialPixelCount
        if let weights, weights.count != oplane && weights.count != other.data.count {
            throw MapError(.shapeMismatch, subject: "weights", message: "\(weights.count) weights for \(other.data.count) values")
        }
        let nx = geom.npix.lon, ny = geom.npix.lat, ox = other.geom.npix.lon, oy = other.geom.npix.lat
        for p in 0..<geom.axes.binCount {
            for (jp, jc) in zip(slices.parentY, slices.cutoutY) {
                for (ip, ic) in zip(slices.parentX, slices.cutoutX) {
                    let k = (p * oy + jc) * ox + ic
                    var v = Element.converting(other.data[k].mapValue * factor)
                    if nanToNum && !v.mapValue.isFinite { v = .zero }
                    if let weights {
                        v = Element.converting(v.mapValue * weights[weights.count == oplane ? k % oplane : k])
                    }
                    let t = (p * ny + jp) * nx + ip
                    data[t] = data[t] + v
                }
            }
        }
    }
}
