import Testing
@testable import Sky

@Suite struct EarthLocationTests {
    struct Locations: Decodable {
        struct Row: Decodable { let name: String; let x, y, z, lon, lat, height: Double }
        let locations: [Row]
    }

    /// Every entry of gammapy.data.observatory_locations, geocentric to 1e-6 m, geodetic to 1e-12°.
    @Test func observatoriesAgreeWithGammapy() throws {
        let f = try Fixture.load("earth_locations.json", as: Locations.self)
        for row in f.locations where row.name != "hess-dr1-header" {
            guard let loc = EarthLocation.observatory(named: row.name) else {
                Issue.record("missing observatory \(row.name)")
                continue
            }
            #expect(abs(loc.x - row.x) < 1e-6 && abs(loc.y - row.y) < 1e-6 && abs(loc.z - row.z) < 1e-6, "\(row.name)")
            #expect(abs(loc.longitude - row.lon) < 1e-12 && abs(loc.latitude - row.lat) < 1e-12, "\(row.name)")
            #expect(abs(loc.height - row.height) < 1e-6, "\(row.name)")
        }
        #expect(Set(EarthLocation.observatories.keys) == Set(f.locations.map(\.name)).subtracting(["hess-dr1-header"]))
    }

    @Test func geodeticAndGeocentricRoundTrip() throws {
        let f = try Fixture.load("earth_locations.json", as: Locations.self)
        let header = f.locations.first { $0.name == "hess-dr1-header" }!
        let loc = try EarthLocation(longitude: 16.5002222222222, latitude: -23.2717777777778, height: 1835)
        #expect(loc.x == header.x && loc.y == header.y && loc.z == header.z)
        let again = EarthLocation(x: loc.x, y: loc.y, z: loc.z)
        #expect(again == loc)
        #expect(abs(again.height - 1835) < 1e-6)
        #expect(throws: SkyError.self) { try EarthLocation(longitude: 0, latitude: 95, height: 0) }
        #expect(throws: SkyError.self) { try EarthLocation(longitude: .nan, latitude: 0, height: 0) }
        #expect(EarthLocation.observatory(named: "HESS") == EarthLocation.hess)
        #expect(EarthLocation.observatory(named: "nowhere") == nil)
    }
}
