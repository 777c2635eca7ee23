import Testing
@testable import Sky

@Suite struct AngleTests {
    @Test func wrapMatchesAstropyRanges() {
        #expect(Angle.wrap(-10) == 350)
        #expect(Angle.wrap(360) == 0)
        #expect(Angle.wrap(720.5) == 0.5)
        #expect(Angle.wrap(180, at: 180) == -180)
        #expect(Angle.wrap(-180, at: 180) == -180)
        #expect(Angle.wrap(359, at: 180) == -1)
        #expect(Angle.wrap(-1e-300) >= 0 && Angle.wrap(-1e-300) < 360)
        #expect(Angle.wrap(.nan).isNaN)
        #expect(Angle.wrap(.infinity).isNaN)
    }

    @Test func parsesSexagesimalLikeAstropy() throws {
        // astropy: Angle("16d30m00.8s").deg etc.
        #expect(try Angle.degrees(parsing: "16d30m00.8s") == 16 + 30 / 60.0 + 0.8 / 3600.0)
        #expect(try Angle.degrees(parsing: "-23d16m18.4s") == -(23 + 16 / 60.0 + 18.4 / 3600.0))
        #expect(try Angle.degrees(parsing: "-0d30m") == -0.5)
        #expect(try Angle.degrees(parsing: "5h30m") == 82.5)
        #expect(try Angle.degrees(parsing: "12.5deg") == 12.5)
        #expect(try Angle.degrees(parsing: "12.5") == 12.5)
        #expect(try Angle.degrees(parsing: "1°30′") == 1.5)
        #expect(throws: SkyError.self) { try Angle.degrees(parsing: "12d75m") }
        #expect(throws: SkyError.self) { try Angle.degrees(parsing: "abc") }
        #expect(throws: SkyError.self) { try Angle.degrees(parsing: "") }
    }

    @Test func frameNames() {
        #expect(SkyFrame(name: "GALACTIC") == .galactic)
        #expect(SkyFrame(name: "icrs") == .icrs)
        #expect(SkyFrame(name: "Icrs") == .icrs)
        #expect(SkyFrame(name: "fk5") == nil)
        #expect(SkyFrame.galactic.rawValue == "galactic")
    }
}
