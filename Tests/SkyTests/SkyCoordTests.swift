import Testing
@testable import Sky

@Suite struct SkyCoordTests {
    struct Frames: Decodable {
        struct Gal: Decodable { let l: [Double]; let b: [Double] }
        struct Eq: Decodable { let ra: [Double]; let dec: [Double] }
        let lon: [Double]
        let lat: [Double]
        let icrs_to_galactic: Gal
        let galactic_to_icrs: Eq
        let matrix_icrs_to_galactic: [[Double]]
    }

    @Test func rotationMatrixIsAstropys() throws {
        let f = try Fixture.load("frames.json", as: Frames.self)
        let ours = FrameRotations.icrsToGalactic.elements
        let theirs = f.matrix_icrs_to_galactic.flatMap { $0 }
        #expect(maxDifference(ours, theirs) < 1e-15)
    }

    /// 67 points incl. both poles, RA ≈ 360 and the Galactic poles and centre: ≤ 1e-6 arcsec.
    @Test func icrsToGalacticAgreesWithAstropy() throws {
        let f = try Fixture.load("frames.json", as: Frames.self)
        #expect(f.lon.count >= 50)
        var lon = [Double](), lat = [Double]()
        for i in f.lon.indices {
            let g = SkyCoord(ra: f.lon[i], dec: f.lat[i]).transformed(to: .galactic)
            #expect(g.frame == .galactic)
            #expect(g.lon >= 0 && g.lon < 360)
            lon.append(g.lon)
            lat.append(g.lat)
        }
        let worst = maxAngularDistanceArcsec(lon1: lon, lat1: lat, lon2: f.icrs_to_galactic.l, lat2: f.icrs_to_galactic.b)
        #expect(worst <= 1e-6, "max deviation \(worst) arcsec")
        report("ICRS→Galactic, \(f.lon.count) points: max \(worst) arcsec")
        // The batched form gives the same numbers bit for bit.
        let batch = SkyCoord.transform(lon: f.lon, lat: f.lat, from: .icrs, to: .galactic)
        #expect(batch.lon == lon && batch.lat == lat)
        // Longitudes agree as numbers too, away from the poles (where lon is arbitrary).
        for i in f.lon.indices where abs(f.icrs_to_galactic.b[i]) < 89.9 {
            #expect(lonDifference(lon[i], f.icrs_to_galactic.l[i]) < 1e-9)
        }
    }

    @Test func galacticToICRSAgreesWithAstropy() throws {
        let f = try Fixture.load("frames.json", as: Frames.self)
        let r = SkyCoord.transform(lon: f.lon, lat: f.lat, from: .galactic, to: .icrs)
        let worst = maxAngularDistanceArcsec(lon1: r.lon, lat1: r.lat, lon2: f.galactic_to_icrs.ra, lat2: f.galactic_to_icrs.dec)
        #expect(worst <= 1e-6, "max deviation \(worst) arcsec")
        report("Galactic→ICRS, \(f.lon.count) points: max \(worst) arcsec")
        for i in f.lon.indices {
            let c = SkyCoord(l: f.lon[i], b: f.lat[i]).transformed(to: .icrs)
            #expect(c.lon == r.lon[i] && c.lat == r.lat[i])
        }
    }

    @Test func roundTripAndConvenience() {
        let crab = SkyCoord(ra: 83.63308333, dec: 22.0145)
        let back = crab.transformed(to: .galactic).transformed(to: .icrs)
        #expect(crab.separation(to: back) * 3600 < 1e-9)
        #expect(abs(crab.l - 184.5575) < 1e-3 && abs(crab.b - -5.7843) < 1e-3)
        #expect(SkyCoord(ra: -10, dec: 0).lon == 350)
        #expect(SkyCoord.transform(lon: [370, -5], lat: [0, 1], from: .icrs, to: .icrs).lon == [10, 355])
        #expect(SkyCoord.transform(lon: [], lat: [], from: .icrs, to: .galactic).lon.isEmpty)
    }
}
