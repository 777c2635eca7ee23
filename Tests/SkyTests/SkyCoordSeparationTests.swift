import Testing
@testable import Sky

@Suite struct SkyCoordSeparationTests {
    struct Separations: Decodable {
        struct Pairs: Decodable {
            let lon1, lat1, lon2, lat2, separation, position_angle: [Double]
            let frame1, frame2: [String]
        }
        struct Offsets: Decodable {
            let lon, lat, position_angle, separation, result_lon, result_lat: [Double]
            let frame: [String]
        }
        struct Batch: Decodable { let center_ra, center_dec: Double; let l, b, separation: [Double] }
        let pairs: Pairs
        let offsets: Offsets
        let batch: Batch
    }

    static func frame(_ name: String) -> SkyFrame { SkyFrame(name: name)! }

    @Test func separationAndPositionAngleAgreeWithAstropy() throws {
        let p = try Fixture.load("separations.json", as: Separations.self).pairs
        var worstSep = 0.0, worstPA = 0.0
        for i in p.lon1.indices {
            let a = SkyCoord(lon: p.lon1[i], lat: p.lat1[i], frame: Self.frame(p.frame1[i]))
            let b = SkyCoord(lon: p.lon2[i], lat: p.lat2[i], frame: Self.frame(p.frame2[i]))
            worstSep = max(worstSep, abs(a.separation(to: b) - p.separation[i]))
            let pa = a.positionAngle(to: b)
            #expect(pa >= 0 && pa < 360)
            worstPA = max(worstPA, lonDifference(pa, p.position_angle[i]))
        }
        #expect(worstSep <= 1e-9, "separation max deviation \(worstSep)°")
        #expect(worstPA <= 1e-9, "position angle max deviation \(worstPA)°")
        report("separation max \(worstSep)°, position angle max \(worstPA)° (\(p.lon1.count) pairs)")
    }

    @Test func directionalOffsetAgreesWithAstropy() throws {
        let o = try Fixture.load("separations.json", as: Separations.self).offsets
        var worst = 0.0
        for i in o.lon.indices {
            let c = SkyCoord(lon: o.lon[i], lat: o.lat[i], frame: Self.frame(o.frame[i]))
            let r = c.directionalOffset(positionAngle: o.position_angle[i], separation: o.separation[i])
            #expect(r.frame == c.frame)
            #expect(abs(r.lat - o.result_lat[i]) <= 1e-9, "point \(i): lat \(r.lat) vs \(o.result_lat[i])")
            worst = max(worst, abs(r.lat - o.result_lat[i]))
            if abs(o.result_lat[i]) < 89.99999 {
                #expect(lonDifference(r.lon, o.result_lon[i]) <= 1e-9, "point \(i): lon \(r.lon) vs \(o.result_lon[i])")
                worst = max(worst, lonDifference(r.lon, o.result_lon[i]))
            }
        }
        report("directional offset, \(o.lon.count) cases incl. poles: max \(worst)°")
    }

    @Test func batchedSeparationsAgreeWithAstropy() throws {
        let b = try Fixture.load("separations.json", as: Separations.self).batch
        let centre = SkyCoord(ra: b.center_ra, dec: b.center_dec)
        let seps = centre.separations(lon: b.l, lat: b.b, frame: .galactic)
        #expect(maxDifference(seps, b.separation) <= 1e-9)
        // Same frame: the scalar and batched forms agree exactly.
        let gal = SkyCoord.transform(lon: b.l, lat: b.b, from: .galactic, to: .icrs)
        let direct = centre.separations(lon: gal.lon, lat: gal.lat)
        for i in gal.lon.indices {
            #expect(direct[i] == centre.separation(to: SkyCoord(ra: gal.lon[i], dec: gal.lat[i])))
        }
    }

    @Test func edgeCases() {
        let north = SkyCoord(ra: 0, dec: 90)
        #expect(north.separation(to: SkyCoord(ra: 123, dec: -90)) == 180)
        #expect(SkyCoord(ra: 10, dec: 0).separation(to: SkyCoord(ra: 190, dec: 0)) == 180)
        #expect(SkyCoord(ra: 0, dec: 0).positionAngle(to: SkyCoord(ra: 1, dec: 0)) == 90)
        #expect(SkyCoord(ra: 1, dec: 0).positionAngle(to: SkyCoord(ra: 0, dec: 0)) == 270)
        let c = SkyCoord(ra: 10, dec: 20)
        #expect(c.separation(to: c) == 0)
        #expect(c.directionalOffset(positionAngle: 0, separation: 0) == c)
    }
}
