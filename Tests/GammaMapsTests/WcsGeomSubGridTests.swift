import Testing
@testable import GammaMaps
import Sky

/// `WcsGeom.pixelOffset(in:)`: a cutout is a window of its parent, and the parent's per-pixel
/// values sliced at the offset are the cutout's own, bit for bit.
@Suite struct WcsGeomSubGridTests {
    static let parent = try! WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: LonLat(lon: 5, lat: 4),
                                            binsz: LonLat(0.02), frame: .icrs, proj: "CAR")

    @Test(arguments: [(83.0, 21.5, 3.0), (84.2, 22.8, 6.0), (83.63, 22.01, 1.01)])
    func cutoutsAreWindowsWithTheParentsValues(_ ra: Double, _ dec: Double, _ width: Double) throws {
        let parent = Self.parent
        let cut = try parent.cutout(position: SkyCoord(ra: ra, dec: dec), width: LonLat(width), mode: .trim)
        let offset = try #require(cut.pixelOffset(in: parent))
        let slices = try cut.cutoutSlices(in: parent, mode: .trim)
        #expect(offset.x == slices.parentX.lowerBound && offset.y == slices.parentY.lowerBound)
        let nx = parent.npix.lon, mine = cut.imageCoordinates(), all = parent.imageCoordinates()
        let myArea = cut.solidAngle(), allArea = parent.solidAngle()
        for j in 0..<cut.npix.lat {
            for i in 0..<cut.npix.lon {
                let k = j * cut.npix.lon + i, p = (j + offset.y) * nx + i + offset.x
                #expect(mine.lon[k].bitPattern == all.lon[p].bitPattern && mine.lat[k].bitPattern == all.lat[p].bitPattern)
                #expect(myArea[k].bitPattern == allArea[p].bitPattern)
            }
        }
    }

    @Test func otherGridsAreNoWindows() throws {
        let parent = Self.parent
        #expect(parent.pixelOffset(in: parent)! == (0, 0))
        let coarser = try parent.toBinsz(LonLat(0.2))
        #expect(coarser.pixelOffset(in: parent) == nil)
        // a window reaching beyond the parent
        let partial = try parent.cutout(position: SkyCoord(ra: 86, dec: 22), width: LonLat(3), mode: .partial)
        #expect(partial.pixelOffset(in: parent) == nil)
        #expect(parent.pixelOffset(in: try parent.cutout(position: SkyCoord(ra: 83.63, dec: 22.01), width: LonLat(1))) == nil)
    }

    @Test func shiftsMustBeExact() {
        #expect(WcsGeom.exactShift(from: 125.5, to: 150.5) == 25)
        #expect(WcsGeom.exactShift(from: 0.1, to: 3.1) == nil)  // 0.1 + 3 is not 3.1 exactly
        #expect(WcsGeom.exactShift(from: 1.25, to: 1.75) == nil)
    }
}
