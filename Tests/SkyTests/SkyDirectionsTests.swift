import Testing
@testable import Sky

/// `SkyDirections` gives exactly what `SkyCoord.separations` and `SkyCoord.fovOffsets` give on
/// the same coordinates, and windows of it are the directions of the window.
@Suite struct SkyDirectionsTests {
    static let grid: (lon: [Double], lat: [Double]) = {
        var lon: [Double] = [], lat: [Double] = []
        for j in 0..<40 { for i in 0..<50 { lon.append(81.0 + 0.1137 * Double(i)); lat.append(19.5 + 0.1211 * Double(j)) } }
        return (lon, lat)
    }()

    @Test(arguments: [SkyFrame.icrs, .galactic])
    func sameBitsAsSkyCoord(_ originFrame: SkyFrame) {
        let points = SkyDirections(lon: Self.grid.lon, lat: Self.grid.lat, frame: .icrs)
        let origin = SkyCoord(ra: 83.2, dec: 21.7).transformed(to: originFrame)
        let a = points.separations(from: origin), b = origin.separations(lon: Self.grid.lon, lat: Self.grid.lat, frame: .icrs)
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        for convention in [FoVLongitudeConvention.skyOffsetFrame, .gammapyFoVFrame] {
            let f = points.fovOffsets(origin: origin, convention: convention)
            let g = SkyCoord.fovOffsets(of: Self.grid.lon, lat: Self.grid.lat, frame: .icrs, origin: origin, convention: convention)
            #expect(f.lon.map(\.bitPattern) == g.lon.map(\.bitPattern) && f.lat.map(\.bitPattern) == g.lat.map(\.bitPattern))
        }
    }

    @Test func windowsAreTheWindowsDirections() {
        let points = SkyDirections(lon: Self.grid.lon, lat: Self.grid.lat, frame: .icrs)
        let w = points.window(width: 50, rows: 3..<10, columns: 7..<20)
        var lon: [Double] = [], lat: [Double] = []
        for j in 3..<10 { for i in 7..<20 { lon.append(Self.grid.lon[j * 50 + i]); lat.append(Self.grid.lat[j * 50 + i]) } }
        #expect(w.lon == lon && w.lat == lat && w.count == 7 * 13)
        let origin = SkyCoord(ra: 82, dec: 22)
        #expect(w.separations(from: origin) == SkyDirections(lon: lon, lat: lat, frame: .icrs).separations(from: origin))
    }
}
