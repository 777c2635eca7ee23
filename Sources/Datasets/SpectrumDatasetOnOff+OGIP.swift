import DL3
import FITSIO
import Foundation
import GammaMaps
import IRF

/// On/off spectra as OGIP files, as Gammapy's `SpectrumDatasetOnOff.write(format="ogip")`
/// and `read(format="ogip")` handle them (its `OGIPDatasetWriter` / `OGIPDatasetReader`), the
/// format XSPEC and Sherpa read:
///
/// - `<name>.fits`, the PHA: `SPECTRUM` (`CHANNEL`, `COUNTS` as int32, `QUALITY` = not safe,
///   `BACKSCAL` = acceptance; `EXPOSURE` = livetime, `OBS_ID` = dataset name, `ANCRFILE`,
///   `BACKFILE`, `RESPFILE`), `EBOUNDS`, the ON `REGION`, `GTI`;
/// - `<name>_bkg.fits`, the same for the OFF counts and acceptance (when there are OFF counts);
/// - `<name>_arf.fits`, the effective area exposure / livetime;
/// - `<name>_rmf.fits`, the kernel (when there is one).
///
/// Differences: Gammapy writes BACKSCAL with the acceptance's numpy type (int64 for the
/// reflected-regions maker's counts of regions); GammaKit always writes float64, which Gammapy
/// reads as the same values. For `ogip-sherpa` (which raises an error in Gammapy 2.1) QUALITY is
/// OGIP's int16 (0 good, 1 bad), as Sherpa and XSPEC expect (gammapy issue #850).
extension MapDatasetOnOff<RegionGeom> {
    /// The BKG, ARF and RMF names beside PHA file `path` (Gammapy's `get_filenames`: the
    /// suffixes stay at the end, `obs.fits` → `obs_bkg.fits`).
    public static func ogipFileNames(for path: String) -> (background: String, arf: String, rmf: String) {
        let base = (path as NSString).lastPathComponent
        let dot = base.dropFirst().firstIndex(of: ".") ?? base.endIndex
        let stem = base[..<dot], suffix = base[dot...]
        return ("\(stem)_bkg\(suffix)", "\(stem)_arf\(suffix)", "\(stem)_rmf\(suffix)")
    }

    /// Writes the PHA file `path` and its BKG, ARF and RMF files beside it. All files are
    /// written first and moved into place only when every one is complete.
    /// - Throws: `DatasetError(.exists)` naming the file when one exists and `overwrite` is false;
    ///   `DatasetError(.invalidArgument)` without the exposure (and its meta `livetime`) OGIP needs.
    public func writeOGIP(to path: String, format: OGIPFormat = .ogip, overwrite: Bool = false) throws {
        guard let counts = dataset.counts, let exposure = dataset.exposure else {
            throw DatasetError(.invalidArgument, subject: name, message: "an OGIP spectrum needs counts and exposure")
        }
        guard let text = exposure.meta["livetime"], let livetime = MapDataset<WcsGeom>.parseQuantity(text),
              let seconds = UnitConversion.factor(from: livetime.unit, to: "s").map({ $0 * livetime.value }) else {
            throw DatasetError(.invalidArgument, subject: "\(name), exposure meta 'livetime'",
                               message: "OGIP files need the livetime (got \(exposure.meta["livetime"].map { "'\($0)'" } ?? "none"))")
        }
        let names = Self.ogipFileNames(for: path)
        let directory = (path as NSString).deletingLastPathComponent
        func beside(_ file: String) -> String { directory.isEmpty ? file : (directory as NSString).appendingPathComponent(file) }
        let kernel: EDispKernel?
        if case .kernel(let map)? = dataset.edisp {
            kernel = try EDispKernel(energyAxisTrue: try map.edispKernelMap.geom.axes.axis(named: "energy_true"),
                                     energyAxis: try map.edispKernelMap.geom.axes.axis(named: "energy"), data: map.edispKernelMap.data)
        } else if dataset.edisp != nil {
            throw DatasetError(.unsupported, subject: name, message: "OGIP files hold an energy-dispersion kernel, not a migration map")
        } else {
            kernel = nil
        }
        var links = [FITSCard("ANCRFILE", .string(names.arf))]
        if countsOff != nil { links.append(FITSCard("BACKFILE", .string(names.background))) }
        if kernel != nil { links.append(FITSCard("RESPFILE", .string(names.rmf))) }
        let creation = [FITSCard("CREATOR", .string(gammaKitCreator)), FITSCard("CREATED", .string(MapDataset<WcsGeom>.creationDate()))]

        var writers = [try MapDataset<WcsGeom>.openWriter(path, overwrite: overwrite)]
        try writeSpectrum(counts, acceptance, background: false, to: writers[0], format: format, livetime: seconds, links: links, creation: creation)
        try dataset.gti?.append(to: writers[0], extraCards: creation)
        if let countsOff {
            writers.append(try MapDataset<WcsGeom>.openWriter(beside(names.background), overwrite: overwrite))
            try writeSpectrum(countsOff, acceptanceOff, background: true, to: writers[writers.count - 1], format: format,
                              livetime: seconds, links: links, creation: creation)
        }
        writers.append(try MapDataset<WcsGeom>.openWriter(beside(names.arf), overwrite: overwrite))
        try writers[writers.count - 1].writeEmptyPrimary(extraCards: creation)
        var area = exposure
        area.data = exposure.data.map { $0 / livetime.value }
        area.unit = exposure.unit.hasSuffix(" s") ? String(exposure.unit.dropLast(2)) : exposure.unit + " / s"
        try area.appendOGIPARF(to: writers[writers.count - 1], format: format, extraCards: creation)
        if let kernel {
            writers.append(try MapDataset<WcsGeom>.openWriter(beside(names.rmf), overwrite: overwrite))
            try writers[writers.count - 1].writeEmptyPrimary(extraCards: creation)
            try kernel.appendOGIPRMF(to: writers[writers.count - 1], format: format, extraCards: creation)
        }
        for writer in writers { try MapDataset<WcsGeom>.commit(writer) }
    }

