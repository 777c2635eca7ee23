import Dispatch
import Foundation
import Testing
import Sky

/// Rough speed figures, not a test: runs only with SKY_BENCH=1, meant for a release build:
/// `SKY_BENCH=1 swift test -c release -Xswiftc -enable-testing --build-path .build-release-bench --filter PerformanceCheck`
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SKY_BENCH"] != nil, "set SKY_BENCH=1 to measure speed"))
struct PerformanceCheck {
    static func time(_ label: String, count: Int, repeats: Int = 5, _ body: () -> Void) {
        body()  // warm up
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let perSecond = Double(count) / best
        print("[sky-bench] \(label): \(String(format: "%.1f", best * 1e3)) ms for \(count) → \(String(format: "%.2e", perSecond))/s")
    }

    @Test func measure() throws {
        let n = 1_000_000
        var rng = SystemRandomNumberGenerator()
        let lon = (0..<n).map { _ in Double.random(in: 0..<360, using: &rng) }
        let lat = (0..<n).map { _ in Angle.degrees(asin(Double.random(in: -1...1, using: &rng))) }
        var sink = 0.0
        Self.time("ICRS→Galactic batched", count: n) {
            sink += SkyCoord.transform(lon: lon, lat: lat, from: .icrs, to: .galactic).lon[7]
        }
        let lon32 = lon.map { Double(Float($0)) }, lat32 = lat.map { Double(Float($0)) }
        Self.time("ICRS→Galactic as astropy, float32 input", count: n) {
            sink += SkyCoord.transformAsAstropy(lon: lon32, lat: lat32, lonPrecision: .float32, latPrecision: .float32,
                                                from: .icrs, to: .galactic).lon[7]
        }
        let centre = SkyCoord(ra: 83.63, dec: 22.01)
        Self.time("separations (same frame)", count: n) { sink += centre.separations(lon: lon, lat: lat, frame: .icrs)[3] }
        Self.time("separations (Galactic points)", count: n) { sink += centre.separations(lon: lon, lat: lat, frame: .galactic)[3] }
        Self.time("fovOffsets", count: n) { sink += SkyCoord.fovOffsets(of: lon, lat: lat, frame: .icrs, origin: centre).lon[5] }
        let nx = 1000, ny = 1000
        let x = (0..<n).map { Double($0 % nx) }, y = (0..<n).map { Double($0 / nx) }
        for (code, frame) in [("CAR", "RA---"), ("TAN", "RA---"), ("AIT", "GLON-")] {
            let ctype2 = frame == "RA---" ? "DEC--" : "GLAT-"
            let w = try WCSProjection(ctype: (frame + code, ctype2 + code), crval: (83.63, 22.01),
                                      crpix: (Double(nx) / 2 + 0.5, Double(ny) / 2 + 0.5), cdelt: (-0.01, 0.01))
            var world: (lon: [Double], lat: [Double]) = ([], [])
            Self.time("pixel→world \(code)", count: n) { world = w.pixelToWorld(x: x, y: y); sink += world.lon[9] }
            Self.time("world→pixel \(code)", count: n) { sink += w.worldToPixel(lon: world.lon, lat: world.lat).x[9] }
        }
        let w = try WCSProjection(ctype: ("RA---CAR", "DEC--CAR"), crval: (83.63, 22.01), crpix: (500.5, 500.5), cdelt: (-0.01, 0.01))
        let threads = ProcessInfo.processInfo.activeProcessorCount
        Self.time("pixel→world CAR, \(threads) threads × 1e6", count: n * threads) {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in _ = w.pixelToWorld(x: x, y: y) }
        }
        Self.time("pixel→world single point (call overhead)", count: 10_000) {
            for i in 0..<10_000 { sink += w.pixelToWorld(x: Double(i % 100), y: 3).lon }
        }
        let t = try Time(mjd: 53090.13, scale: .tt)
        let m = 100_000
        let alon = Array(lon.prefix(m)), alat = Array(lat.prefix(m))
        Self.time("AltAz at one time (batched)", count: m) {
            sink += SkyCoord.altAz(lon: alon, lat: alat, frame: .icrs, at: t, location: .hess).alt[1]
        }
        let times = (0..<1000).map { t.adding(seconds: Double($0) * 10) }
        Self.time("AltAz of one direction at many times (context per time)", count: times.count) {
            sink += centre.altAz(at: times, location: .hess).alt[1]
        }
        Self.time("Time(met:) → mjd", count: 100_000, repeats: 3) {
            let ref = TimeReference.gammapyDefault
            for i in 0..<100_000 { sink += Time(met: 4.6e9 + Double(i), reference: ref).mjd }
        }
        print("[sky-bench] (sink \(sink))")
    }
}
