import GammaMaps

/// The pixels a picture shows: the map's image, averaged over blocks of `factor` × `factor`
/// pixels (NaN skipped) when it has more than `maxSide` pixels on a side. A picture is a few
/// hundred pixels wide, so colouring and scaling then cost what the picture needs, not what
/// the map has (a 20000² map took 85 s and 10.5 GB when every pixel was coloured).
struct PlotImage {
    /// Row-major, row 0 at the lowest latitude pixel, as the map's data.
    var values: [Double]
    var columns: Int
    var rows: Int
    /// Map pixels per picture pixel along each side; the last block of a row or column may
    /// hold fewer map pixels.
    var factor: Int
    /// The smallest and largest finite value; nil when there is none.
    var finiteRange: (min: Double, max: Double)?

    static let maxSide = 1024

    init(_ image: WcsNDMap<Double>, maxSide: Int = PlotImage.maxSide) {
        let nx = image.geom.npix.lon, ny = image.geom.npix.lat
        factor = max(1, (max(nx, ny) + maxSide - 1) / maxSide)
        columns = (nx + factor - 1) / factor
        rows = (ny + factor - 1) / factor
        values = factor == 1 ? image.data : Self.blockMeans(image.data, nx: nx, ny: ny, factor: factor, columns: columns, rows: rows)
        var low = Double.infinity, high = -Double.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        finiteRange = low <= high ? (low, high) : nil
    }

    private static func blockMeans(_ data: [Double], nx: Int, ny: Int, factor: Int, columns: Int, rows: Int) -> [Double] {
        var means = [Double](repeating: .nan, count: columns * rows)
        var sums = [Double](repeating: 0, count: columns), counts = [Int](repeating: 0, count: columns)
        for r in 0..<rows {
            for c in 0..<columns { sums[c] = 0; counts[c] = 0 }
            for j in (r * factor)..<min((r + 1) * factor, ny) {
                let row = j * nx
                for i in 0..<nx {
                    let v = data[row + i]
                    guard v.isFinite else { continue }
                    sums[i / factor] += v
                    counts[i / factor] += 1
                }
            }
            for c in 0..<columns where counts[c] > 0 { means[r * columns + c] = sums[c] / Double(counts[c]) }
        }
        return means
    }
}
