import FITSIO
import Foundation
import Yams
import GammaMaps

/// The datasets.yaml index Gammapy's `Datasets.write` / `Datasets.read` use:
///
///     datasets:
///     -   name: '23592'
///         type: MapDataset
///         filename: 23592.fits
///     metadata:
///         creator: Gammapy 2.1
///         date: '2026-11-26T15:32:14.525017'
///         origin: null
///     checksum: 421e933d98113e62cf9e9fad0ad4012e
///
/// (PyYAML's layout, indent 4), one FITS file per dataset named after it (spaces become `_`)
/// beside the index, and `checksum` the MD5 of everything above it.
extension Datasets {
    /// Writes `<directory>/<filename>` (datasets.yaml) and one `<name>.fits` per dataset beside
    /// it, as Gammapy's `Datasets.write`. The directory is made if needed (unless
    /// `createDirectory` is false: a staging folder removed on interruption must not come back).
    /// Nothing is written when
    /// any target exists and `overwrite` is false; FITS files appear only complete, and the index
    /// last, once every FITS file is in place.
    /// - Throws: `DatasetError(.exists)` naming the first existing path; `.invalidArgument` when
    ///   two datasets would share a file name.
    public func write(directory: String, filename: String = "datasets.yaml", overwrite: Bool = false,
                      createDirectory: Bool = true) throws {
        if createDirectory { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let yamlPath = (directory as NSString).appendingPathComponent(filename)
        let files = datasets.map { type(of: $0).fileName(for: $0.name) }
        if let duplicate = Dictionary(grouping: files, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw DatasetError(.invalidArgument, subject: duplicate, message: "two datasets would be written to the same file")
        }
        let paths = files.map { (directory as NSString).appendingPathComponent($0) }
        if !overwrite, let existing = ([yamlPath] + paths).first(where: { FileManager.default.fileExists(atPath: $0) }) {
            throw DatasetError(.exists, subject: existing, message: "file exists (pass overwrite: true to replace it)")
        }
        // every FITS file complete in its temporary file before any is moved into place
        var writers: [FITSWriter] = []
        for (dataset, path) in zip(datasets, paths) {
            let writer = try MapDataset<WcsGeom>.openWriter(path, overwrite: overwrite)
            try dataset.writeHDUs(to: writer)
            writers.append(writer)
        }
        for writer in writers { try MapDataset<WcsGeom>.commit(writer) }
        try Self.writeAtomically(yamlText(files: files), to: yamlPath, overwrite: overwrite)
    }

    /// The index text with its checksum line.
    func yamlText(files: [String], date: String? = nil) -> String {
        Self.indexText(zip(datasets, files).map { ($0.name, type(of: $0).tag, $1) }, date: date)
    }

    /// Gammapy's datasets.yaml for entries (name, type, file name), with its checksum line.
    static func indexText(_ entries: [(name: String, type: String, file: String)], date: String? = nil) -> String {
        var text = ""
        if entries.isEmpty {
            text += "datasets: []\n"
        } else {
            text += "datasets:\n"
            for entry in entries {
                text += "-   name: \(YAMLScalar.render(entry.name))\n"
                text += "    type: \(entry.type)\n"
                text += "    filename: \(YAMLScalar.render(entry.file))\n"
            }
        }
        text += "metadata:\n"
        text += "    creator: \(YAMLScalar.render(gammaKitCreator))\n"
        text += "    date: \(YAMLScalar.render(date ?? MapDataset.creationDate(microseconds: true)))\n"
        text += "    origin: null\n"
        return text + "checksum: \(MD5.hex(text))\n"
    }

    static func writeAtomically(_ text: String, to path: String, overwrite: Bool) throws {
        do {
            try AtomicFile.write(Array(text.utf8), to: path, overwrite: overwrite)
        } catch {
            throw DatasetError(error.exists ? .exists : .invalidArgument, subject: path, message: error.message)
        }
    }

    /// Reads datasets.yaml and the FITS files it lists (Gammapy's `Datasets.read`), each as its
    /// `type` says (MapDataset, SpectrumDatasetOnOff): a file name is taken relative to the
    /// index's directory when the file is there, as given otherwise. The checksum is not
    /// verified (Gammapy only warns when it does not match).
    /// - Throws: `DatasetError(.notADataset)` for an index without a `datasets` list or an entry
    ///   without `name`/`filename`; `.unsupported` for other types; the FITS readers' errors.
    public static func read(from path: String) throws -> Datasets {
        try Datasets(try indexEntries(path).map { entry in
            guard let type = DatasetTypes.byTag[entry.type] else {
                throw DatasetError(.unsupported, subject: "\(path), datasets[\(entry.index)].type",
                                   message: "dataset type '\(entry.type)' is not one GammaKit reads (\(DatasetTypes.byTag.keys.sorted().joined(separator: ", ")))")
            }
            return try type.read(from: entry.file, name: entry.name)
        })
    }

    /// The entries of a datasets.yaml: name, type (MapDataset when absent) and the file, taken
    /// relative to the index's directory when it is there, as given otherwise.
    static func indexEntries(_ path: String) throws -> [(index: Int, name: String, type: String, file: String)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DatasetError(.notADataset, subject: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw DatasetError(.notADataset, subject: path, message: "not valid YAML: \(error)")
        }
        guard let root = loaded as? [String: Any], let entries = root["datasets"] as? [Any] else {
            throw DatasetError(.notADataset, subject: path, message: "no 'datasets' list: not a datasets.yaml file")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try entries.enumerated().map { i, entry in
            guard let dict = entry as? [String: Any], let name = dict["name"].map({ "\($0)" }),
                  let filename = dict["filename"].map({ "\($0)" }) else {
                throw DatasetError(.notADataset, subject: "\(path), datasets[\(i)]", message: "an entry needs 'name' and 'filename'")
            }
            let local = (directory.isEmpty ? filename : (directory as NSString).appendingPathComponent(filename))
            return (i, name, dict["type"].map { "\($0)" } ?? "MapDataset", FileManager.default.fileExists(atPath: local) ? local : filename)
        }
    }
}
