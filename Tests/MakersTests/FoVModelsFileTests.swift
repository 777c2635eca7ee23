import Datasets
import Foundation
import Testing
import TestSupport
import GammaMaps

/// Gammapy's models.yaml for FoV background models: writing, reading, YAML scalars, checksum.
@Suite struct FoVModelsFileTests {
    /// Gammapy 2.1's models.yaml and covariance file for the seed-3d-per-obs scenario
    /// (`run_reference.py`, `Datasets.write(..., filename_models="models.yaml")`), verbatim.
    static let gammapyYAML = """
components:
-   type: FoVBackgroundModel
    datasets_names:
    - '23523'
    spectral:
        type: PowerLawNormSpectralModel
        parameters:
        -   name: tilt
            value: 0.0
        -   name: norm
            value: 0.9591089294762435
            error: 0.02015717763815559
        -   name: reference
            value: 1.0
            unit: TeV
-   type: FoVBackgroundModel
    datasets_names:
    - '23592'
    spectral:
        type: PowerLawNormSpectralModel
        parameters:
        -   name: tilt
            value: 0.0
        -   name: norm
            value: 0.9917429593320779
            error: 0.02323405107144063
        -   name: reference
            value: 1.0
            unit: TeV
-   type: FoVBackgroundModel
    datasets_names:
    - '23526'
    spectral:
        type: PowerLawNormSpectralModel
        parameters:
        -   name: tilt
            value: 0.0
        -   name: norm
            value: 1.0401170711959125
            error: 0.023523873945812956
        -   name: reference
            value: 1.0
            unit: TeV
-   type: FoVBackgroundModel
    datasets_names:
    - '23559'
    spectral:
        type: PowerLawNormSpectralModel
        parameters:
        -   name: tilt
            value: 0.0
        -   name: norm
            value: 0.9527493026235111
            error: 0.025029054664487838
        -   name: reference
            value: 1.0
            unit: TeV
covariance: models_covariance.dat
metadata:
    creator: Gammapy 2.1
    date: '2026-11-26T15:32:39.767297'
    origin: null
checksum: e190f9dd33023cd781ec0e849d6375b8

"""

    static let gammapyCovariance = """
|                   Parameters |   0 |                      1 |   2 |   3 |                     4 |   5 |   6 |                     7 |   8 |   9 |                    10 |  11 |
|      23523-bkg.spectral.tilt | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23523-bkg.spectral.norm | 0.0 | 0.00040631181033615974 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
| 23523-bkg.spectral.reference | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23592-bkg.spectral.tilt | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23592-bkg.spectral.norm | 0.0 |                    0.0 | 0.0 | 0.0 | 0.0005398211291903115 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
| 23592-bkg.spectral.reference | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23526-bkg.spectral.tilt | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23526-bkg.spectral.norm | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 | 0.0005533726454184976 | 0.0 | 0.0 |                   0.0 | 0.0 |
| 23526-bkg.spectral.reference | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23559-bkg.spectral.tilt | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |
|      23559-bkg.spectral.norm | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 | 0.0006264535773979204 | 0.0 |
| 23559-bkg.spectral.reference | 0.0 |                    0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 | 0.0 |                   0.0 | 0.0 |

"""

    /// The four norms and errors of that file.
    static let perObs: [(String, Double, Double)] = [
        ("23523", 0.9591089294762435, 0.02015717763815559),
        ("23592", 0.9917429593320779, 0.02323405107144063),
        ("23526", 1.0401170711959125, 0.023523873945812956),
        ("23559", 0.9527493026235111, 0.025029054664487838),
    ]

    static var perObsModels: FoVBackgroundModels {
        FoVBackgroundModels(entries: perObs.map { name, norm, error in
            .init(datasetName: name, model: BackgroundNormModel(norm: .init(value: norm, error: error)))
        })
    }

