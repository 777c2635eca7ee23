import DL3
import Dispatch
import GammaMaps
import IRF
import Sky

/// ALTAZ-aligned backgrounds: per time, the pixels' and the pointing's alt/az, FoV coordinates
/// in the AltAz-aligned frame and the energy-integrated rate; trapezoidal rule over time.
enum AltAzBackground {
    /// Pixels handled together (their alt/az at one time share one astrometry context).
    static let chunkSize = 4096

    static func integrate(_ bkg: Background3D, image: WcsGeom, edges: [Double], times: [Time], pointing: PointingMode,
                          location: EarthLocation, earthOrientation: EarthOrientation) throws -> [Double] {
        let pixels = ImageGeometryCache.shared.directions(image)
        let npix = pixels.lon.count, nE = edges.count - 1
        let origins = times.map { pointingAltAz(pointing, at: $0, location: location, earthOrientation: earthOrientation) }
        // Gammapy: x = times − times[0] in s; trapezoid(y, x) / Σ diff(x)
        let x = times.map { $0.seconds(since: times[0]) }
        var sum = 0.0
        for k in 1..<max(x.count, 1) { sum += x[k] - x[k - 1] }
        let span = sum

        let evaluation = try BackgroundEvaluation(bkg.grid)
        var result = [Double](repeating: 0, count: nE * npix)
        let chunks = (npix + chunkSize - 1) / chunkSize
        let failure = ErrorBox()
        result.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let range = (c * chunkSize)..<min(npix, (c + 1) * chunkSize)
                let lon = Array(pixels.lon[range]), lat = Array(pixels.lat[range])
                let n = range.count
                var previous: [Double] = []
                var total = [Double](repeating: 0, count: nE * n)
                do {
                    for (k, time) in times.enumerated() {
                        let altAz = SkyCoord.altAz(lon: lon, lat: lat, frame: image.frame, at: time, location: location,
                                                   earthOrientation: earthOrientation)
                        let fov = SkyCoord.fovOffsets(alt: altAz.alt, az: altAz.az, originAlt: origins[k].alt,
                                                      originAz: origins[k].az, convention: .gammapyFoVFrame)
                        let y = try evaluation.integrate(energyEdges: edges, spatial: [fov.lon, fov.lat])
                        if k > 0 {
                            let d = x[k] - x[k - 1]
                            for i in 0..<(nE * n) {
                                let term = d * (y[i] + previous[i]) / 2
                                total[i] = k == 1 ? term : total[i] + term
                            }
                        }
                        previous = y
                    }
                } catch {
                    failure.set(error)
                    return
                }
                // one chunk writes its own pixels only
                for e in 0..<nE {
                    for j in 0..<n { out[e * npix + range.lowerBound + j] = total[e * n + j] / span }
                }
            }
        }
        if let error = failure.error { throw error }
        return result
    }
}
