import DL3
import FITSIO
import Foundation
import GammaMaps
import Makers
import Sky
import Testing
import TestSupport

/// Counts maps of float32 event lists on fine Galactic grids, bin for bin as Gammapy fills them
/// (fixture: scripts/reference/float32_transform_reference.py). At 0.01° a float64 transform of
/// RA/DEC puts 4–9 events per file in another bin; astropy's float32 path puts none.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct CountsMapGalacticTests {
    struct Reference: Decodable {
        let skydir: [Double]
        let binsz: Double
        let width: [Double]
        let energy_tev: [Double]
        let nbin: Int
        let total: Int
        let nonzero: Int
        let nonzero_fnv1a64: String
        let flips_if_float64: Int
    }

    static let reference: [String: Reference] = {
        struct File: Decodable { let files: [String: Reference] }
        let url = Bundle.module.url(forResource: "galactic-counts-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).files
    }()

    /// FNV-1a over the (flat index, count) pairs of the non-zero bins, as the fixture's hash.
    static func nonzeroHash(_ data: [Double]) -> (hash: String, nonzero: Int) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325, nonzero = 0
        for (k, value) in data.enumerated() where value != 0 {
            nonzero += 1
            for word in [UInt64(k), UInt64(Int64(value))] { h = (h ^ word) &* 0x100_0000_01b3 }
        }
        let hex = String(h, radix: 16)
        return (String(repeating: "0", count: 16 - hex.count) + hex, nonzero)
    }

    @Test(arguments: ["cta-1dc/data/baseline/gps/gps_baseline_110380.fits",
                      "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020136.fits.gz",
                      "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020137.fits.gz"])
    func countsEqualGammapys(file: String) throws {
        let r = try #require(Self.reference[file])
        let events = try EventList(table: FITSFile(path: GammapyData.file(file)).table("EVENTS"))
        let energy = try MapAxis.fromEnergyBounds(r.energy_tev[0], r.energy_tev[1], nbin: r.nbin)
        let geom = try WcsGeom.create(skydir: SkyCoord(l: r.skydir[0], b: r.skydir[1]), width: LonLat(lon: r.width[0], lat: r.width[1]),
                                      binsz: LonLat(r.binsz), frame: .galactic, axes: [energy])
        let counts = try makeCountsMap(events: events, geom: geom)
        #expect(Int(counts.data.reduce(0, +)) == r.total)
        let ours = Self.nonzeroHash(counts.data)
        #expect(ours.nonzero == r.nonzero)
        #expect(ours.hash == r.nonzero_fnv1a64)
        // the same events taken as float64 land elsewhere: the test can tell the two paths apart
        var wide = events
        wide.raPrecision = .float64
        wide.decPrecision = .float64
        #expect(r.flips_if_float64 > 0)
        #expect(Self.nonzeroHash(try makeCountsMap(events: wide, geom: geom).data).hash != r.nonzero_fnv1a64)
    }
}
