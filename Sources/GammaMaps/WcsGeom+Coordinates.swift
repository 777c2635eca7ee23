import Dispatch
import Foundation
import Sky

/// Where a pixel coordinate is taken within a pixel (Gammapy's `mode="center"` / `"edges"`).
public enum PixelMode: String, Sendable {
    /// Pixel centres: `nx × ny` points at integer pixel coordinates.
    case center
    /// Pixel corners: `(nx + 1) × (ny + 1)` points at half-integer coordinates.
    case edges
}

extension WcsGeom {
    /// Zero-based pixel coordinates to sky coordinates in this geometry's frame (degrees), in
    /// one wcslib call. Longitudes are wrapped into [0, 360) as astropy's `SkyCoord` wraps
    /// them; points outside the projection are NaN.
    public func pixelToWorld(x: [Double], y: [Double]) -> (lon: [Double], lat: [Double]) {
        var (lon, lat) = wcs.pixelToWorld(x: x, y: y)
        lon.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = Self.wrapLongitude(buffer[i]) }
        }
        return (lon, lat)
    }

    /// Sky coordinates (degrees, in `frame`, converted to this geometry's frame) to zero-based
    /// pixel coordinates, in one wcslib call; NaN where the projection has no pixel.
    public func worldToPixel(lon: [Double], lat: [Double], frame: SkyFrame? = nil) -> (x: [Double], y: [Double]) {
        if let frame, frame != self.frame {
            let t = SkyCoord.transform(lon: lon, lat: lat, from: frame, to: self.frame)
            return wcs.worldToPixel(lon: t.lon, lat: t.lat)
        }
        return wcs.worldToPixel(lon: lon, lat: lat)
    }

    /// Pixel coordinates of one sky direction.
    public func worldToPixel(_ coord: SkyCoord) -> (x: Double, y: Double) {
        let p = worldToPixel(lon: [coord.lon], lat: [coord.lat], frame: coord.frame)
        return (p.x[0], p.y[0])
    }

    /// Pixel coordinates of the image grid, flat in C order (y slow, x fast): centres
    /// (`0..<nx`) or corners (`-0.5...nx - 0.5`).
    public func imagePixels(mode: PixelMode = .center) -> (x: [Double], y: [Double]) {
        let offset = mode == .edges ? -0.5 : 0
        let nx = npix.lon + (mode == .edges ? 1 : 0), ny = npix.lat + (mode == .edges ? 1 : 0)
        var x = [Double](repeating: 0, count: nx * ny), y = x
        for j in 0..<ny {
            for i in 0..<nx {
                x[j * nx + i] = Double(i) + offset
                y[j * nx + i] = Double(j) + offset
            }
        }
        return (x, y)
    }

    /// Sky coordinates of the image's pixel centres or corners (Gammapy's
    /// `to_image().get_coord(mode=...)`), flat in C order, NaN outside the projection.
    public func imageCoordinates(mode: PixelMode = .center) -> (lon: [Double], lat: [Double]) {
        let p = imagePixels(mode: mode)
        return pixelToWorld(x: p.x, y: p.y)
    }

    /// The image's pixel indices as Gammapy's `get_idx()` gives them: integer pixel centres,
    /// and -1 for pixels whose centre lies outside the projection (the corners of an all-sky
    /// AIT map). Flat in C order.
    public func imageIndices() -> (x: [Double], y: [Double]) {
        var p = imagePixels(mode: .center)
        let lon = wcs.pixelToWorld(x: p.x, y: p.y).lon
        for k in lon.indices where !lon[k].isFinite {
            p.x[k] = -1
            p.y[k] = -1
        }
        return p
    }

    /// Angular distance in degrees from `center` to each pixel centre of the image (Gammapy's
    /// `separation`), flat in C order.
    public func separation(from center: SkyCoord) -> [Double] {
        let c = imageCoordinates()
        return center.separations(lon: c.lon, lat: c.lat, frame: frame)
    }

    /// Pixel coordinates of map coordinates: `[x, y, p0, p1, ...]` with one array per
    /// dimension in Gammapy's order (lon, lat, then the axes), NaN where undefined.
    public func coordToPix(_ coord: MapCoord) throws -> [[Double]] {
        let sky = coord.transformed(to: frame)
        let p = wcs.worldToPixel(lon: sky.lon, lat: sky.lat)
        var result = [p.x, p.y]
        for axis in axes {
            result.append(axis.coordToPix(try coord.values(of: axis.name)))
        }
        return result
    }

    /// Flat data index of each coordinate, or -1 when it falls outside the map (Gammapy's
    /// `coord_to_idx` followed by `ravel_multi_index`): pixel indices are
    /// `floor(pix + 0.5)` and must lie in `0..<n` on every dimension. Large batches are split
    /// over the processor's cores (the WCS and axis conversions are independent per point).
    public func flatIndices(_ coord: MapCoord) throws -> [Int] {
        let n = coord.count
        let cores = min(ProcessInfo.processInfo.activeProcessorCount, 16)
        guard cores > 1, n >= 100_000 else { return try flatIndicesSerial(coord) }
        // validate the axes once, before splitting
        for axis in axes { _ = try coord.values(of: axis.name) }
        let chunk = (n + cores - 1) / cores
        var result = [Int](repeating: -1, count: n)
        result.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: cores) { c in
                let range = (c * chunk)..<min(n, (c + 1) * chunk)
                guard !range.isEmpty else { return }
                let part = coord.slice(range)
                // each chunk writes its own range of the output only
                if let indices = try? self.flatIndicesSerial(part) {
                    for (k, i) in zip(range, indices) { out[k] = i }
                }
            }
        }
        return result
    }

    /// The non-spatial axes are looked at first: a point outside one of them is outside the map
    /// wherever it is on the sky, and is not converted to pixels (most of an IACT run's events
    /// lie outside a map's energy range; each conversion is three libm calls in wcslib). A point's
    /// pixels do not depend on the other points converted with it, so the indices are the same.
    func flatIndicesSerial(_ coord: MapCoord) throws -> [Int] {
        let sizes = [npix.lon, npix.lat] + axes.shape
        var strides = [Int](repeating: 1, count: sizes.count)
        for d in 1..<sizes.count { strides[d] = strides[d - 1] * sizes[d - 1] }
        var result = [Int](repeating: 0, count: coord.count)
        /// Adds dimension `d`'s index of the points `at` (all when nil) from their pixel
        /// coordinates `pix` (one per point, in that order), or marks them outside.
        func add(_ pix: [Double], dimension d: Int, at points: [Int]?) {
            let n = sizes[d], stride = strides[d]
            pix.withUnsafeBufferPointer { p in
                result.withUnsafeMutableBufferPointer { r in
                    for m in 0..<p.count {
                        let k = points?[m] ?? m
                        guard r[k] >= 0 else { continue }
                        let i = Self.pixelIndex(p[m])
                        r[k] = (i >= 0 && i < n) ? r[k] + i * stride : -1
                    }
                }
            }
        }
        for (a, axis) in axes.enumerated() {
            add(axis.coordToPix(try coord.values(of: axis.name)), dimension: 2 + a, at: nil)
        }
        let inside = result.indices.filter { result[$0] >= 0 }
        guard !inside.isEmpty else { return result }
        let all = inside.count == coord.count
        let sky = all ? coord : try MapCoord(lon: inside.map { coord.lon[$0] }, lat: inside.map { coord.lat[$0] }, frame: coord.frame,
                                             lonPrecision: coord.lonPrecision, latPrecision: coord.latPrecision)
        let onSky = sky.transformed(to: frame)
        let p = wcs.worldToPixel(lon: onSky.lon, lat: onSky.lat)
        add(p.x, dimension: 0, at: all ? nil : inside)
        add(p.y, dimension: 1, at: all ? nil : inside)
        return result
    }

    /// Whether each coordinate falls inside the map (Gammapy's `contains`).
    public func contains(_ coord: MapCoord) throws -> [Bool] {
        try flatIndices(coord).map { $0 >= 0 }
    }

    /// Whether each sky position falls inside the image.
    public func contains(lon: [Double], lat: [Double], frame: SkyFrame? = nil) -> [Bool] {
        let p = worldToPixel(lon: lon, lat: lat, frame: frame)
        return zip(p.x, p.y).map { x, y in
            let i = Self.pixelIndex(x), j = Self.pixelIndex(y)
            return i >= 0 && i < npix.lon && j >= 0 && j < npix.lat
        }
    }

    /// Gammapy's `pix_tuple_to_idx`: `floor(pix + 0.5)`, -1 for NaN (and for values beyond
    /// the range of `Int`).
    @inline(__always)
    static func pixelIndex(_ pix: Double) -> Int {
        let r = (pix + 0.5).rounded(.down)
        return r.isFinite && abs(r) < 1e15 ? Int(r) : -1
    }

    /// astropy's `Longitude` wrapping into [0, 360) (`Angle._wrap_at(360 deg)`): values in
    /// range are returned unchanged, others shifted by whole turns.
    @inline(__always)
    static func wrapLongitude(_ lon: Double) -> Double {
        if lon >= 0 && lon < 360 || !lon.isFinite { return lon }
        var v = lon - (lon / 360).rounded(.down) * 360
        if v >= 360 { v -= 360 }
        if v < 0 { v += 360 }
        return v
    }
}
