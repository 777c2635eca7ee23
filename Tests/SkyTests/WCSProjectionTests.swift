import Foundation
import Testing
@testable import Sky

@Suite struct WCSProjectionTests {
    struct HeaderCard: Decodable {
        let key, type, comment: String
        let value: WCSHeaderValue

        enum CodingKeys: String, CodingKey { case key, type, value, comment }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decode(String.self, forKey: .key)
            type = try c.decode(String.self, forKey: .type)
            comment = try c.decode(String.self, forKey: .comment)
            switch type {
            case "int": value = .int(try c.decode(Int.self, forKey: .value))
            case "float": value = .double(try c.decode(Double.self, forKey: .value))
            default: value = .string(try c.decode(String.self, forKey: .value))
            }
        }
    }
    struct Case: Decodable {
        let name: String
        let ctype: [String]
        let crval, crpix, cdelt: [Double]
        let pc: [[Double]]?
        let cd: [[Double]]?
        let radesys: String
        let equinox: Double?
        let lonpole, latpole: Double
        let x, y, lon, lat, world_lon, world_lat, px, py: [Double?]
        let header: [HeaderCard]
    }
    struct Cases: Decodable { let cases: [Case] }

    static func projection(_ c: Case) throws -> WCSProjection {
        // lonpole is given only where the astropy WCS set it explicitly (the ZEA case).
        try WCSProjection(ctype: (c.ctype[0], c.ctype[1]), crval: (c.crval[0], c.crval[1]),
                          crpix: (c.crpix[0], c.crpix[1]), cdelt: (c.cdelt[0], c.cdelt[1]), pc: c.pc, cd: c.cd,
                          lonpole: c.name.contains("lonpole") ? c.lonpole : nil,
                          radesys: c.radesys.isEmpty ? nil : c.radesys, equinox: c.equinox)
    }

    /// CAR/TAN/AIT (and SIN, MOL, ZEA, ARC, STG) grids in ICRS and Galactic, as Gammapy's
    /// WcsGeom.create builds them: pixel → world and world → pixel ≤ 1e-9 (deg / pixel), NaN
    /// where astropy gives NaN, and LONPOLE/LATPOLE as astropy's.
    @Test func pixelWorldAgreesWithAstropy() throws {
        let cases = try Fixture.load("wcs.json", as: Cases.self).cases
        #expect(Set(cases.map { $0.ctype[0].suffix(3) }).isSuperset(of: ["CAR", "TAN", "AIT", "SIN", "MOL", "ZEA", "ARC", "STG"]))
        var worstWorld = 0.0, worstPixel = 0.0
        for c in cases {
            let w = try Self.projection(c)
            #expect(w.lonpole == c.lonpole, "\(c.name) LONPOLE")
            #expect(abs(w.latpole - c.latpole) < 1e-12, "\(c.name) LATPOLE \(w.latpole) vs \(c.latpole)")
            let world = w.pixelToWorld(x: nanFilled(c.x), y: nanFilled(c.y))
            let lon = nanFilled(c.lon), lat = nanFilled(c.lat)
            for i in lon.indices {
                #expect(world.lon[i].isNaN == lon[i].isNaN && world.lat[i].isNaN == lat[i].isNaN,
                        "\(c.name) point \(i): NaN mismatch (\(world.lon[i]), \(world.lat[i])) vs (\(lon[i]), \(lat[i]))")
                if !lon[i].isNaN {
                    worstWorld = max(worstWorld, abs(world.lat[i] - lat[i]), lonDifference(world.lon[i], lon[i]))
                }
            }
            let pixel = w.worldToPixel(lon: nanFilled(c.world_lon), lat: nanFilled(c.world_lat))
            let px = nanFilled(c.px), py = nanFilled(c.py)
            for i in px.indices {
                #expect(pixel.x[i].isNaN == px[i].isNaN, "\(c.name) world point \(i): NaN mismatch \(pixel.x[i]) vs \(px[i])")
                if !px[i].isNaN { worstPixel = max(worstPixel, abs(pixel.x[i] - px[i]), abs(pixel.y[i] - py[i])) }
            }
        }
        #expect(worstWorld <= 1e-9, "pixel → world max deviation \(worstWorld)°")
        #expect(worstPixel <= 1e-9, "world → pixel max deviation \(worstPixel) pixel")
        report("WCS \(cases.count) cases: pixel→world max \(worstWorld)°, world→pixel max \(worstPixel) px")
    }

    /// The keywords astropy's WCS.to_header() writes (Gammapy's WcsGeom headers minus WCSSHAPE).
    @Test func headerCardsAgreeWithAstropy() throws {
        let cases = try Fixture.load("wcs.json", as: Cases.self).cases
        for c in cases {
            let cards = try Self.projection(c).headerCards
            #expect(cards.map(\.key) == c.header.map(\.key), "\(c.name) keys")
            for (ours, theirs) in zip(cards, c.header) where ours.key == theirs.key {
                #expect(ours.value == theirs.value, "\(c.name) \(ours.key): \(ours.value) vs \(theirs.value)")
                #expect(ours.comment == theirs.comment, "\(c.name) \(ours.key) comment: '\(ours.comment)' vs '\(theirs.comment)'")
            }
        }
    }

    @Test func invalidInputsGiveErrorsOrNaN() throws {
        do {
            _ = try WCSProjection(ctype: ("RA---XYZ", "DEC--XYZ"), crval: (0, 0), crpix: (1, 1))
            Issue.record("unknown projection accepted")
        } catch let error as SkyError {
            #expect(error.kind == .unknownProjection && error.subject == "CTYPE1")
            #expect(error.message.contains("XYZ"))
        }
        #expect(throws: SkyError.self) { try WCSProjection(ctype: ("RA", "DEC"), crval: (0, 0), crpix: (1, 1)) }
        #expect(throws: SkyError.self) {
            try WCSProjection(ctype: ("RA---TAN", "DEC--TAN"), crval: (0, 0), crpix: (1, 1), pc: [[1, 1], [1, 1]])
        }
        #expect(throws: SkyError.self) { try WCSProjection(ctype: ("RA---TAN", "DEC--TAN"), crval: (.nan, 0), crpix: (1, 1)) }
        // Mismatched axes (two longitudes) are rejected by wcslib.
        #expect(throws: SkyError.self) { try WCSProjection(ctype: ("RA---TAN", "RA---TAN"), crval: (0, 0), crpix: (1, 1)) }

        let ait = try WCSProjection(ctype: ("GLON-AIT", "GLAT-AIT"), crval: (0, 0), crpix: (180.5, 90.5), cdelt: (-1, 1))
        let corner = ait.pixelToWorld(x: [0, .nan, 180, -1e300], y: [0, 10, 90, 0])
        #expect(corner.lon[0].isNaN && corner.lat[0].isNaN)
        #expect(corner.lon[1].isNaN)
        #expect(!corner.lon[2].isNaN && abs(corner.lat[2]) < 1)
        #expect(corner.lon[3].isNaN)
        let tan = try WCSProjection(ctype: ("RA---TAN", "DEC--TAN"), crval: (0, 0), crpix: (1, 1), cdelt: (-0.1, 0.1))
        let far = tan.worldToPixel(lon: 180, lat: 0)
        #expect(far.x.isNaN && far.y.isNaN)
        #expect(tan.pixelToWorld(x: [], y: []).lon.isEmpty)
        #expect(tan.frame == .icrs && ait.frame == .galactic && tan.projectionCode == "TAN")
    }

    @Test func largeBatchesCrossChunks() throws {
        let w = try WCSProjection(ctype: ("RA---CAR", "DEC--CAR"), crval: (83.63, 22.01), crpix: (125.5, 100.5),
                                  cdelt: (-0.02, 0.02), radesys: "ICRS")
        let n = WCSProjection.chunkSize * 2 + 17
        let x = (0..<n).map { Double($0 % 250) }, y = (0..<n).map { Double($0 / 250) }
        let world = w.pixelToWorld(x: x, y: y)
        let pixel = w.worldToPixel(lon: world.lon, lat: world.lat)
        #expect(maxDifference(pixel.x, x) < 1e-9 && maxDifference(pixel.y, y) < 1e-9)
        let one = w.pixelToWorld(x: x[n - 1], y: y[n - 1])
        #expect(one.lon == world.lon[n - 1] && one.lat == world.lat[n - 1])
    }
}
