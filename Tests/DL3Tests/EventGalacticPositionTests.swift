import Foundation
import Testing
import DL3
import FITSIO
import Sky
import TestSupport

/// Every event's Galactic position as Gammapy bins it (float32 RA/DEC transformed by astropy),
/// bit for bit: fixture made by scripts/reference/float32_transform_reference.py (an FNV-1a
/// hash over all l, b plus 300 sampled values per file, floats as hex). glibc's FMA and SSE2
/// variants of cos/sin/atan2 differ in last bits: the fixture matches the FMA ones (CI's CPUs).
struct EventGalacticPositionTests {
    struct File: Decodable {
        struct Samples: Decodable { let index: [Int]; let l: [String]; let b: [String] }
        let count: Int
        let fnv1a64: String
        let samples: Samples
    }

    struct Reference: Decodable { let files: [String: File] }

    static let reference: Reference = {
        let url = Bundle.module.url(forResource: "galactic-events-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    /// The fixture's hash: FNV-1a over the 64-bit patterns of l0, b0, l1, b1, ...
    static func fnv1a64(_ lon: [Double], _ lat: [Double]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in lon.indices {
            for word in [lon[i].bitPattern, lat[i].bitPattern] { h = (h ^ word) &* 0x100_0000_01b3 }
        }
        return String(h, radix: 16).leftPadded(to: 16)
    }

    @Test(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason),
          arguments: ["cta-1dc/data/baseline/gps/gps_baseline_110380.fits",
                      "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020136.fits.gz",
                      "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_020137.fits.gz"])
    func galacticPositionsAreAstropys(file: String) throws {
        let reference = try #require(Self.reference.files[file])
        let events = try EventList(table: FITSFile(path: GammapyData.file(file)).table("EVENTS"))
        #expect(events.raPrecision == .float32 && events.decPrecision == .float32)
        #expect(events.count == reference.count)
        let g = SkyCoord.transformAsAstropy(lon: events.ra, lat: events.dec, lonPrecision: events.raPrecision,
                                            latPrecision: events.decPrecision, from: .icrs, to: .galactic)
        for (k, i) in reference.samples.index.enumerated() {
            #expect(g.lon[i].bitPattern == Double(reference.samples.l[k])!.bitPattern, "event \(i) l")
            #expect(g.lat[i].bitPattern == Double(reference.samples.b[k])!.bitPattern, "event \(i) b")
        }
        #expect(Self.fnv1a64(g.lon, g.lat) == reference.fnv1a64)
    }

    /// TFORM `E` in degrees is float32; `D`, or a float32 column in another unit (converted here
    /// in double precision), is float64.
    @Test func storedPrecisionFollowsTFORM() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("events.fits")
        let writer = try FITSWriter(path: path)
        try writer.writeTable(name: "EVENTS", columns: [
            FITSColumn("RA", .float([83.5, 84]), unit: "deg"),
            FITSColumn("DEC", .double([22, 22.5]), unit: "deg"),
            FITSColumn("ENERGY", .float([1, 2]), unit: "TeV"),
            FITSColumn("TIME", .double([0, 1]), unit: "s"),
        ], rowCount: 2)
        try writer.writeTable(name: "EVENTS_RAD", columns: [
            FITSColumn("RA", .float([1.5, 1.46]), unit: "rad"),
            FITSColumn("DEC", .float([0.38, 0.39])),
            FITSColumn("ENERGY", .float([1, 2]), unit: "TeV"),
            FITSColumn("TIME", .double([0, 1]), unit: "s"),
        ], rowCount: 2)
        try writer.commit()
        let mixed = try EventList(table: FITSFile(path: path).table("EVENTS"))
        #expect(mixed.raPrecision == .float32 && mixed.decPrecision == .float64)
        let radians = try EventList(table: FITSFile(path: path).table("EVENTS_RAD"))
        #expect(radians.raPrecision == .float64 && radians.decPrecision == .float32)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
