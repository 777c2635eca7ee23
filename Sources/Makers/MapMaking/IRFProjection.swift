import GammaMaps
import IRF
import Sky

/// Helpers shared by the map makers (Gammapy's `project_irf_on_geom` and `Map.normalize`): IRF
/// values computed on a compact `[axis bin][image pixel]` grid and laid out on a geometry.
enum IRFProjection {
    /// The image pixels' angular distances (deg) from `origin` (Gammapy: the pixel centres'
    /// `separation` from the origin of the FoV frame, i.e. the pointing).
    static func offsets(_ geom: WcsGeom, from origin: SkyCoord) -> [Double] {
        ImageGeometryCache.shared.offsets(geom, from: origin)
    }

    /// The same offsets grouped by value, for values that depend on a pixel's offset alone:
    /// computed once per distinct offset and spread to the pixels. A geometry centred on
    /// `origin` repeats each offset up to eight times (`ImageSymmetry`); others are taken as
    /// they come.
    static func distinctOffsets(_ geom: WcsGeom, from origin: SkyCoord) -> DistinctOffsets {
        CentredImageCache.shared.distinctOffsets(geom.toImage(), from: origin) ?? DistinctOffsets(unique: offsets(geom, from: origin))
    }

    /// Spreads `values`, laid out `[bin of axisName][image pixel]`, over the data of `geom`: the
    /// value of a bin depends only on its `axisName` index and its pixel, so any other axis (a
    /// squashed one-bin `rad`, `energy` or `migra`, an event-type axis) repeats it, as numpy's
    /// broadcasting does in Gammapy.
    static func broadcast(_ values: [Double], along axisName: String, to geom: WcsGeom) throws -> [Double] {
        let npix = geom.spatialPixelCount
        let axis = try geom.axes.axis(named: axisName)
        guard values.count == axis.nbin * npix else {
            throw MapMakingError(.unsupported, "\(values.count) values for \(axis.nbin) \(axisName) bins × \(npix) pixels")
        }
        if geom.axes.count == 1 { return values }
        // numpy order: the last axis is the slowest; the stride of an axis is the product of
        // the image size and the sizes of the axes before it.
        let position = geom.axes.index(of: axisName)!
        var stride = npix
        for k in 0..<position { stride *= geom.axes[k].nbin }
        let count = geom.dataCount
        var out = [Double](repeating: 0, count: count)
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                var start = 0
                while start < count {
                    // one image plane at a time: its axis index decides the source row
                    let bin = (start / stride) % axis.nbin
                    for p in 0..<npix { o[start + p] = v[bin * npix + p] }
                    start += npix
                }
            }
        }
        return out
    }

    /// Checks that `geom` has exactly the non-spatial axes `names`, in that order, as Gammapy's
    /// IRF maps expect ("rad and true energy axes should be given in this specific order").
    static func requireAxes(_ names: [String], in geom: WcsGeom, for what: String) throws {
        guard geom.axes.names == names else {
            throw MapMakingError(.unsupported, "\(what) needs a geometry with the axes \(names) in this order; it has \(geom.axes.names)")
        }
    }


    /// Gammapy's `Map.normalize(axis_name)` on data laid out `[outer][axis bin][inner]`: each
    /// value divided by the largest value of the cumulative sum along the axis (the sum of
    /// `value × bin width`, times `2π × bin centre` for `rad`, with the leading 0 numpy inserts;
    /// NaN if any partial sum is NaN), then NaN → 0 and ±∞ → ±greatest finite.
    static func normalize(_ data: inout [Double], outer: Int, axis: MapAxis, inner: Int, radial: Bool) {
        let n = axis.nbin
        let widths = axis.binWidths
        let centers = axis.centers
        // Gammapy: (2π · centre) · (value · width)
        let jacobian = radial ? centers.map { 2 * Double.pi * $0 } : nil
        let running = UnsafeMutableBufferPointer<Double>.allocate(capacity: inner)
        let maximum = UnsafeMutableBufferPointer<Double>.allocate(capacity: inner)
        defer { running.deallocate(); maximum.deallocate() }
        data.withUnsafeMutableBufferPointer { d in
            for o in 0..<outer {
                let base = o * n * inner
                for p in 0..<inner {
                    running[p] = 0
                    maximum[p] = 0  // the 0 numpy inserts in front of the cumulative sum
                }
                for k in 0..<n {
                    let row = d.baseAddress! + base + k * inner
                    let w = widths[k], j = jacobian?[k] ?? 1
                    // the same steps as one loop would take, in loops without per-value branches
                    // on `radial` and `k == 0`
                    @inline(__always) func accumulate(_ term: Double, _ p: Int, first: Bool) {
                        let sum = first ? term : running[p] + term
                        running[p] = sum
                        // numpy's max: NaN wins
                        let m = maximum[p]
                        maximum[p] = (m != m || sum != sum) ? .nan : (sum > m ? sum : m)
                    }
                    switch (radial, k == 0) {
                    case (true, true): for p in 0..<inner { accumulate(j * (row[p] * w), p, first: true) }
                    case (true, false): for p in 0..<inner { accumulate(j * (row[p] * w), p, first: false) }
                    case (false, true): for p in 0..<inner { accumulate(row[p] * w, p, first: true) }
                    case (false, false): for p in 0..<inner { accumulate(row[p] * w, p, first: false) }
                    }
                }
                // × 1/max: the same as / max but for the last bit (0 → ±∞ or NaN, NaN → NaN)
                for p in 0..<inner { maximum[p] = 1 / maximum[p] }
                for k in 0..<n {
                    let row = base + k * inner
                    for p in 0..<inner { d[row + p] = NumpyCompat.nanToNum(d[row + p] * maximum[p]) }
                }
            }
        }
    }
}
