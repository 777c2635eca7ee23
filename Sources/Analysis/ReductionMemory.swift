import Foundation

/// The memory a reduction needs, estimated from the configured geometry before anything is
/// allocated, so that an oversized map (`width: 1000 deg`, `binsize: 1e-5 deg`,
/// `nbins: 1000000`) is refused with the key at fault instead of being killed by the kernel
/// or aborting in the allocator. Every map is counted as a double (masks as bytes), with the
/// PSF map's 66 `rad` bins and the energy-dispersion kernel's reco × true planes on the IRF
/// image, as `MapDatasetGeoms.create` makes them.
public struct ReductionMemory: Sendable, CustomStringConvertible {
    /// Bytes, as a double: absurd geometries overflow integers.
    public let bytes: Double
    /// The configuration key most responsible for the size.
    public let key: String
    /// The dimensions behind the estimate, for the message.
    public let detail: String

    public init(config: AnalysisConfig, observationCount: Int, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let geom = config.datasets.geom, wcs = geom.wcs
        let nE = Double(geom.energy.nbins ?? 1)
        let nEt = Double(geom.energyTrue.nbins ?? geom.energy.nbins ?? 1)
        func pixels(_ width: Double, _ binsize: Double) -> Double { max((width / binsize).rounded(.up), 1) }
        struct Terms { var reco, exposure, irf: Double; var total: Double { reco + exposure + irf } }
        func dataset(width: Double, height: Double) -> Terms {
            let image = pixels(width, wcs.binsize) * pixels(height, wcs.binsize)
            let irfImage = pixels(width, wcs.binsizeIRF) * pixels(height, wcs.binsizeIRF)
            return Terms(reco: image * nE * (8 + 8 + 1), exposure: image * nEt * 8,
                         irf: irfImage * nEt * (66 + 1 + nE + 1) * 8)
        }
        let reference = dataset(width: wcs.width, height: wcs.height)
        let cut = 2 * geom.offsetMax
        let cutout = dataset(width: min(wcs.width, cut), height: min(wcs.height, cut)).total
        // Each worker holds its observation's cutout and about as much again in temporaries.
        let working = Double(max(jobs, 1)) * 3 * cutout
        let kept = config.datasets.stack ? reference.total : Double(observationCount) * cutout
        // The reference image's pixel directions and solid angles, computed once for all cutouts
        // (118 bytes per pixel measured at the peak for a 15000 × 7500 map, 13.3 GB).
        let imageCache = pixels(wcs.width, wcs.binsize) * pixels(wcs.height, wcs.binsize) * 120
        bytes = kept + working + imageCache
        if nE > 1000 {
            key = "datasets.geom.axes.energy.nbins"
        } else if nEt > 1000 {
            key = "datasets.geom.axes.energy_true.nbins"
        } else if reference.irf > reference.reco + reference.exposure {
            key = "datasets.geom.wcs.binsize_irf"
        } else {
            key = "datasets.geom.wcs.binsize"
        }
        let mapPixels = "\(Int(pixels(wcs.width, wcs.binsize))) × \(Int(pixels(wcs.height, wcs.binsize)))"
        let irfPixels = "\(Int(pixels(wcs.width, wcs.binsizeIRF))) × \(Int(pixels(wcs.height, wcs.binsizeIRF)))"
        var parts = ["maps of \(mapPixels) pixels (width \(Self.number(wcs.width)) × \(Self.number(wcs.height)) deg, binsize \(Self.number(wcs.binsize)) deg)",
                     "\(Int(nE)) energy and \(Int(nEt)) true-energy bins", "IRF maps of \(irfPixels) pixels"]
        if !config.datasets.stack { parts.append("\(observationCount) datasets kept") }
        detail = parts.joined(separator: ", ")
    }

    public var description: String { "about \(Self.size(bytes)) (\(detail))" }

    /// Refuses a reduction that needs more than `limit` bytes (default: this machine's memory).
    public func check(limit: Double? = nil) throws {
        let available = limit ?? MachineMemory.bytes
        guard bytes > available else { return }
        let what = limit == nil ? "this machine has \(Self.size(available))" : "the bound is \(Self.size(available))"
        throw ConfigError(key: key, "this reduction would need about \(Self.size(bytes)) of memory (\(detail)), but \(what); make the map smaller or coarser, or raise the bound with --max-memory \(Self.suggestion(bytes))")
    }

    static func number(_ value: Double) -> String { String(format: "%g", value) }

    /// "52.4 GB"; beyond petabytes in powers of ten, since the numbers can be absurd.
    public static func size(_ bytes: Double) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = bytes, index = 0
        while value >= 1000 && index < units.count - 1 { value /= 1000; index += 1 }
        return value >= 1000 ? String(format: "%.1e B", bytes) : String(format: index == 0 ? "%.0f %@" : "%.1f %@", value, units[index])
    }

    static func suggestion(_ bytes: Double) -> String {
        let gigabytes = (bytes / 1e9 * 1.1).rounded(.up)
        return gigabytes < 1e6 ? "\(Int(gigabytes))GB" : String(format: "%.0eGB", gigabytes)
    }
}

/// The memory this process may use: the machine's physical memory, or the control group's
/// limit when a container or batch system sets a smaller one.
public enum MachineMemory {
    public static var bytes: Double {
        let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        let limits = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"].compactMap { path -> Double? in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return ([physical] + limits).filter { $0 > 0 }.min() ?? physical
    }

    /// Parses "64GB", "500 MB", "2TiB", "1e12" (bytes) for `--max-memory`.
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-" }
        guard let value = Double(number), value > 0, value.isFinite else { return nil }
        let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        let scales: [String: Double] = ["": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
                                        "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776]
        return scales[unit].map { value * $0 }
    }
}
