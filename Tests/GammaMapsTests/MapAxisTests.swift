import Foundation
import Testing
@testable import GammaMaps

/// MapAxis against Gammapy 2.1. The numbers in `Fixtures/mapaxis.json` were written by
/// `scripts/reference/mapaxis_reference.py` (its "how_made" field gives the command); they are
/// compared bit for bit, as Swift and numpy's C-library kernels do the same arithmetic.
@Suite struct MapAxisTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let fixture: JSON = {
        let url = Bundle.module.url(forResource: "mapaxis", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
    }()

    static var axes: [JSON] { fixture["axes"] as! [JSON] }

    static func numbers(_ any: Any?) -> [Double] { (any as! [String]).map { Double($0)! } }

    static func interp(_ name: Any?) -> InterpolationScale { InterpolationScale(gammapyName: name as! String)! }

    static func build(_ spec: JSON) throws -> MapAxis {
        let unit = spec["unit"] as? String ?? ""
        let name = spec["name"] as? String ?? ""
        let nodeType = MapAxis.NodeType(rawValue: spec["node_type"] as? String ?? "edges")!
        switch spec["kind"] as! String {
        case "energy_bounds":
            return try MapAxis.fromEnergyBounds(spec["min"] as! Double, spec["max"] as! Double, nbin: spec["nbin"] as! Int,
                                                perDecade: spec["per_decade"] as? Bool ?? false, unit: unit, name: name,
                                                nodeType: nodeType, strictBounds: spec["strict"] as? Bool ?? true)
        case "bounds":
            return try MapAxis.fromBounds(spec["lo"] as! Double, spec["hi"] as! Double, nbin: spec["nbin"] as! Int,
                                          name: name, unit: unit, interp: interp(spec["interp"]), nodeType: nodeType)
        case "edges":
            return try MapAxis.fromEdges(numbers(spec["values"]), name: name, unit: unit, interp: interp(spec["interp"]))
        case "nodes":
            return try MapAxis.fromNodes(numbers(spec["values"]), name: name, unit: unit, interp: interp(spec["interp"]))
        default:
            fatalError("unknown axis kind")
        }
    }

    /// The positions where two arrays differ, for failure messages.
    static func mismatches(_ a: [Double], _ b: [Double]) -> String {
        guard a.count == b.count else { return "\(a.count) values vs \(b.count)" }
        return a.indices.filter { !same([a[$0]], [b[$0]]) }.prefix(6).map { "[\($0)] \(a[$0]) vs \(b[$0])" }.joined(separator: ", ")
    }

