import Foundation
import Testing
@testable import Analysis

struct AnalysisConfigTests {
    static let tutorial = """
    observations:
        datastore: $GAMMAPY_DATA/hess-dl3-dr1
        obs_ids: [23523, 23592, 23526, 23559]
        required_irf: [aeff, edisp, psf, bkg]
    datasets:
        type: 3d
        stack: true
        geom:
            wcs:
                skydir: {frame: icrs, lon: 83.63 deg, lat: 22.01 deg}
                binsize: 0.02 deg
                width: {width: 5 deg, height: 5 deg}
                binsize_irf: 0.2 deg
            selection: {offset_max: 3 deg}
            axes:
                energy: {min: 1 TeV, max: 10 TeV, nbins: 11}
                energy_true: {min: 0.3 TeV, max: 10 TeV, nbins: 31}
        map_selection: [counts, exposure, background, psf, edisp]
        background:
            method: fov_background
            exclusion: exclusion.fits.gz
            parameters: {method: scale}
        safe_mask:
            methods: [aeff-default, offset-max]
            parameters: {offset_max: 3 deg}
    """

    @Test func readsTheTutorialConfiguration() throws {
        let config = try AnalysisConfig.parse(yaml: Self.tutorial, baseDirectory: "/scenario")
        #expect(config.observations.obsIDs == [23523, 23592, 23526, 23559])
        #expect(config.datasets.type == .cube)
        #expect(config.datasets.stack)
        #expect(config.datasets.geom.wcs.skydir == {
            var s = SpatialCircleConfig(); s.frame = .icrs; s.lon = 83.63; s.lat = 22.01; return s
        }())
        #expect(config.datasets.geom.wcs.binsize == 0.02)
        #expect(config.datasets.geom.offsetMax == 3)
        #expect(config.datasets.geom.energyTrue == EnergyAxisConfig(min: EnergyQuantity(0.3, "TeV"), max: EnergyQuantity(10, "TeV"), nbins: 31))
        #expect(config.datasets.background.method == .fovBackground)
        #expect(config.datasets.background.parameters["method"] == .string("scale"))
        #expect(config.datasets.safeMask.methods == [.aeffDefault, .offsetMax])
        #expect(config.datasets.safeMask.parameters["offset_max"] == .string("3 deg"))
        #expect(try config.resolvePath(config.datasets.background.exclusion!, key: "") == "/scenario/exclusion.fits.gz")
    }

    @Test func defaultsAreGammapys() throws {
        let config = try AnalysisConfig.parse(yaml: "datasets: {type: 3d}", baseDirectory: ".")
        #expect(config.datasets.geom.energy == EnergyAxisConfig(min: EnergyQuantity(1, "TeV"), max: EnergyQuantity(10, "TeV"), nbins: 5))
        #expect(config.datasets.geom.energyTrue.nbins == 16)
        #expect(config.datasets.geom.offsetMax == 2.5)
        #expect(config.datasets.geom.wcs.binsizeIRF == 0.2)
        #expect(config.datasets.safeMask.methods == [.aeffDefault])
        #expect(config.datasets.mapSelection.count == 5)
        #expect(config.observations.requiredIRF == ["aeff", "edisp", "psf", "bkg"])
        // A section given replaces the default section: its missing fields are unset.
        let partial = try AnalysisConfig.parse(yaml: "datasets: {geom: {axes: {energy: {nbins: 3}}}}", baseDirectory: ".")
        #expect(partial.datasets.geom.energy == EnergyAxisConfig(nbins: 3))
        #expect(partial.datasets.geom.energyTrue.nbins == 16)
    }

    @Test func unknownKeyIsNamedWithASuggestion() {
        #expect { try AnalysisConfig.parse(yaml: "datasets:\n  geom:\n    wcs:\n      binsz: 0.02 deg\n", baseDirectory: ".") } throws: { error in
            let e = error as! ConfigError
            return e.key == "datasets.geom.wcs.binsz" && e.message.contains("did you mean 'binsize'")
        }
        #expect { try AnalysisConfig.parse(yaml: "observation: {}", baseDirectory: ".") } throws: { error in
            (error as! ConfigError).key == "observation"
        }
    }

    @Test func badValuesNameTheirKey() {
        let cases: [(String, String)] = [
            ("datasets: {geom: {wcs: {binsize: 0.02}}}", "datasets.geom.wcs.binsize"),
            ("datasets: {geom: {axes: {energy: {min: 1 meter}}}}", "datasets.geom.axes.energy.min"),
            ("datasets: {type: 2d}", "datasets.type"),
            ("datasets: {stack: maybe}", "datasets.stack"),
            ("datasets: {safe_mask: {methods: [aeff-min]}}", "datasets.safe_mask.methods[0]"),
            ("datasets: {background: {method: rings}}", "datasets.background.method"),
            ("observations: {obs_ids: [1, x]}", "observations.obs_ids[1]"),
            ("observations: {required_irf: [aeff, bkgg]}", "observations.required_irf[1]"),
            ("datasets: {geom: {wcs: {skydir: {frame: fk5}}}}", "datasets.geom.wcs.skydir.frame"),
        ]
        for (yaml, key) in cases {
            do {
                _ = try AnalysisConfig.parse(yaml: yaml, baseDirectory: ".")
                Issue.record("no error for \(yaml)")
            } catch let error as ConfigError {
                #expect(error.key == key, "\(yaml): \(error)")
            } catch {
                Issue.record("unexpected error \(error) for \(yaml)")
            }
        }
    }

    @Test func environmentVariablesExpand() throws {
        let env = ["GAMMAPY_DATA": "/data", "HOME": "/home/me"]
        #expect(try PathExpansion.expand("$GAMMAPY_DATA/hess-dl3-dr1", key: "k", environment: env) == "/data/hess-dl3-dr1")
        #expect(try PathExpansion.expand("${GAMMAPY_DATA}/x", key: "k", environment: env) == "/data/x")
        #expect(try PathExpansion.expand("~/x", key: "k", environment: env) == "/home/me/x")
        #expect { try PathExpansion.expand("$NOPE/x", key: "observations.datastore", environment: env) } throws: { error in
            let e = error as! ConfigError
            return e.key == "observations.datastore" && e.message.contains("$NOPE")
        }
    }

    @Test func readsEveryReferenceScenario() throws {
        let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/reference/scenarios").standardized.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: scenarios), !names.isEmpty else { return }
        for name in names {
            let config = try AnalysisConfig.read(path: "\(scenarios)/\(name)/config.yaml")
            #expect(Set(config.observations.obsIDs).isSubset(of: [23523, 23592, 23526, 23559]) && !config.observations.obsIDs.isEmpty, "\(name)")
            #expect(config.observations.datastore == "$GAMMAPY_DATA/hess-dl3-dr1", "\(name)")
        }
    }
}
