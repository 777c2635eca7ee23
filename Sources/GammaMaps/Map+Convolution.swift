/// Convolution of sky maps with an image kernel (Gammapy's `WcsNDMap.convolve`, scipy's
/// `convolve(..., mode="same")`), plane by plane over the non-spatial axes, zero outside the map.
///
/// The kernel's rows are cut into runs of equal value (a ring or top-hat row is one or two runs)
/// and each run is summed from prefix sums of the image row: the cost per pixel is the number of
/// runs, not of taps (160 against 3000 for a 0.5°–0.8° ring at 0.02°), below an FFT's for these
/// kernels, so no FFT library is needed. The result is the exact sum up to the prefix sums'
/// rounding, where scipy's FFT leaves round-off of about 1e-16 of the map's total; and a run of
/// zeros sums to exactly 0 (the prefix does not change), so "no acceptance" stays 0, not ±1e-20.
public struct ConvolutionKernel: Sendable, Equatable {
    /// Odd width and height in pixels.
    public let width: Int
    public let height: Int
    /// Values, row-major, row 0 the lowest latitude (as numpy arrays of map images).
    public let values: [Double]

    public init(width: Int, height: Int, values: [Double]) throws {
        guard width > 0, height > 0, width % 2 == 1, height % 2 == 1, values.count == width * height else {
            throw MapError(.invalidArgument, subject: "kernel", message: "a kernel needs odd width and height and width × height values, got \(width) × \(height) and \(values.count)")
        }
        self.width = width
        self.height = height
        self.values = values
    }

    /// The sum of the values.
    public var sum: Double { values.reduce(0, +) }
}

extension Map where Geometry == WcsGeom, Element == Double {
    /// The map convolved with `kernel` in every image plane, the same size as the map (scipy's
    /// mode "same": output pixel (y, x) is Σ kernel[b][a] × map[y + cy − b][x + cx − a]).
    public func convolved(with kernel: ConvolutionKernel) throws -> Map {
        let nx = geom.npix.lon, ny = geom.npix.lat, plane = nx * ny
        let cx = kernel.width / 2, cy = kernel.height / 2
        // runs of equal non-zero value: output (y, x) takes Σ w × input[y + dy][x + a0 ... x + a1]
        var runs: [(dy: Int, a0: Int, a1: Int, w: Double)] = []
        for b in 0..<kernel.height {
            var a = 0
            while a < kernel.width {
                let w = kernel.values[b * kernel.width + a]
                guard w != 0 else { a += 1; continue }
                var end = a
                while end + 1 < kernel.width, kernel.values[b * kernel.width + end + 1] == w { end += 1 }
                runs.append((cy - b, cx - end, cx - a, w))  // kernel column a ↔ input offset cx − a
                a = end + 1
            }
        }
        var out = [Double](repeating: 0, count: data.count)
        var prefix = [Double](repeating: 0, count: (nx + 1) * ny)
        data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                prefix.withUnsafeMutableBufferPointer { sums in
                    for p in 0..<(plane > 0 ? data.count / plane : 0) {
                        let base = p * plane
                        for y in 0..<ny {
                            var total = 0.0
                            sums[y * (nx + 1)] = 0
                            for x in 0..<nx { total += input[base + y * nx + x]; sums[y * (nx + 1) + x + 1] = total }
                        }
                        for run in runs {
                            let y0 = max(0, -run.dy), y1 = min(ny, ny - run.dy)
                            guard y0 < y1 else { continue }
                            for y in y0..<y1 {
                                let row = (y + run.dy) * (nx + 1), target = base + y * nx
                                for x in 0..<nx {
                                    let lo = min(max(x + run.a0, 0), nx), hi = min(max(x + run.a1 + 1, 0), nx)
                                    if hi > lo { output[target + x] += run.w * (sums[row + hi] - sums[row + lo]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return try Map(geom: geom, data: out, unit: unit, meta: meta)
    }
}
