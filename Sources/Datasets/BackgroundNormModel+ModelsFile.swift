import FITSIO
import Foundation
import GammaMaps
import Yams

/// The FoV background models of a set of datasets as Gammapy's `models.yaml` holds them
/// (`Models.write` / `Models.read`, what `Datasets.write(..., filename_models=...)` and
/// `Datasets.read(..., filename_models=...)` use): one `FoVBackgroundModel` component per
/// dataset with `datasets_names: [name]` and its `PowerLawNormSpectralModel` parameters, the
/// covariance in `<stem>_covariance.dat` beside it, Gammapy's metadata and checksum.
///
/// Parameters are written as Gammapy does without `full_output`: name and value always, the
/// unit only for `reference`, the error when not 0, `frozen` when it differs from the default
/// (tilt and reference frozen, norm free). The covariance file is the block-diagonal matrix of
/// all parameters (tilt, norm, reference per model), variances from the errors (NaN → 1, as
/// Gammapy), with the norm–tilt covariance of a fit with free tilt.
public struct FoVBackgroundModels: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var datasetName: String
        public var model: BackgroundNormModel
        /// Covariance of norm and tilt (zero unless both were fitted).
        public var normTiltCovariance: Double

        public init(datasetName: String, model: BackgroundNormModel, normTiltCovariance: Double = 0) {
            self.datasetName = datasetName
            self.model = model
            self.normTiltCovariance = normTiltCovariance
        }

        /// Gammapy's model name, `<dataset>-bkg`.
        public var modelName: String { "\(datasetName)-bkg" }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The models of the datasets that have one, in dataset order.
    public init(datasets: [MapDataset<WcsGeom>]) {
        entries = datasets.compactMap { d in d.backgroundModel.map { Entry(datasetName: d.name, model: $0) } }
    }

    /// The datasets with `backgroundModel` set from the entry with their name (others unchanged),
    /// as `Datasets.read(..., filename_models=...)` assigns models.
    public func apply(to datasets: [MapDataset<WcsGeom>]) -> [MapDataset<WcsGeom>] {
        datasets.map { d in
            var d = d
            if let entry = entries.first(where: { $0.datasetName == d.name }) { d.backgroundModel = entry.model }
            return d
        }
    }

    // MARK: - Writing

    /// Writes `models.yaml` (and the covariance file beside it) as Gammapy's `Models.write`.
    ///
    /// - Parameters:
    ///   - path: The YAML file; the covariance goes to `<stem>_covariance.dat` in its folder.
    ///   - overwrite: Replace existing files (otherwise an existing YAML file is an error, as Gammapy).
    ///   - writeCovariance: Write the covariance file and its `covariance:` entry.
    ///   - checksum: Append Gammapy's `checksum:` line (MD5 of the text before it);
    ///     `Datasets.write` passes true.
    ///   - creator, date: The `metadata` block (Gammapy writes `Gammapy <version>` and the time, UTC).
    public func write(to path: String, overwrite: Bool = false, writeCovariance: Bool = true, checksum: Bool = true,
                      creator: String = "GammaKit", date: Date = Date()) throws {
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: url.path) && !overwrite {
            throw ModelsFileError(path: path, message: "File exists already")
        }
        var covarianceName: String?
        if writeCovariance && !entries.isEmpty {
            let name = url.deletingPathExtension().lastPathComponent + "_covariance.dat"
            let covarianceURL = url.deletingLastPathComponent().appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: covarianceURL.path) && !overwrite {
                throw ModelsFileError(path: covarianceURL.path, message: "File exists already")
            }
            try Self.writeAtomically(covarianceTable(), to: covarianceURL)
            covarianceName = name
        }
        var text = yaml(covarianceFile: covarianceName, creator: creator, date: date)
        if checksum { text += "checksum: \(MD5.hex(text))\n" }
        try Self.writeAtomically(text, to: url)
    }

    static func writeAtomically(_ text: String, to url: URL) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: url.path, overwrite: true)
        } catch {
            throw ModelsFileError(path: url.path, message: error.message)
        }
    }

    /// The YAML text Gammapy writes before the checksum line.
    public func yaml(covarianceFile: String?, creator: String = "GammaKit", date: Date = Date()) -> String {
        var out = "components:\n"
        for entry in entries {
            out += "-   type: FoVBackgroundModel\n"
            out += "    datasets_names:\n"
            out += "    - \(YAMLScalar.render(entry.datasetName))\n"
            out += "    spectral:\n"
            out += "        type: PowerLawNormSpectralModel\n"
            out += "        parameters:\n"
            let m = entry.model
            for (name, p, unit, frozenDefault) in [("tilt", m.tilt, "", true), ("norm", m.norm, "", false),
                                                   ("reference", m.reference, "TeV", true)] {
                out += "        -   name: \(name)\n"
                out += "            value: \(ModelsFileYAML.float(p.value))\n"
                if !unit.isEmpty { out += "            unit: \(unit)\n" }
                if p.error != 0 { out += "            error: \(ModelsFileYAML.float(p.error))\n" }
                if p.frozen != frozenDefault { out += "            frozen: \(p.frozen)\n" }
            }
        }
        if let covarianceFile { out += "covariance: \(YAMLScalar.render(covarianceFile))\n" }
        out += "metadata:\n"
        out += "    creator: \(YAMLScalar.render(creator))\n"
        out += "    date: \(YAMLScalar.render(Self.isoDate(date)))\n"
        out += "    origin: null\n"
        return out
    }

    /// The time as astropy's `Time.now()` serialises in Gammapy's metadata: ISO, UTC, microseconds.
    static func isoDate(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var whole = seconds.rounded(.down)
        var micro = Int(((seconds - whole) * 1e6).rounded())
        if micro >= 1_000_000 { micro -= 1_000_000; whole += 1 }
        var t = time_t(whole)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micro)
    }

    /// Names of all parameters, Gammapy's `parameters_unique_names`: `<model>.spectral.<par>`.
    public var parameterNames: [String] {
        entries.flatMap { e in ["tilt", "norm", "reference"].map { "\(e.modelName).spectral.\($0)" } }
    }

    /// The covariance matrix of all parameters (block-diagonal, Gammapy's order).
    public var covarianceMatrix: [[Double]] {
        let n = entries.count * 3
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for (i, e) in entries.enumerated() {
            let o = 3 * i
            for (k, p) in [e.model.tilt, e.model.norm, e.model.reference].enumerated() {
                let v = p.error * p.error
                matrix[o + k][o + k] = v.isNaN ? 1 : v
            }
            matrix[o][o + 1] = e.normTiltCovariance
            matrix[o + 1][o] = e.normTiltCovariance
        }
        return matrix
    }

    /// The covariance file as astropy writes it (`ascii.fixed_width`, delimiter `|`): a header
    /// `Parameters | 0 | 1 | ...`, each column right-aligned to its widest entry.
    public func covarianceTable() -> String {
        let names = parameterNames
        let matrix = covarianceMatrix
        var columns: [[String]] = [["Parameters"] + names]
        for j in names.indices {
            columns.append(["\(j)"] + matrix.map { ModelsFileYAML.numpyFloat($0[j]) })
        }
        let widths = columns.map { $0.map(\.count).max() ?? 0 }
        var out = ""
        for row in 0...names.count {
            var line = "|"
            for (c, column) in columns.enumerated() {
                let cell = column[row]
                line += " " + String(repeating: " ", count: widths[c] - cell.count) + cell + " |"
            }
            out += line + "\n"
        }
        return out
    }

    // MARK: - Reading

    /// Reads the FoV background models of a Gammapy `models.yaml` (other components, e.g. sky
    /// models, are skipped). When the file names a covariance file, it is read from the same
    /// folder and the errors taken from its diagonal, as Gammapy's `Models.read` does.
    ///
    /// - Throws: `ModelsFileError` naming the file and the offending component: unreadable YAML,
    ///   a FoV model without exactly one dataset name, a spectral model other than
    ///   `PowerLawNormSpectralModel`, a spatial model, a parameter value that is not a number,
    ///   an unknown energy unit, a covariance file that is missing or does not parse.
    public static func read(from path: String) throws -> FoVBackgroundModels {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ModelsFileError(path: path, message: "no such file or not UTF-8 text")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ModelsFileError(path: path, message: "not YAML: \(error)")
        }
        guard let root, case .mapping = root, let components = root["components"]?.sequence else {
            throw ModelsFileError(path: path, message: "no 'components' list")
        }
        var entries = [Entry]()
        for (index, component) in components.enumerated() {
            let where_ = "components[\(index)]"
            guard let type = component["type"]?.string, ["FoVBackgroundModel", "fov-bkg"].contains(type) else { continue }
            guard let names = component["datasets_names"]?.sequence?.compactMap(\.string), !names.isEmpty else {
                throw ModelsFileError(path: path, message: "\(where_): FoVBackgroundModel must define a dataset name")
            }
            guard names.count == 1 else {
                throw ModelsFileError(path: path, message: "\(where_): FoVBackgroundModel can only be assigned to one dataset")
            }
            if component["spatial"] != nil {
                throw ModelsFileError(path: path, message: "\(where_): FoV background models with a spatial model are not supported")
            }
            var model = BackgroundNormModel()
            if let spectral = component["spectral"] {
                let spectralType = spectral["type"]?.string ?? ""
                guard ["PowerLawNormSpectralModel", "pl-norm"].contains(spectralType) else {
                    throw ModelsFileError(path: path, message: "\(where_): spectral model '\(spectralType)' is not supported (only PowerLawNormSpectralModel)")
                }
                for parameter in spectral["parameters"]?.sequence ?? [] {
                    let name = parameter["name"]?.string ?? ""
                    func number(_ key: String) throws -> Double? {
                        guard let node = parameter[key], let s = node.string else { return nil }
                        guard let v = ModelsFileYAML.parseFloat(s) else {
                            throw ModelsFileError(path: path, message: "\(where_).spectral.\(name).\(key): '\(s)' is not a number")
                        }
                        return v
                    }
                    var scale = 1.0
                    if name == "reference", let unit = parameter["unit"]?.string, !unit.isEmpty, unit != "TeV" {
                        guard let f = energyFactorToTeV(unit) else {
                            throw ModelsFileError(path: path, message: "\(where_).spectral.reference: unknown energy unit '\(unit)'")
                        }
                        scale = f
                    }
                    let value = try number("value")
                    let error = try number("error")
                    let frozen = parameter["frozen"]?.bool
                    func update(_ p: inout BackgroundNormModel.Parameter) {
                        if let value { p.value = value * scale }
                        if let error { p.error = error * scale }
                        if let frozen { p.frozen = frozen }
                    }
                    switch name {
                    case "norm": update(&model.norm)
                    case "tilt": update(&model.tilt)
                    case "reference": update(&model.reference)
                    default:
                        throw ModelsFileError(path: path, message: "\(where_): unknown PowerLawNormSpectralModel parameter '\(name)'")
                    }
                }
            }
            entries.append(Entry(datasetName: names[0], model: model))
        }
        var models = FoVBackgroundModels(entries: entries)
        if let covariance = root["covariance"]?.string, !covariance.isEmpty {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try models.applyCovariance(from: folder.appendingPathComponent(covariance).path)
        }
        return models
    }

    /// Errors and norm–tilt covariances from a Gammapy covariance file, matched by parameter name.
    mutating func applyCovariance(from path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ModelsFileError(path: path, message: "covariance file missing")
        }
        let rows = text.split(separator: "\n").map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let header = rows.first, header.first == "Parameters" else {
            throw ModelsFileError(path: path, message: "not a covariance table (no 'Parameters' column)")
        }
        var index = [String: Int]()
        var values = [[Double]]()
        for (r, row) in rows.dropFirst().enumerated() {
            guard row.count == header.count else {
                throw ModelsFileError(path: path, message: "row \(r + 1) has \(row.count) columns, the header \(header.count)")
            }
            index[row[0]] = r
            values.append(try row.dropFirst().map { cell in
                guard let v = ModelsFileYAML.parseFloat(cell) else {
                    throw ModelsFileError(path: path, message: "row \(r + 1): '\(cell)' is not a number")
                }
                return v
            })
        }
        for k in entries.indices {
            let prefix = entries[k].modelName + ".spectral."
            guard let t = index[prefix + "tilt"], let n = index[prefix + "norm"], let r = index[prefix + "reference"],
                  values[t].count > max(t, n, r) else { continue }
            entries[k].model.tilt.error = values[t][t].squareRoot()
            entries[k].model.norm.error = values[n][n].squareRoot()
            entries[k].model.reference.error = values[r][r].squareRoot()
            entries[k].normTiltCovariance = values[t][n]
        }
    }

    static func energyFactorToTeV(_ unit: String) -> Double? {
        UnitConversion.factor(from: unit, to: "TeV")
    }
}

/// An error reading or writing `models.yaml` or its covariance file.
public struct ModelsFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}
