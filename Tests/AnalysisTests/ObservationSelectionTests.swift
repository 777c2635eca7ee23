import Foundation
import Testing
import Analysis
import DL3
import TestSupport

@Suite(.enabled(if: GammapyData.isAvailable, GammapyData.skipReason))
struct ObservationSelectionTests {
    private func select(_ yaml: String, in dir: String = ".") throws -> ObservationSelection {
        try ObservationSelection(config: AnalysisConfig.parse(yaml: yaml, baseDirectory: dir))
    }

    @Test func idsInTheOrderGiven() throws {
        let selection = try select("observations: {datastore: $GAMMAPY_DATA/hess-dl3-dr1, obs_ids: [23523, 23592, 23526, 23559]}")
        #expect(selection.observations.map(\.obsID) == [23523, 23592, 23526, 23559])
        #expect(selection.warnings.isEmpty)
    }

    @Test func coneNarrowsTheIndex() throws {
        let yaml = "observations: {datastore: $GAMMAPY_DATA/hess-dl3-dr1, obs_cone: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg, radius: 3 deg}}"
        #expect(try select(yaml).observations.map(\.obsID) == [23523, 23526, 23559, 23592])
    }

    @Test func obsFileRelativeToTheConfig() throws {
        let dir = TemporaryDirectory()
        try "# runs\n23592\n23523 extra columns\n".write(toFile: dir.file("runs.txt"), atomically: true, encoding: .utf8)
        let selection = try select("observations: {datastore: $GAMMAPY_DATA/hess-dl3-dr1, obs_file: runs.txt}", in: dir.path)
        #expect(selection.observations.map(\.obsID) == [23592, 23523])
    }

    @Test func unknownIdNamesNearbyIds() {
        #expect { try select("observations: {datastore: $GAMMAPY_DATA/hess-dl3-dr1, obs_ids: [23592, 23600]}") } throws: { error in
            "\(error)".contains("23600") && "\(error)".contains("23592")
        }
    }

    @Test func pointLikeRunsLackingPSFAreSkippedWithAWarning() throws {
        let selection = try select("observations: {datastore: $GAMMAPY_DATA/magic/rad_max/data, obs_ids: [5029747, 5029748]}")
        #expect(selection.observations.isEmpty)
        #expect(selection.warnings.count == 2 && selection.warnings[0].contains("psf"))
        let pointLike = try select("observations: {datastore: $GAMMAPY_DATA/magic/rad_max/data, required_irf: [aeff, edisp, rad_max]}")
        #expect(pointLike.observations.map(\.obsID).sorted() == [5029747, 5029748])
    }

    @Test func missingDataStoreNamesTheKey() {
        #expect { try select("observations: {datastore: /nonexistent/store}") } throws: { error in
            (error as? ConfigError)?.key == "observations.datastore"
        }
    }
}
