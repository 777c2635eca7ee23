import Foundation
import Testing
@testable import GammaMaps
import Sky

/// Map convolution with kernel runs and prefix sums against the plain sum over every tap
/// (scipy's mode "same", zero outside the map), for a ring, an asymmetric kernel and two planes.
struct ConvolutionTests {
    static func direct(_ map: WcsNDMap<Double>, _ kernel: ConvolutionKernel) -> [Double] {
        let nx = map.geom.npix.lon, ny = map.geom.npix.lat, plane = nx * ny
        let cx = kernel.width / 2, cy = kernel.height / 2
        var out = [Double](repeating: 0, count: map.data.count)
        for p in 0..<(map.data.count / plane) {
            for y in 0..<ny {
                for x in 0..<nx {
                    var sum = 0.0
                    for b in 0..<kernel.height {
                        for a in 0..<kernel.width {
                            let sy = y + cy - b, sx = x + cx - a
                            guard sy >= 0, sy < ny, sx >= 0, sx < nx else { continue }
                            sum += kernel.values[b * kernel.width + a] * map.data[p * plane + sy * nx + sx]
                        }
                    }
                    out[p * plane + y * nx + x] = sum
                }
            }
        }
        return out
    }

    @Test func runsAndPrefixSumsGiveTheDirectSum() throws {
        let geom = try WcsGeom.create(skydir: SkyCoord(lon: 83.63, lat: 22.01), binsz: LonLat(0.1), npix: LonLat(lon: 23, lat: 17),
                                      axes: [try MapAxis.fromEnergyBounds(1, 10, nbin: 2, unit: "TeV")])
        var generator = SystemRandomNumberGenerator()
        var map = WcsNDMap<Double>.fromGeom(geom)
        map.data = map.data.indices.map { $0 % 5 == 0 ? 0 : Double.random(in: 0...10, using: &generator) }
        let ring = try ConvolutionKernel(width: 9, height: 9, values: (0..<81).map { k in
            let dx = Double(k % 9 - 4), dy = Double(k / 9 - 4)
            return (dx * dx + dy * dy >= 4 && dx * dx + dy * dy <= 16) ? 1 : 0
        })
        let skewed = try ConvolutionKernel(width: 5, height: 3, values: [0, 1, 1, 2, 0, 3, 3, 0, 0.5, 0.5, 1, 0, 0, 0, 7])
        for kernel in [ring, skewed] {
            let fast = try map.convolved(with: kernel).data, slow = Self.direct(map, kernel)
            #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($1), 1) })
        }
        // a ring over zeros gives exactly zero
        var zeros = map
        zeros.data = map.data.map { _ in 0 }
        zeros.data[0] = 5
        let convolved = try zeros.convolved(with: ring).data
        #expect(convolved.filter { $0 != 0 }.count == Self.direct(zeros, ring).filter { $0 != 0 }.count)
        #expect(throws: MapError.self) { try ConvolutionKernel(width: 2, height: 3, values: [1, 1, 1, 1, 1, 1]) }
    }
}
