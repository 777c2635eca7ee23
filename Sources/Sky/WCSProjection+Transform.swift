import CWCSLIB

extension WCSProjection {
    /// Points converted per wcslib call; the scratch buffers for one chunk stay in cache.
    static let chunkSize = 4096

    /// Zero-based pixel coordinates → world longitude/latitude in degrees (astropy's
    /// `wcs_pix2world(x, y, 0)`). Pixels outside the projection's domain, and NaN pixels, give NaN.
    public func pixelToWorld(x: [Double], y: [Double]) -> (lon: [Double], lat: [Double]) {
        precondition(x.count == y.count, "x and y must have the same length")
        return convert(x, y, offset: 1, forward: true)
    }

    /// World longitude/latitude in degrees → zero-based pixel coordinates (astropy's
    /// `wcs_world2pix(lon, lat, 0)`). World points the projection cannot map (e.g. the far
    /// hemisphere of TAN or SIN) give NaN.
    public func worldToPixel(lon: [Double], lat: [Double]) -> (x: [Double], y: [Double]) {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        let r = convert(lon, lat, offset: -1, forward: false)
        return (r.lon, r.lat)
    }

    /// One pixel → world (degrees).
    public func pixelToWorld(x: Double, y: Double) -> (lon: Double, lat: Double) {
        let r = pixelToWorld(x: [x], y: [y])
        return (r.lon[0], r.lat[0])
    }

    /// One world point (degrees) → zero-based pixel.
    public func worldToPixel(lon: Double, lat: Double) -> (x: Double, y: Double) {
        let r = worldToPixel(lon: [lon], lat: [lat])
        return (r.x[0], r.y[0])
    }

    /// The batched wcslib call: interleaves a chunk, converts it with `wcsp2s` or `wcss2p`, and
    /// writes NaN where wcslib flags a point invalid. `offset` is added to the pixel side
    /// (one-based wcslib ↔ zero-based astropy) — to the input for p2s, to the output for s2p.
    private func convert(_ a: [Double], _ b: [Double], offset: Double, forward: Bool) -> (lon: [Double], lat: [Double]) {
        let n = a.count
        let chunk = Swift.min(n, Self.chunkSize)
        var outA = [Double](repeating: .nan, count: n)
        var outB = [Double](repeating: .nan, count: n)
        if n == 0 { return (outA, outB) }
        let input = UnsafeMutablePointer<Double>.allocate(capacity: 2 * chunk)
        let intermediate = UnsafeMutablePointer<Double>.allocate(capacity: 2 * chunk)
        let output = UnsafeMutablePointer<Double>.allocate(capacity: 2 * chunk)
        let phi = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        let theta = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        let stat = UnsafeMutablePointer<Int32>.allocate(capacity: chunk)
        defer {
            input.deallocate(); intermediate.deallocate(); output.deallocate()
            phi.deallocate(); theta.deallocate(); stat.deallocate()
        }
        handle.withCopy { wcs in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    outA.withUnsafeMutableBufferPointer { oa in
                        outB.withUnsafeMutableBufferPointer { ob in
                            var start = 0
                            while start < n {
                                let count = Swift.min(chunk, n - start)
                                for k in 0..<count {
                                    input[2 * k] = ap[start + k] + (forward ? offset : 0)
                                    input[2 * k + 1] = bp[start + k] + (forward ? offset : 0)
                                    stat[k] = 0
                                }
                                let status = forward
                                    ? wcsp2s(wcs, Int32(count), 2, input, intermediate, phi, theta, output, stat)
                                    : wcss2p(wcs, Int32(count), 2, input, phi, theta, intermediate, output, stat)
                                // 0: all fine; 8/9 (WCSERR_BAD_PIX / BAD_WORLD): some points invalid,
                                // flagged in stat. Anything else cannot happen after wcsset (the
                                // parameters were validated): leave the chunk NaN.
                                if status == 0 || status == 8 || status == 9 {
                                    for k in 0..<count where stat[k] == 0 {
                                        let u = output[2 * k], v = output[2 * k + 1]
                                        oa[start + k] = forward ? u : u - 1
                                        ob[start + k] = forward ? v : v - 1
                                    }
                                }
                                start += count
                            }
                        }
                    }
                }
            }
        }
        return (outA, outB)
    }
}