    private func writeSpectrum(_ counts: RegionNDMap<Double>, _ acceptance: RegionNDMap<Double>, background: Bool, to writer: FITSWriter,
                               format: OGIPFormat, livetime: Double, links: [FITSCard], creation: [FITSCard]) throws {
        try writer.writeEmptyPrimary(extraCards: creation)
        let n = counts.data.count
        let safe = dataset.maskSafe?.data ?? [Bool](repeating: true, count: n)
        guard safe.count == n, acceptance.data.count == n else {
            throw DatasetError(.invalidArgument, subject: name, message: "counts, safe mask and acceptance differ in size")
        }
        let columns = [
            FITSColumn("COUNTS", .int32(counts.data.map { Int32(clamping: Int64(NumpyCompat.nanToNum($0).clamped)) })),
            // Sherpa and XSPEC read OGIP's int16 QUALITY (0 = good), not Gammapy's logical one
            format == .ogip ? FITSColumn("QUALITY", .bool(safe.map { !$0 })) : FITSColumn("QUALITY", .int16(safe.map { $0 ? 0 : 1 })),
            FITSColumn("BACKSCAL", .double(acceptance.data)),
        ]
        let header: [FITSCard] = [
            FITSCard("TELESCOP", .string("unknown")), FITSCard("INSTRUME", .string("unknown")), FITSCard("FILTER", .string("None")),
            FITSCard("EXPOSURE", .double(livetime)), FITSCard("CORRFILE", .string("")), FITSCard("CORRSCAL", .string("")),
            links[0], FITSCard("HDUCLASS", .string("OGIP")), FITSCard("HDUCLAS1", .string("SPECTRUM")),
            FITSCard("HDUVERS", .string("1.2.1")), FITSCard("POISSERR", .bool(true)), FITSCard("CHANTYPE", .string("PHA")),
            FITSCard("DETCHANS", .int(Int64(n))), FITSCard("GROUPING", .int(0)), FITSCard("AREASCAL", .int(1)),
            FITSCard("HDUCLAS2", .string(background ? "BKG" : "TOTAL")), FITSCard("HDUCLAS3", .string("COUNT")),
            FITSCard("HDUCLAS4", .string("TYPE:1")), FITSCard("OBS_ID", .string(name)),
        ] + links.dropFirst()
        try counts.geom.appendOGIPSpectrum(to: writer, columns: columns, header: header, format: format, extraCards: creation)
    }
}

private extension Double {
    /// Within Int64's range, for numpy's float → int32 cast of counts.
    var clamped: Double { Swift.min(Swift.max(self, -9.2e18), 9.2e18) }
}

extension MapDatasetOnOff<RegionGeom> {
    /// Whether `file` is an OGIP PHA file (a `SPECTRUM` table whose HDUCLASS says OGIP), the
    /// test Gammapy's `SpectrumDatasetOnOff.read` guesses the format by.
    static func isOGIP(_ file: FITSFile) -> Bool {
        guard let spectrum = file.hdus.first(where: { $0.name.uppercased() == "SPECTRUM" }) else { return false }
        return spectrum.header.string("HDUCLASS")?.contains("OGIP") == true
    }