    /// Gammapy's date of that file, 2026-11-26T15:32:39.767297 UTC.
    static let gammapyDate: Date = {
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (2026, 11, 26, 15, 32, 39)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: c)!.addingTimeInterval(0.767297)
    }()

    @Test func writesGammapysFileByteForByte() throws {
        let dir = TemporaryDirectory()
        try Self.perObsModels.write(to: dir.file("models.yaml"), creator: "Gammapy 2.1", date: Self.gammapyDate)
        let yaml = try String(contentsOfFile: dir.file("models.yaml"), encoding: .utf8)
        #expect(yaml == Self.gammapyYAML)   // including the MD5 checksum line
        let covariance = try String(contentsOfFile: dir.file("models_covariance.dat"), encoding: .utf8)
        #expect(covariance == Self.gammapyCovariance)
        // an existing file is kept unless overwrite
        #expect(throws: ModelsFileError.self) { try Self.perObsModels.write(to: dir.file("models.yaml")) }
        try Self.perObsModels.write(to: dir.file("models.yaml"), overwrite: true)
    }

    @Test func readsGammapysFile() throws {
        let dir = TemporaryDirectory()
        try Self.gammapyYAML.write(toFile: dir.file("models.yaml"), atomically: true, encoding: .utf8)
        try Self.gammapyCovariance.write(toFile: dir.file("models_covariance.dat"), atomically: true, encoding: .utf8)
        let models = try FoVBackgroundModels.read(from: dir.file("models.yaml"))
        #expect(models.entries.map(\.datasetName) == ["23523", "23592", "23526", "23559"])
        for (entry, (_, norm, error)) in zip(models.entries, Self.perObs) {
            #expect(entry.model.norm.value == norm)
            #expect(abs(entry.model.norm.error - error) <= 1e-17)   // √(error²) from the covariance file
            #expect(entry.model.tilt == .init(value: 0, frozen: true))
            #expect(entry.model.reference == .init(value: 1, frozen: true))
        }
        // assigned to datasets by name
        let datasets = models.apply(to: [MapDataset<WcsGeom>(name: "23592"), MapDataset<WcsGeom>(name: "other")])
        #expect(datasets[0].backgroundModel?.norm.value == 0.9917429593320779)
        #expect(datasets[1].backgroundModel == nil)
        // without the covariance file named in it: an error naming the file
        try FileManager.default.removeItem(atPath: dir.file("models_covariance.dat"))
        #expect(throws: ModelsFileError.self) { try FoVBackgroundModels.read(from: dir.file("models.yaml")) }
    }

    /// A fit with free tilt: frozen: false, the tilt's error, the norm–tilt covariance; read back
    /// identically. The layout is Gammapy's for such a model (keys only where not default).
    @Test func freeTiltRoundTrip() throws {
        var model = BackgroundNormModel(norm: .init(value: 0.8981747810216736, error: 0.034540483278062695),
                                        tilt: .init(value: -0.12349376, error: 0.03791594591957464, frozen: false))
        model.reference.value = 1
        let models = FoVBackgroundModels(entries: [.init(datasetName: "stacked", model: model, normTiltCovariance: 0.0010347),
                                                   .init(datasetName: "true", model: BackgroundNormModel())])
        let dir = TemporaryDirectory()
        try models.write(to: dir.file("fov.yaml"), checksum: false)
        let yaml = try String(contentsOfFile: dir.file("fov.yaml"), encoding: .utf8)
        #expect(yaml.hasPrefix("""
            components:
            -   type: FoVBackgroundModel
                datasets_names:
                - stacked
                spectral:
                    type: PowerLawNormSpectralModel
                    parameters:
                    -   name: tilt
                        value: -0.12349376
                        error: 0.03791594591957464
                        frozen: false
                    -   name: norm
                        value: 0.8981747810216736
                        error: 0.034540483278062695
                    -   name: reference
                        value: 1.0
                        unit: TeV
            -   type: FoVBackgroundModel
                datasets_names:
                - 'true'
            """))
        #expect(yaml.contains("covariance: fov_covariance.dat\nmetadata:\n    creator: GammaKit\n    date: '"))
        #expect(!yaml.contains("checksum"))
        let back = try FoVBackgroundModels.read(from: dir.file("fov.yaml"))
        #expect(back.entries[0].normTiltCovariance == 0.0010347)
        #expect(back.entries[0].model.tilt.frozen == false)
        #expect(abs(back.entries[0].model.tilt.error - 0.03791594591957464) < 1e-17)
        #expect(back.entries[1].datasetName == "true")
    }

    @Test func readsUnitsAliasesAndRejectsWhatItCannotHold() throws {
        let dir = TemporaryDirectory()
        let text = """
            components:
            -   name: crab
                type: SkyModel
            -   type: fov-bkg
                datasets_names: [run1]
                spectral:
                    type: pl-norm
                    parameters:
                    - {name: norm, value: 1.2, error: 0.1}
                    - {name: tilt, value: 0.1, frozen: false}
                    - {name: reference, value: 500, unit: GeV}
            """
        try text.write(toFile: dir.file("m.yaml"), atomically: true, encoding: .utf8)
        let m = try FoVBackgroundModels.read(from: dir.file("m.yaml")).entries
        #expect(m.count == 1 && m[0].datasetName == "run1")
        #expect(m[0].model.norm == .init(value: 1.2, error: 0.1, frozen: false))
        #expect(m[0].model.tilt == .init(value: 0.1, frozen: false))
        #expect(m[0].model.reference.value == 0.5)

        for (body, needle) in [("datasets_names: [a, b]", "one dataset"), ("datasets_names: []", "dataset name"),
                               ("datasets_names: [a]\n    spectral: {type: PiecewiseNormSpectralModel}", "not supported")] {
            try "components:\n-   type: FoVBackgroundModel\n    \(body)\n".write(toFile: dir.file("bad.yaml"), atomically: true, encoding: .utf8)
            #expect {
                try FoVBackgroundModels.read(from: dir.file("bad.yaml"))
            } throws: { error in
                "\(error)".contains(needle) && "\(error)".contains("bad.yaml")
            }
        }
        #expect(throws: ModelsFileError.self) { try FoVBackgroundModels.read(from: dir.file("missing.yaml")) }
    }

    /// Scalars as PyYAML writes them (the expected strings are `yaml.safe_dump` outputs, PyYAML
    /// 6 with Python 3.12).
    @Test func scalarsAsPyYAMLWritesThem() {
        let names: [(String, String)] = [
            ("23523", "'23523'"), ("true", "'true'"), ("my run", "my run"), ("a: b", "'a: b'"), ("-x", "-x"),
            ("1.5", "'1.5'"), ("null", "'null'"), ("2020-01-01", "'2020-01-01'"), ("O'Brien", "O'Brien"),
            ("stacked", "stacked"), ("x#y", "x#y"), ("x #y", "'x #y'"), ("Yes", "'Yes'"), ("0x1F", "'0x1F'"),
            ("1_000", "'1_000'"), (".5", "'.5'"), ("~", "'~'"), ("", "''"), ("é", "\"\\xE9\""), ("a-b_c.d", "a-b_c.d"),
            ("-", "'-'"), ("on", "'on'"), ("ab:", "'ab:'"), ("@a", "'@a'"), ("1e5", "1e5"), ("1.0e5", "1.0e5"),
            ("0o17", "0o17"), ("+1", "'+1'"), ("12:30", "'12:30'"),
        ]
        for (name, expected) in names {
            let yaml = FoVBackgroundModels(entries: [.init(datasetName: name, model: BackgroundNormModel())])
                .yaml(covarianceFile: nil)
            #expect(yaml.contains("    datasets_names:\n    - \(expected)\n"), "\(name)")
        }
        let values: [(Double, String)] = [
            (1e-05, "1.0e-05"), (1.5e-07, "1.5e-07"), (123456789.0, "123456789.0"), (1e16, "1.0e+16"),
            (1.2345678901234568e+16, "1.2345678901234568e+16"), (0.0001, "0.0001"), (0.00012, "0.00012"),
            (-0.0, "-0.0"), (.nan, ".nan"), (.infinity, ".inf"), (2.5e-300, "2.5e-300"),
            (1234567890123456.0, "1234567890123456.0"), (0.9591089294762435, "0.9591089294762435"),
        ]
        for (value, expected) in values {
            let yaml = FoVBackgroundModels(entries: [.init(datasetName: "d", model: BackgroundNormModel(norm: .init(value: value)))])
                .yaml(covarianceFile: nil)
            #expect(yaml.contains("        -   name: norm\n            value: \(expected)\n"), "\(value)")
        }
    }
}