    /// Bitwise equality that treats NaN as equal to NaN.
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) || ($0 == 0 && $1 == 0) }
    }

    static func check(_ axis: MapAxis, against expected: JSON, _ label: String) {
        #expect(axis.nbin == expected["nbin"] as! Int, "\(label): nbin")
        #expect(axis.nodeType.rawValue == expected["node_type"] as! String, "\(label): node type")
        #expect(axis.interp == interp(expected["interp"]), "\(label): interp")
        #expect(same(axis.edges, numbers(expected["edges"])), "\(label): edges \(mismatches(axis.edges, numbers(expected["edges"])))")
        #expect(same(axis.centers, numbers(expected["centers"])), "\(label): centers \(mismatches(axis.centers, numbers(expected["centers"])))")
        #expect(same(axis.binWidths, numbers(expected["bin_width"])), "\(label): bin widths")
    }

    @Test func theElevenBinOneToTenTeVAxisHasGammapysEdges() throws {
        let axis = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        #expect(axis.edges[1] == 1.2328467394420661)
        #expect(axis.edges[11] == 10.000000000000002)
        #expect(axis.nodes[11] == 10)
        #expect(axis.name == "energy" && axis.unit == "TeV" && axis.interp == .log)
    }

    @Test func edgesCentersAndWidthsAreBitIdentical() throws {
        for entry in Self.axes {
            let axis = try Self.build(entry["spec"] as! JSON)
            Self.check(axis, against: entry, entry["id"] as! String)
        }
    }

    @Test func coordinateToPixelAndBackIncludingOutsideTheAxis() throws {
        for entry in Self.axes {
            let id = entry["id"] as! String
            let axis = try Self.build(entry["spec"] as! JSON)
            let c2p = entry["coord_to_pix"] as! JSON
            let coords = Self.numbers(c2p["coords"])
            let pix = axis.coordToPix(coords)
            #expect(Self.same(pix, Self.numbers(c2p["pix"])), "\(id): coord_to_pix \(Self.mismatches(pix, Self.numbers(c2p["pix"])))")
            let p2c = entry["pix_to_coord"] as! JSON
            let back = axis.pixToCoord(Self.numbers(p2c["pix"]))
            #expect(Self.same(back, Self.numbers(p2c["coords"])), "\(id): pix_to_coord \(Self.mismatches(back, Self.numbers(p2c["coords"])))")
            let c2i = entry["coord_to_idx"] as! JSON
            #expect(axis.coordToIndex(Self.numbers(c2i["coords"])) == c2i["idx"] as! [Int], "\(id): coord_to_idx")
            #expect(axis.coordToIndex(Self.numbers(c2i["coords"]), clip: true) == c2i["idx_clip"] as! [Int], "\(id): coord_to_idx clip")
        }
    }

    @Test func squashPadUpsampleDownsampleAndSlice() throws {
        for entry in Self.axes {
            let id = entry["id"] as! String
            let axis = try Self.build(entry["spec"] as! JSON)
            let operations: [(String, () throws -> MapAxis)] = [
                ("squash", { try axis.squash() }),
                ("pad_1", { try axis.pad(1) }),
                ("pad_2_1", { try axis.pad(low: 2, high: 1) }),
                ("upsample_2", { try axis.upsample(2) }),
                ("upsample_3", { try axis.upsample(3) }),
                ("downsample_2", { try axis.downsample(2) }),
                ("downsample_3_loose", { try axis.downsample(3, strict: false) }),
                ("slice_1_3", { try axis.slice(1..<3) }),
            ]
            for (key, operation) in operations {
                guard let expected = entry[key] as? JSON else { continue }
                if expected["error"] != nil {
                    #expect(throws: (any Error).self, "\(id) \(key) should fail like Gammapy") { _ = try operation() }
                } else {
                    let result = try operation()
                    Self.check(result, against: expected, "\(id) \(key)")
                    #expect(result.name == axis.name && result.unit == axis.unit, "\(id) \(key): name and unit kept")
                }
            }
        }
    }

    @Test func equalityIsGammapysIsAllClose() throws {
        for pair in Self.fixture["equality"] as! [JSON] {
            let a = try Self.build(pair["a"] as! JSON), b = try Self.build(pair["b"] as! JSON)
            #expect((a == b) == (pair["eq"] as! Bool), "\(pair["label"]!): ==")
            #expect(a.isAllClose(b) == (pair["allclose_default"] as! Bool), "\(pair["label"]!): is_allclose")
        }
    }

    /// numpy's AVX-512 exp/log kernels (the default on the machine that wrote the fixture) differ
    /// from the C library in the last bits for some arguments (up to 4 ulp on these axes).
    @Test func nativeNumpyKernelsDifferInTheLastBitsOnly() throws {
        let native = Self.fixture["native"] as! JSON
        var differing = 0
        for entry in Self.axes {
            let axis = try Self.build(entry["spec"] as! JSON)
            let expected = native[entry["id"] as! String] as! JSON
            for (ours, theirs) in zip(axis.edges + axis.centers, Self.numbers(expected["edges"]) + Self.numbers(expected["centers"])) {
                if ours != theirs { differing += 1 }
                #expect(Swift.abs(ours - theirs) <= 1e-15 * Swift.abs(theirs), "\(entry["id"]!): \(ours) vs native \(theirs)")
            }
        }
        #expect(differing < 100)
    }

    @Test func invalidNodesAreRejected() {
        #expect(throws: MapAxisError.self) { try MapAxis(nodes: [1, 3, 2]) }
        #expect(throws: MapAxisError.self) { try MapAxis(nodes: [1, 1, 2]) }
        #expect(throws: MapAxisError.self) { try MapAxis(nodes: [-1, 1, 2], interp: .log) }
        #expect(throws: MapAxisError.self) { try MapAxis.fromEdges([1]) }
        #expect(throws: MapAxisError.self) { try MapAxis.fromEnergyBounds(1, 10, nbin: 3, unit: "deg") }
        #expect(throws: MapAxisError.self) { try MapAxis.fromEnergyBounds(1, 10, nbin: 3, name: "offset") }
    }

    @Test func unitConversionFactorsAreAstropys() {
        #expect(UnitConversion.factor(from: "TeV", to: "MeV") == 1e6)
        #expect(UnitConversion.factor(from: "GeV", to: "TeV") == 0.001)
        #expect(UnitConversion.factor(from: "keV", to: "TeV") == 1e-9)
        #expect(UnitConversion.factor(from: "deg", to: "rad") == 0.017453292519943295)
        #expect(UnitConversion.factor(from: "rad", to: "deg") == 57.29577951308232)
        #expect(UnitConversion.factor(from: "m2", to: "cm^2") == 1e4)
        #expect(UnitConversion.factor(from: "1/s/MeV/sr", to: "s-1 MeV-1 sr-1") == 1)
        #expect(UnitConversion.factor(from: "1 / (MeV s sr)", to: "MeV-1 s-1 sr-1") == 1)
        #expect(UnitConversion.factor(from: "MeV-1 s-1 sr-1", to: "TeV-1 s-1 sr-1") == 1e6)
        let degToSr = UnitConversion.factor(from: "deg**-2", to: "sr^-1")!
        #expect(Swift.abs(degToSr / 3282.8063500117437 - 1) < 1e-15)
        #expect(UnitConversion.factor(from: "TeV", to: "deg") == nil)
        #expect(UnitConversion.factor(from: "furlong", to: "m") == nil)
        #expect(UnitConversion.isDimensionless(""))
    }
}