    /// Reads an OGIP PHA file and the BKG, ARF and RMF files its `BACKFILE`, `ANCRFILE` and
    /// `RESPFILE` name (as given, else beside the PHA file), as Gammapy's `OGIPDatasetReader`:
    /// exposure = ARF × `EXPOSURE`; the kernel's exposure is that exposure; without a BKG file
    /// there are no OFF counts and the OFF acceptance is zero. The name is `name`, else `OBS_ID`.
    /// - Throws: `DatasetError(.notADataset)` naming the file and keyword for a PHA file that
    ///   lacks what the format needs; the map and IRF readers' errors for damaged tables.
    public static func readOGIP(from path: String, name: String? = nil) throws -> SpectrumDatasetOnOff {
        let file = try FITSFile(path: path)
        let spectrum = try file.table("SPECTRUM")
        let header = spectrum.header
        func keyword(_ key: String) -> String? {
            (header.string(key) ?? header.int(key).map(String.init))?.trimmingCharacters(in: .whitespaces)
        }
        func companion(_ key: String) throws -> String? {
            guard let given = keyword(key), !given.isEmpty else { return nil }
            let resolved = FileManager.default.fileExists(atPath: given) || given.hasPrefix("/")
                ? given : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(given)
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw DatasetError(.notADataset, subject: "\(path), HDU SPECTRUM, keyword \(key)", message: "names '\(given)', which does not exist")
            }
            return resolved
        }
        guard let livetime = header.double("EXPOSURE"), livetime.isFinite, livetime >= 0 else {
            throw DatasetError(.notADataset, subject: "\(path), HDU SPECTRUM, keyword EXPOSURE", message: "an OGIP spectrum needs the livetime in seconds")
        }
        guard let arfPath = try companion("ANCRFILE") else {
            throw DatasetError(.notADataset, subject: "\(path), HDU SPECTRUM, keyword ANCRFILE", message: "an OGIP spectrum needs its ARF")
        }
        var dataset = SpectrumDataset(name: name ?? keyword("OBS_ID") ?? MapDatasetDefaults.makeName())
        let (counts, acceptance) = try readSpectrum(file, spectrum)
        dataset.counts = counts
        // QUALITY is logical in Gammapy's files, an integer (0 = good) in most others
        let bad = spectrum.columnInfo("QUALITY")?.typeCode == "L"
            ? try spectrum.logicalColumn("QUALITY") : try spectrum.column("QUALITY", as: Double.self).map { $0 != 0 }
        dataset.maskSafe = try RegionNDMap<Bool>(geom: counts.geom, data: bad.map { !$0 }, unit: "")
        if file.hdus.contains(where: { $0.name.uppercased() == "GTI" }) { dataset.gti = try GTI(table: file.table("GTI")) }

        let area = try RegionNDMap<Double>.readOGIPARF(from: FITSFile(path: arfPath))
        var exposure = area
        exposure.data = area.data.map { $0 * livetime }
        exposure.unit = area.unit.isEmpty ? "s" : area.unit + " s"
        exposure.meta["livetime"] = "\(livetime) s"
        dataset.exposure = exposure

        if let rmfPath = try companion("RESPFILE") {
            let kernel = try EDispKernel.readOGIP(from: FITSFile(path: rmfPath))
            let geom = try exposure.geom.toImage().withAxes(MapAxes([kernel.energyAxis, kernel.energyAxisTrue]))
            var map = try EDispKernelMap<RegionGeom>.fromGeom(geom)
            map.edispKernelMap.data = kernel.data
            map.exposureMap?.data = exposure.data
            dataset.edisp = .kernel(map)
        }
        var countsOff: RegionNDMap<Double>?
        var acceptanceOff = acceptance
        acceptanceOff.data = [Double](repeating: 0, count: acceptance.data.count)
        if let backgroundPath = try companion("BACKFILE") {
            let background = try FITSFile(path: backgroundPath)
            (countsOff, acceptanceOff) = try readSpectrum(background, try background.table("SPECTRUM"))
        }
        return SpectrumDatasetOnOff(dataset: dataset, countsOff: countsOff, acceptance: acceptance, acceptanceOff: acceptanceOff)
    }

    /// COUNTS and BACKSCAL of a PHA `SPECTRUM` table on the file's geometry.
    private static func readSpectrum(_ file: FITSFile, _ table: FITSTable) throws -> (RegionNDMap<Double>, RegionNDMap<Double>) {
        let geom = try RegionGeom.readOGIPSpectrum(from: file)
        let counts = try table.column("COUNTS", as: Double.self), scale = try table.column("BACKSCAL", as: Double.self)
        guard counts.count == geom.dataCount, scale.count == geom.dataCount else {
            throw DatasetError(.notADataset, subject: "\(file.path), HDU SPECTRUM",
                               message: "\(counts.count) channels for the \(geom.dataCount) bins of EBOUNDS")
        }
        return (try RegionNDMap(geom: geom, data: counts, unit: ""), try RegionNDMap(geom: geom, data: scale, unit: ""))
    }
}
