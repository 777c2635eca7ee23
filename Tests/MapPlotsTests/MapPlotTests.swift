import Foundation
import GammaMaps
@testable import MapPlots
import Sky
import Testing
import TestSupport

/// Map pictures: PNG output, atomic writing, the sky grid's ticks.
@Suite struct MapPlotTests {
    static func counts() throws -> WcsNDMap<Float> {
        let axis = try MapAxis.fromEnergyBounds(1, 10, nbin: 3, unit: "TeV")
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.05, axes: [axis])
        var map = WcsNDMap<Float>.fromGeom(geom)
        // a Gaussian blob at the centre in every plane
        for p in 0..<3 {
            for j in 0..<100 {
                for i in 0..<100 {
                    let r2 = Double((i - 50) * (i - 50) + (j - 45) * (j - 45))
                    map.data[(p * 100 + j) * 100 + i] = Float(10 * exp(-r2 / 50))
                }
            }
        }
        return map
    }

    @Test func writesAPNG() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("counts.png")
        try MapPlot.writePNG(try Self.counts(), to: path, options: MapPlotOptions(title: "counts", stretch: .sqrt))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(bytes.count > 5000)
        // no overwrite by default; with overwrite the file is replaced
        #expect(throws: MapPlotError.self) { try MapPlot.writePNG(try Self.counts(), to: path) }
        try MapPlot.writePNG(try Self.counts(), to: path, options: MapPlotOptions(stretch: .log), overwrite: true)
        // nothing but the picture is left in the directory
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["counts.png"])
        #expect(throws: MapPlotError.self) { try MapPlot.writePNG(try Self.counts(), to: dir.file("missing/dir/x.png")) }
    }

    @Test func imageSumsOverAxesAndMasksShowAnyPlane() throws {
        let map = try Self.counts()
        let image = try MapPlot.image(of: map)
        #expect(image.geom.axes.isEmpty)
        #expect(abs(image.data[45 * 100 + 50] - 30) < 1e-5)
        let mask = map.geom.regionMask([.circle(center: map.geom.centerSkyDir, radius: 0.5)])
        let maskImage = try MapPlot.image(of: mask)
        #expect(Set(maskImage.data) == [0, 1])
        #expect(try MapPlot.png(mask).count > 1000)
    }

    @Test func gridTicksFollowTheWCS() throws {
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.05)
        let grid = SkyGrid(geom)
        let lon = grid.lines.filter { $0.isLongitude && $0.edgeCrossing != nil }
        let lat = grid.lines.filter { !$0.isLongitude && $0.edgeCrossing != nil }
        #expect(lon.count >= 3 && lat.count >= 3)
        // each labelled longitude crosses the bottom edge where the WCS puts it
        for line in lon {
            let p = line.edgeCrossing!
            let w = geom.pixelToWorld(x: [p.x], y: [p.y])
            #expect(abs(w.lon[0] - line.value) < 1e-3, "\(line.label)")
        }
        #expect(lat.map(\.label).contains("22°"))
        // an all-sky AIT map still gets a grid (labels inside the ellipse)
        let ait = try WcsGeom.create(binsz: 1, frame: .galactic, proj: "AIT")
        #expect(SkyGrid(ait).lines.count >= 6)
        #expect(try MapPlot.png(WcsNDMap<Double>(geom: ait, data: ait.solidAngle())).count > 1000)
    }

    @Test func stretches() {
        #expect(Stretch.linear(0.25) == 0.25)
        #expect(Stretch.sqrt(0.25) == 0.5)
        #expect(abs(Stretch.log(1) - 1) < 1e-15 && Stretch.log(0) == 0)
        #expect(Stretch.log(2) == 1 && Stretch.linear(-1) == 0)
    }

    @Test func largeImagesAreDrawnFromBlockMeans() throws {
        // 2050 × 5 pixels: 3 × 3 blocks (2050 / 1024 rounded up), 684 columns and 2 rows, the last
        // ones partial; NaN skipped, an all-NaN block stays NaN.
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: LonLat(lon: 41, lat: 0.1), binsz: 0.02)
        #expect(geom.npix.lon == 2050 && geom.npix.lat == 5)
        var map = WcsNDMap<Double>.fromGeom(geom)
        for j in 0..<5 { for i in 0..<2050 { map.data[j * 2050 + i] = Double(i) } }
        for j in 0..<3 { for i in 3..<6 { map.data[j * 2050 + i] = .nan } }
        map.data[0] = .nan
        let shown = PlotImage(map)
        #expect(shown.factor == 3 && shown.columns == 684 && shown.rows == 2)
        #expect(shown.values[0] == 9 / 8.0)  // rows 0–2, columns 0–2: 8 finite values
        #expect(shown.values[1].isNaN)  // rows 0–2, columns 3–5: all NaN
        #expect(shown.values[683] == 2049)  // the partial block of column 2049 alone
        #expect(shown.values[684 + 2] == 7)  // rows 3–4, columns 6–8
        #expect(shown.finiteRange?.min == 1 && shown.finiteRange?.max == 2049)
        #expect(try MapPlot.png(map).count > 1000)
        #expect(MapPlot.problems(of: map).isEmpty)
    }
}
