/// Convolution of sky maps with an image kernel (Gammapy's `WcsNDMap.convolve`, scipy's
/// `convolve(..., mode="same")`), plane by plane over the non-spatial axes, zero outside the map.
///
/// The sum runs directly over the kernel's non-zero taps: the ring and top-hat kernels of
/// background and significance maps are mostly empty or small next to their maps, so this costs
/// a fraction of an FFT's work and its result is exact, where scipy's FFT leaves round-off
/// (about 1e-16 of the map's total) — which a map stored as float32 keeps only where a value
/// should be zero. No FFT library is needed for these kernels.
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
        var taps: [(dx: Int, dy: Int, w: Double)] = []
        for b in 0..<kernel.height {
            for a in 0..<kernel.width where kernel.values[b * kernel.width + a] != 0 {
                taps.append((cx - a, cy - b, kernel.values[b * kernel.width + a]))
            }
        }
        var out = [Double](repeating: 0, count: data.count)
        data.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                for p in 0..<(data.count / max(plane, 1)) {
                    let base = p * plane
                    for tap in taps {
                        // output (y, x) takes input (y + dy, x + dx) where that lies in the map
                        let x0 = max(0, -tap.dx), x1 = min(nx, nx - tap.dx)
                        let y0 = max(0, -tap.dy), y1 = min(ny, ny - tap.dy)
                        guard x0 < x1, y0 < y1 else { continue }
                        for y in y0..<y1 {
                            let row = base + y * nx, source = base + (y + tap.dy) * nx + tap.dx
                            for x in x0..<x1 { output[row + x] += tap.w * input[source + x] }
                        }
                    }
                }
            }
        }
        return try Map(geom: geom, data: out, unit: unit, meta: meta)
    }
}
