import Foundation
import GammaMaps
import Sky
import Testing

/// Timings of the maps layer's hot paths, printed when `GAMMAKIT_MAPS_BENCH` is set (run in
/// release: `swift test -c release --filter MapsSpeedTests`). They check results only loosely.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GAMMAKIT_MAPS_BENCH"] != nil))
struct MapsSpeedTests {
    static func time(_ label: String, repeats: Int = 5, _ body: () throws -> Void) rethrows {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        print("[maps speed] \(label): \(String(format: "%.2f", best)) ms (best of \(repeats))")
    }

    @Test func hotPaths() throws {
        let axis = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.02, axes: [axis])
        #expect(geom.npix == LonLat(250))
        let image = geom.toImage()
        Self.time("solid angle, 250 × 250 CAR") { #expect(image.solidAngle().count == 62_500) }
        let tan = try WcsGeom.create(skydir: SkyCoord(l: 10.5, b: -1.2), width: 5, binsz: 0.02, frame: .galactic, proj: "TAN")
        Self.time("solid angle, 250 × 250 TAN") { #expect(tan.solidAngle().count == 62_500) }
        Self.time("region mask, 250 × 250, circle") {
            _ = image.regionMask([.circle(center: image.centerSkyDir, radius: 0.2)], inside: false)
        }
        let polygon = SkyRegion.polygon(vertices: [SkyCoord(ra: 82, dec: 21), SkyCoord(ra: 85, dec: 21.5), SkyCoord(ra: 84, dec: 23.5),
                                                   SkyCoord(ra: 82.5, dec: 23)])
        Self.time("region mask, 250 × 250, polygon + ellipse + rectangle") {
            _ = image.regionMask([polygon, .ellipse(center: image.centerSkyDir, width: 1, height: 0.4, angle: 30),
                                  .rectangle(center: SkyCoord(ra: 83, dec: 21), width: 0.5, height: 0.3, angle: 10)])
        }
        var rng = SystemRandomNumberGenerator()
        let n = 1_000_000
        let ra = (0..<n).map { _ in 83.63 + Double.random(in: -3...3, using: &rng) }
        let dec = (0..<n).map { _ in 22.01 + Double.random(in: -3...3, using: &rng) }
        let energy = (0..<n).map { _ in pow(10, Double.random(in: -0.2...1.2, using: &rng)) }
        let coord = try MapCoord(lon: ra, lat: dec, frame: .icrs, axes: ["energy": energy])
        Self.time("worldToPixel 1e6 (wcslib)", repeats: 3) { _ = geom.wcs.worldToPixel(lon: ra, lat: dec) }
        Self.time("energy coordToPix 1e6", repeats: 3) { _ = axis.coordToPix(energy) }
        try Self.time("flat indices 1e6", repeats: 3) { _ = try geom.flatIndices(coord) }
        try Self.time("fill 1e6 events into 250 × 250 × 11", repeats: 3) {
            var counts = WcsNDMap<Float>.fromGeom(geom)
            try counts.fillByCoord(coord)
            #expect(counts.data.reduce(0, +) > 0)
        }
        let galactic = coord.transformed(to: .galactic)
        try Self.time("fill 1e6 Galactic events into the ICRS map (frame conversion)", repeats: 3) {
            var counts = WcsNDMap<Float>.fromGeom(geom)
            try counts.fillByCoord(galactic)
        }
        var counts = WcsNDMap<Float>.fromGeom(geom)
        try counts.fillByCoord(coord)
        try Self.time("sum over axes, 250 × 250 × 11") { _ = try counts.sumOverAxes() }
        let target = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 4, binsz: 0.05, frame: .galactic, proj: "TAN",
                                        axes: [axis])
        try Self.time("interp_to_geom linear, 250 × 250 × 11 → 80 × 80 × 11") { _ = try counts.interpToGeom(target) }
        let mask = image.regionMask([.circle(center: image.centerSkyDir, radius: 0.3)], inside: false)
        try Self.time("mask reprojection (nearest), 250 × 250 → 80 × 80") { _ = try mask.interpToGeom(target.toImage(), method: .nearest) }
        try Self.time("cutout 2° of 250 × 250 × 11") { _ = try counts.cutout(position: SkyCoord(ra: 84, dec: 22.5), width: 2) }
        try Self.time("downsample ×5, 250 × 250 × 11") { _ = try counts.downsample(5) }
        let dir = NSTemporaryDirectory() + "gk-speed-\(getpid()).fits"
        defer { unlink(dir) }
        try Self.time("write 250 × 250 × 11 map") { try counts.write(to: dir, overwrite: true) }
        try Self.time("read 250 × 250 × 11 map") { _ = try WcsNDMap<Float>.read(from: dir) }
    }
}
