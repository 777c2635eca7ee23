import Testing
@testable import Sky

@Suite struct SkyCoordFoVTests {
    struct SkyOffsets: Decodable {
        struct Inverse: Decodable { let offset_lon, offset_lat, lon, lat: [Double] }
        struct Case: Decodable {
            let origin_lon, origin_lat: Double
            let origin_frame, frame: String
            let lon, lat, offset_lon, offset_lat: [Double]
            let gammapy_fov_lon, gammapy_fov_lat: [Double]?
            let inverse: Inverse
        }
        struct AltAzCase: Decodable {
            let origin_alt, origin_az: Double
            let alt, az, gammapy_fov_lon, gammapy_fov_lat, offset_lon, offset_lat: [Double]
        }
        let cases: [Case]
        let altaz_cases: [AltAzCase]
    }

    /// astropy SkyOffsetFrame lon/lat (and Gammapy's FoVICRSFrame fov_lon/fov_lat) ≤ 1e-9°.
    @Test func offsetsAgreeWithAstropySkyOffsetFrame() throws {
        let f = try Fixture.load("skyoffset.json", as: SkyOffsets.self)
        var worst = 0.0
        for c in f.cases {
            let origin = SkyCoord(lon: c.origin_lon, lat: c.origin_lat, frame: SkyFrame(name: c.origin_frame)!)
            let r = SkyCoord.fovOffsets(of: c.lon, lat: c.lat, frame: SkyFrame(name: c.frame)!, origin: origin)
            for i in r.lon.indices {
                #expect(r.lon[i] >= -180 && r.lon[i] < 180)
                worst = max(worst, abs(r.lat[i] - c.offset_lat[i]))
                if abs(c.offset_lat[i]) < 89.9999 { worst = max(worst, lonDifference(r.lon[i], c.offset_lon[i])) }
            }
            if let fovLon = c.gammapy_fov_lon, let fovLat = c.gammapy_fov_lat {
                let g = SkyCoord.fovOffsets(of: c.lon, lat: c.lat, frame: SkyFrame(name: c.frame)!, origin: origin,
                                            convention: .gammapyFoVFrame)
                for i in g.lon.indices {
                    worst = max(worst, abs(g.lat[i] - fovLat[i]))
                    if abs(fovLat[i]) < 89.9999 { worst = max(worst, lonDifference(g.lon[i], fovLon[i])) }
                    #expect(g.lon[i] == -r.lon[i] || abs(g.lon[i]) == 180 || g.lon[i] == -180)
                }
            }
        }
        #expect(worst <= 1e-9, "max deviation \(worst)°")
        report("SkyOffsetFrame / FoVICRSFrame lon, lat: max \(worst)°")
    }

    @Test func inverseAgreesWithAstropy() throws {
        let f = try Fixture.load("skyoffset.json", as: SkyOffsets.self)
        var worst = 0.0
        for c in f.cases {
            let origin = SkyCoord(lon: c.origin_lon, lat: c.origin_lat, frame: SkyFrame(name: c.origin_frame)!)
            let r = SkyCoord.skyCoordinates(fromFoVLon: c.inverse.offset_lon, lat: c.inverse.offset_lat, origin: origin)
            for i in r.lon.indices {
                worst = max(worst, abs(r.lat[i] - c.inverse.lat[i]), lonDifference(r.lon[i], c.inverse.lon[i]))
            }
            // Round trip through the Gammapy convention.
            let g = SkyCoord.fovOffsets(of: r.lon, lat: r.lat, frame: origin.frame, origin: origin, convention: .gammapyFoVFrame)
            let back = SkyCoord.skyCoordinates(fromFoVLon: g.lon, lat: g.lat, origin: origin, convention: .gammapyFoVFrame)
            #expect(maxAngularDistanceArcsec(lon1: back.lon, lat1: back.lat, lon2: r.lon, lat2: r.lat) < 1e-8)
        }
        #expect(worst <= 1e-9, "max deviation \(worst)°")
        report("SkyOffsetFrame inverse: max \(worst)°")
    }

    /// Gammapy's FoVAltAzFrame (FOVALIGN = ALTAZ): the same rotation in (az, alt).
    @Test func altAzAlignedOffsetsAgreeWithGammapy() throws {
        let f = try Fixture.load("skyoffset.json", as: SkyOffsets.self)
        var worst = 0.0
        for c in f.altaz_cases {
            let g = SkyCoord.fovOffsets(alt: c.alt, az: c.az, originAlt: c.origin_alt, originAz: c.origin_az,
                                        convention: .gammapyFoVFrame)
            let s = SkyCoord.fovOffsets(alt: c.alt, az: c.az, originAlt: c.origin_alt, originAz: c.origin_az)
            for i in g.lon.indices {
                worst = max(worst, abs(g.lat[i] - c.gammapy_fov_lat[i]), lonDifference(g.lon[i], c.gammapy_fov_lon[i]))
                worst = max(worst, abs(s.lat[i] - c.offset_lat[i]), lonDifference(s.lon[i], c.offset_lon[i]))
            }
            let back = SkyCoord.altAz(fromFoVLon: g.lon, lat: g.lat, originAlt: c.origin_alt, originAz: c.origin_az,
                                      convention: .gammapyFoVFrame)
            #expect(maxAngularDistanceArcsec(lon1: back.az, lat1: back.alt, lon2: c.az, lat2: c.alt) < 1e-8)
        }
        #expect(worst <= 1e-9, "max deviation \(worst)°")
        report("FoVAltAzFrame lon, lat: max \(worst)°")
    }

    @Test func signConventions() {
        // A point east of the origin (larger RA) has positive SkyOffsetFrame lon and negative
        // Gammapy fov_lon; north is positive lat in both.
        let origin = SkyCoord(ra: 83.6, dec: 22.0)
        let east = SkyCoord.fovOffsets(of: [84.6], lat: [22.0], frame: .icrs, origin: origin)
        #expect(east.lon[0] > 0.9 && abs(east.lat[0]) < 0.01)
        let gp = SkyCoord.fovOffsets(of: [84.6], lat: [22.0], frame: .icrs, origin: origin, convention: .gammapyFoVFrame)
        #expect(gp.lon[0] == -east.lon[0])
        let north = SkyCoord.fovOffsets(of: [83.6], lat: [23.0], frame: .icrs, origin: origin)
        #expect(abs(north.lon[0]) < 1e-12 && abs(north.lat[0] - 1) < 1e-12)
    }
}
