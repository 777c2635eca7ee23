import Foundation

extension MapAxis {
    /// Pixel coordinate of an axis coordinate (in `unit`), Gammapy's `coord_to_pix`: linear in
    /// the scaled coordinate between nodes and extrapolated outside; bin *i* spans pixels
    /// [*i* − 0.5, *i* + 0.5]. A single-node axis maps everything to pixel 0.
    public func coordToPix(_ coord: Double) -> Double {
        Self.coordinateToPixel(interp.scale(coord), sorted: sortedScaledNodes, pixels: sortedPixels) + pixelOffset
    }

    /// `coordToPix` over an array.
    public func coordToPix(_ coords: [Double]) -> [Double] { coords.map { coordToPix($0) } }

    /// Axis coordinate (in `unit`) of a pixel coordinate, Gammapy's `pix_to_coord`.
    public func pixToCoord(_ pix: Double) -> Double {
        Self.pixelToCoordinate(pix - pixelOffset, scaled: scaledNodes, interp: interp)
    }

    /// `pixToCoord` over an array.
    public func pixToCoord(_ pix: [Double]) -> [Double] { pix.map { pixToCoord($0) } }

    /// Bin index of a coordinate, Gammapy's `coord_to_idx`: `digitize(coord, edges) - 1`.
    ///
    /// With `clip` the index is clamped to `0..<nbin`. Without, coordinates below the first edge
    /// or above the last are -1; a coordinate exactly on the last edge gives `nbin` (one past the
    /// last bin) as in Gammapy. Non-finite coordinates are always -1.
    public func coordToIndex(_ coord: Double, clip: Bool = false) -> Int {
        guard coord.isFinite else { return -1 }
        var idx = digitize(coord) - 1
        if clip {
            idx = min(max(idx, 0), nbin - 1)
        } else if coord > edges[edges.count - 1] {
            idx = -1
        }
        return idx
    }

    /// `coordToIndex` over an array.
    public func coordToIndex(_ coords: [Double], clip: Bool = false) -> [Int] {
        coords.map { coordToIndex($0, clip: clip) }
    }

    /// Pixel to bin index (Gammapy's `pix_to_idx`): clamped, or -1 outside `[0, nbin)`.
    public func pixToIndex(_ pix: Double, clip: Bool = false) -> Double {
        if clip { return min(max(pix, 0), Double(nbin - 1)) }
        return (pix < 0 || pix >= Double(nbin)) ? -1 : pix
    }

    /// numpy's `digitize(x, edges)` with `right=False`, for ascending or descending edges.
    func digitize(_ x: Double) -> Int {
        edges.withUnsafeBufferPointer { e in
            if e[0] <= e[e.count - 1] {
                return NumpyCompat.searchSortedRight(e, x)
            }
            let reversed = Array(e.reversed())
            return reversed.withUnsafeBufferPointer { e.count - NumpyCompat.searchSortedRight($0, x) }
        }
    }

    /// Scaled coordinate to pixel: the degree-1 spline through (sorted scaled node, pixel),
    /// extrapolated; the interval is the one with `x[i] <= x < x[i+1]`, clamped to the first and
    /// last. A single node maps everything (but NaN) to pixel 0.
    @inline(__always)
    static func coordinateToPixel(_ x: Double, sorted: [Double], pixels: [Double]) -> Double {
        let n = sorted.count
        if x.isNaN { return .nan }
        if n == 1 { return 0 }
        return sorted.withUnsafeBufferPointer { xs in
            let lo = min(max(NumpyCompat.searchSortedRight(xs, x) - 1, 0), n - 2)
            return splineStep(xs[lo], xs[lo + 1], pixels[lo], pixels[lo + 1], x)
        }
    }
}
