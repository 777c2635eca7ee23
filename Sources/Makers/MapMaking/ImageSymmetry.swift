/// The mirror symmetries of an image's per-pixel values, made exact.
///
/// A geometry centred on its reference point has offsets from that point that are the same, up
/// to rounding, at the pixels mirrored left-right, top-bottom and (square images with square
/// pixels) across the diagonal. Giving every pixel of such a set the value of the set's first
/// pixel (in flat order) changes the values by rounding only, and makes pixels with equal
/// offsets equal bit for bit: the PSF and energy-dispersion maps are then computed once per
/// distinct offset (`DistinctOffsets`), an eighth of a square IRF map's pixels.
///
/// A symmetry is used only where every pixel agrees with its mirror image within `tolerance`
/// (relative, and absolute below 1); NaN values must be NaN at both.
enum ImageSymmetry {
    static let tolerance = 1e-12

    enum Mirror: CaseIterable {
        case leftRight, topBottom, diagonal

        func image(_ i: Int, _ j: Int, nx: Int, ny: Int) -> (i: Int, j: Int) {
            switch self {
            case .leftRight: return (nx - 1 - i, j)
            case .topBottom: return (i, ny - 1 - j)
            case .diagonal: return (j, i)
            }
        }
    }

    /// `values` (flat, `nx` fastest) with each symmetry that holds made exact.
    static func symmetrised(_ values: [Double], nx: Int, ny: Int) -> [Double] {
        guard nx > 0, ny > 0, values.count == nx * ny else { return values }
        let mirrors = Mirror.allCases.filter { ($0 != .diagonal || nx == ny) && holds($0, values, nx: nx, ny: ny) }
        guard !mirrors.isEmpty else { return values }
        // each pixel's first pixel (flat order) among those the mirrors reach from it: the
        // smallest index, spread along the mirrors until nothing changes (a few passes)
        var first = Array(0..<(nx * ny))
        var changed = true
        while changed {
            changed = false
            for mirror in mirrors {
                for j in 0..<ny {
                    for i in 0..<nx {
                        let q = mirror.image(i, j, nx: nx, ny: ny)
                        let p = j * nx + i, r = q.j * nx + q.i
                        if first[r] < first[p] { first[p] = first[r]; changed = true }
                    }
                }
            }
        }
        return first.map { values[$0] }
    }

    private static func holds(_ mirror: Mirror, _ values: [Double], nx: Int, ny: Int) -> Bool {
        for j in 0..<ny {
            for i in 0..<nx {
                let q = mirror.image(i, j, nx: nx, ny: ny)
                let a = values[j * nx + i], b = values[q.j * nx + q.i]
                if a.isNaN || b.isNaN {
                    if a.isNaN != b.isNaN { return false }
                    continue
                }
                if !(Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a))) { return false }
            }
        }
        return true
    }
}
