import Dispatch
import Foundation
import Testing
@testable import Sky

/// Batched functions are called from many threads at once by the maps and makers layers.
@Suite struct ConcurrencyTests {
    @Test func batchedCallsFromManyThreadsGiveTheSameAnswers() throws {
        let w = try WCSProjection(ctype: ("GLON-TAN", "GLAT-TAN"), crval: (0, 0), crpix: (100.5, 100.5), cdelt: (-0.02, 0.02))
        let n = 20_000
        let x = (0..<n).map { Double($0 % 200) }, y = (0..<n).map { Double($0 / 200) }
        let expected = w.pixelToWorld(x: x, y: y)
        let expectedICRS = SkyCoord.transform(lon: expected.lon, lat: expected.lat, from: .galactic, to: .icrs)
        let t = try Time(mjd: 53090.13, scale: .tt)
        let expectedAltAz = SkyCoord.altAz(lon: Array(expected.lon.prefix(500)), lat: Array(expected.lat.prefix(500)),
                                           frame: .galactic, at: t, location: .hess)
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 32) { _ in
            let world = w.pixelToWorld(x: x, y: y)
            let icrs = SkyCoord.transform(lon: world.lon, lat: world.lat, from: .galactic, to: .icrs)
            let altaz = SkyCoord.altAz(lon: Array(world.lon.prefix(500)), lat: Array(world.lat.prefix(500)),
                                       frame: .galactic, at: t, location: .hess)
            if world.lon != expected.lon || world.lat != expected.lat || icrs.lon != expectedICRS.lon
                || altaz.alt != expectedAltAz.alt {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}

import Synchronization
