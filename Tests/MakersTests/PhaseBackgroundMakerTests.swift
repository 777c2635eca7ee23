import DL3
import Datasets
import FITSIO
import Foundation
import GammaMaps
@testable import Makers
import Sky
import Testing
import TestSupport

/// The phase background of Gammapy 2.1 (Tests/MakersTests/Fixtures/phase-background.json, made
/// by scripts/reference/phase_reference.py). There are no pulsar data, so each run's events get
/// a synthetic PHASE = (TIME × 0.0337) mod 1, computed here as the script computes it, in a copy
/// of the events HDU; its other HDUs are the run's own.
@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct PhaseBackgroundMakerTests {
    typealias JSON = [String: Any]

    nonisolated(unsafe) static let document: JSON = {
        let url = Bundle.module.url(forResource: "phase-background", withExtension: "json", subdirectory: "Fixtures")!
        return try! ExactJSON.parse(contentsOf: url) as! JSON
    }()

    /// The observation with a PHASE column added to a copy of its events in `dir`.
    static func phasedObservation(_ store: String, _ obsID: Int, required: RequiredIRF, in dir: TemporaryDirectory) throws -> Observation {
        let original = try DataStore(directory: GammapyData.file(store)).observation(obsID, required: required)
        let table = try original.table(for: "events")
        var columns: [FITSColumn] = []
        for name in ["RA", "DEC", "ENERGY", "TIME"] {
            let info = try #require(table.columnInfo(name))
            columns.append(info.typeCode == "E" ? FITSColumn(name, .float(try table.column(name, as: Float.self)), unit: info.unit)
                                                : FITSColumn(name, .double(try table.column(name, as: Double.self)), unit: info.unit))
        }
        let phase = try table.column("TIME", as: Double.self).map { fmod($0 * 0.0337, 1) }
        columns.append(FITSColumn("PHASE", .double(phase)))
        let structural = try NSRegularExpression(pattern: "^(XTENSION|BITPIX|NAXIS[0-9]*|PCOUNT|GCOUNT|TFIELDS|T(TYPE|FORM|UNIT|DIM|NULL|SCAL|ZERO)[0-9]+|EXTNAME|CHECKSUM|DATASUM|COMMENT|HISTORY|)$")
        let header = table.header.cards.filter { structural.firstMatch(in: $0.key, range: NSRange($0.key.startIndex..., in: $0.key)) == nil }
        let writer = try FITSWriter(path: dir.file("events-\(obsID).fits"))
        try writer.writeTable(name: "EVENTS", columns: columns, rowCount: table.rowCount, header: header)
        try writer.commit()
        var locations = original.locations
        var events = try #require(locations["events"])
        (events.baseDirectory, events.fileDirectory, events.fileName, events.hduName) = (dir.path, "", "events-\(obsID).fits", "EVENTS")
        locations["events"] = events
        return Observation(obsID: obsID, locations: locations)
    }

    static func intervals(_ values: Any?) -> [PhaseBackgroundMaker.Interval] {
        (values as! [Any]).map { ($0 as! [Double]) }.map { PhaseBackgroundMaker.Interval($0[0], $0[1]) }
    }

    static func data(_ section: JSON, _ key: String) -> [Double] { (section[key] as! JSON)["data"] as! [Double] }

    static func maker(_ section: JSON) throws -> PhaseBackgroundMaker {
        let spec = section["maker"] as! JSON
        // The inputs as the script wrote them, "(0.5, 0.6)" or "[(0.9, 1.1)]".
        func parse(_ text: Any?) -> [PhaseBackgroundMaker.Interval] {
            let numbers = (text as! String).split(whereSeparator: { "[](), ".contains($0) }).map { Double($0)! }
            return stride(from: 0, to: numbers.count, by: 2).map { PhaseBackgroundMaker.Interval(numbers[$0], numbers[$0 + 1]) }
        }
        let maker = try PhaseBackgroundMaker(onPhase: parse(spec["on_phase_input"]), offPhase: parse(spec["off_phase_input"]))
        #expect(maker.onPhase == intervals((spec["on_phase"] as! JSON)["values"]) && maker.offPhase == intervals((spec["off_phase"] as! JSON)["values"]))
        return maker
    }

    @Test func intervalsAreSplitAsGammapySplitsThem() {
        for case let item as JSON in (Self.document["check_intervals"] as! JSON)["cases"] as! [Any] {
            let output = PhaseBackgroundMaker.checkIntervals(Self.intervals(item["input"]))
            #expect(output == Self.intervals((item["output"] as! JSON)["values"]), "\(item["input_repr"]!)")
            #expect(output.reduce(0) { $0 + $1.width } == item["acceptance"] as? Double, "\(item["input_repr"]!)")
        }
    }

    @Test(arguments: ["spectrum", "spectrum_wrapped", "pointlike"])
    func spectrumOnOffIsGammapys(_ name: String) throws {
        let section = Self.document[name] as! JSON
        let dir = TemporaryDirectory()
        let pointLike = name == "pointlike"
        let observation = try Self.phasedObservation(pointLike ? "magic/rad_max/data" : "hess-dl3-dr1", pointLike ? 5029747 : 23523,
                                                     required: pointLike ? .pointLike : .fullEnclosure, in: dir)
        let energy: MapAxis, energyTrue: MapAxis, region: SkyRegion
        if pointLike {
            energy = try MapAxis.fromEnergyBounds(50, 1e5, nbin: 5, perDecade: true, unit: "GeV")
            energyTrue = try MapAxis.fromEnergyBounds(10, 1e5, nbin: 10, perDecade: true, unit: "GeV", name: "energy_true")
            region = SkyRegion(.point(center: SkyCoord(lon: 83.633, lat: 22.014)))
        } else {
            energy = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
            energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, unit: "TeV", name: "energy_true")
            region = SkyRegion(.circle(center: SkyCoord(lon: 83.63, lat: 22.01), radius: 0.2))
        }
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: region, axes: [energy]), energyAxisTrue: energyTrue, name: "obs")
        let spectrum = try SpectrumDatasetMaker().run(empty, observation: observation)
        #expect(spectrum.counts?.data == Self.data(section, "input_dataset_counts"), "the phase column changes nothing else")
        let onOff = try Self.maker(section).run(spectrum, observation: observation)
        #expect(onOff.dataset.counts?.data == Self.data(section, "counts"))
        #expect(onOff.countsOff?.data == Self.data(section, "counts_off"))
        #expect(onOff.acceptance.data == Self.data(section, "acceptance"))
        #expect(onOff.acceptanceOff.data == Self.data(section, "acceptance_off"), "recomputed as acceptance × n_off / (α × n_off)")
        #expect(onOff.alpha.data == Self.data(section, "alpha"))
        #expect(onOff.name == "obs" && onOff.dataset.exposure?.data == spectrum.exposure?.data)
        // Gammapy's summary, but for the name Gammapy draws at random.
        let text = onOff.description.replacingOccurrences(of: ": obs \n", with: ": <name> \n")
        #expect(text == section["str_result"] as! String)
    }

    @Test func mapOnOffIsGammapys() throws {
        let section = Self.document["map"] as! JSON
        let dir = TemporaryDirectory()
        let observation = try Self.phasedObservation("hess-dl3-dr1", 23523, required: .fullEnclosure, in: dir)
        let geom = try WcsGeom.create(skydir: SkyCoord(lon: 83.63, lat: 22.01), width: LonLat(1.0), binsz: LonLat(0.1), proj: "CAR",
                                      axes: [try MapAxis.fromEnergyBounds(1, 10, nbin: 3, unit: "TeV")])
        let empty = try MapDataset.create(geom: geom, energyAxisTrue: try MapAxis.fromEnergyBounds(0.5, 20, nbin: 5, unit: "TeV", name: "energy_true"))
        let dataset = try MapDatasetMaker(selection: [.counts]).run(empty, observation: observation)
        #expect(dataset.counts?.data.reduce(0, +) == (section["input_dataset_counts"] as! JSON)["sum"] as? Double)
        let onOff = try Self.maker(section).run(dataset, observation: observation)
        #expect(onOff.dataset.counts?.data == Self.data(section, "counts"))
        #expect(onOff.countsOff?.data == Self.data(section, "counts_off"))
        #expect(Set(onOff.acceptanceOff.data) == Set((section["acceptance_off"] as! JSON)["unique"] as! [Double]))
        #expect(Set(onOff.alpha.data) == Set((section["alpha"] as! JSON)["unique"] as! [Double]))
        #expect(onOff.dataset.background == nil)
    }

    @Test func missingPhaseColumnIsNamed() throws {
        let observation = try DataStore(directory: GammapyData.file("hess-dl3-dr1")).observation(23523)
        let empty = try SpectrumDataset.create(geom: try RegionGeom(region: SkyRegion(.circle(center: SkyCoord(lon: 83.63, lat: 22.01), radius: 0.2)),
                                                                    axes: [try MapAxis.fromEnergyBounds(1, 10, nbin: 2, unit: "TeV")]))
        let maker = try PhaseBackgroundMaker(onPhase: [.init(0.5, 0.6)], offPhase: [.init(0.7, 1)])
        let error = #expect(throws: DL3Error.self) { try maker.run(try SpectrumDatasetMaker(selection: [.counts]).run(empty, observation: observation), observation: observation) }
        #expect(error?.message.contains("observation 23523") == true && error?.message.contains("no column PHASE") == true, "\(String(describing: error))")
        #expect(throws: MapMakingError.self) { try PhaseBackgroundMaker(onPhase: [], offPhase: [.init(0.7, 1)]) }
        #expect(throws: MapMakingError.self) { try PhaseBackgroundMaker(onPhase: [.init(0.5, .nan)], offPhase: [.init(0.7, 1)]) }
    }
}
