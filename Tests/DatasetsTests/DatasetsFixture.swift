import Datasets
import Foundation
import GammaMaps
import IRF
import Testing

/// The fixtures of `scripts/reference/datasets_reference.py` (Gammapy 2.1): datasets written by
/// Gammapy and `datasets_reference.json` with what the tests need besides them.
enum DatasetsFixture {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let reference: JSON = {
        let url = Bundle.module.url(forResource: "datasets_reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
    }()

    static func section(_ name: String) -> JSON { reference[name] as! JSON }

    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!.path
    }

    static func dataset(_ name: String) throws -> MapDataset<WcsGeom> {
        try MapDataset<WcsGeom>.read(from: path(name))
    }

    /// Gammapy's summary with another name on the Name line.
    static func summary(_ text: String, renamedTo name: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.map { (line: String) -> String in
            line.hasPrefix("  Name  ") ? String(line.prefix(36)) + name + " " : line
        }.joined(separator: "\n")
    }
}

/// `a` and `b` have equal geometries, units and identical values (NaN equal to NaN).
func expectIdentical<E: MapElement>(_ a: WcsNDMap<E>?, _ b: WcsNDMap<E>?, _ what: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
    guard let a, let b else {
        #expect(a == nil && b == nil, "\(what): present in only one dataset", sourceLocation: sourceLocation)
        return
    }
    #expect(a.geom == b.geom, "\(what): geometries differ", sourceLocation: sourceLocation)
    #expect(a.unit == b.unit, "\(what): unit '\(a.unit)' vs '\(b.unit)'", sourceLocation: sourceLocation)
    let differing = zip(a.data, b.data).filter { x, y in x != y && !(x.isNaNElement && y.isNaNElement) }.count
    #expect(a.data.count == b.data.count && differing == 0, "\(what): \(differing) of \(a.data.count) values differ",
            sourceLocation: sourceLocation)
}

/// Every map, mask, GTI and meta-table row of two datasets identical.
func expectIdentical(_ a: MapDataset<WcsGeom>, _ b: MapDataset<WcsGeom>, sourceLocation: SourceLocation = #_sourceLocation) {
    expectIdentical(a.counts, b.counts, "counts", sourceLocation: sourceLocation)
    expectIdentical(a.exposure, b.exposure, "exposure", sourceLocation: sourceLocation)
    expectIdentical(a.background, b.background, "background", sourceLocation: sourceLocation)
    expectIdentical(a.psf?.psfMap, b.psf?.psfMap, "psf", sourceLocation: sourceLocation)
    expectIdentical(a.psf?.exposureMap, b.psf?.exposureMap, "psf exposure", sourceLocation: sourceLocation)
    switch (a.edisp, b.edisp) {
    case let (.kernel(x)?, .kernel(y)?):
        expectIdentical(x.edispKernelMap, y.edispKernelMap, "edisp kernel", sourceLocation: sourceLocation)
        expectIdentical(x.exposureMap, y.exposureMap, "edisp exposure", sourceLocation: sourceLocation)
    case let (.migra(x)?, .migra(y)?):
        expectIdentical(x.edispMap, y.edispMap, "edisp migra", sourceLocation: sourceLocation)
        expectIdentical(x.exposureMap, y.exposureMap, "edisp exposure", sourceLocation: sourceLocation)
    case (nil, nil): break
    default: Issue.record("edisp: different kinds", sourceLocation: sourceLocation)
    }
    expectIdentical(a.maskSafe, b.maskSafe, "mask_safe", sourceLocation: sourceLocation)
    expectIdentical(a.maskFit, b.maskFit, "mask_fit", sourceLocation: sourceLocation)
    // GTI times within a microsecond (astropy's time arithmetic rounds differently at 1e-7 s)
    #expect(closeTimes(a.gti?.start, b.gti?.start) && closeTimes(a.gti?.stop, b.gti?.stop), "GTI intervals",
            sourceLocation: sourceLocation)
    #expect(a.gti?.reference.epoch == b.gti?.reference.epoch && a.gti?.reference.timeSystem == b.gti?.reference.timeSystem,
            "GTI reference", sourceLocation: sourceLocation)
    #expect(a.metaTable == b.metaTable, "meta table", sourceLocation: sourceLocation)
    #expect(a.precision == b.precision, "precision", sourceLocation: sourceLocation)
}

/// Equal lengths and values within a microsecond.
func closeTimes(_ a: [Double]?, _ b: [Double]?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 }
}
