import FITSIO
import Foundation

extension FITSWriter {
    /// Writes the empty primary HDU that Gammapy's multi-map files begin with; call it before
    /// appending maps as named extensions. `extraCards` go into its header (Gammapy's CREATOR).
    public func writeEmptyPrimary(extraCards: [FITSCard] = []) throws {
        try writeImage([Double](), shape: [], header: extraCards)
    }
}

/// Pieces shared by the WCS and region map readers and writers.
enum MapFITS {
    /// Gammapy's `META` keyword: the meta dictionary as JSON.
    static func metaCard(_ meta: [String: String]) -> FITSCard {
        let data = (try? JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys])) ?? Data("{}".utf8)
        return FITSCard("META", .string(String(decoding: data, as: UTF8.self)))
    }

    /// The meta dictionary from a `META` keyword (values other than strings as their JSON text).
    static func meta(from header: FITSHeader) -> [String: String] {
        guard let text = header.string("META"), let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var meta: [String: String] = [:]
        for (key, value) in object {
            if let s = value as? String { meta[key] = s } else if let d = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                meta[key] = String(decoding: d, as: UTF8.self)
            }
        }
        return meta
    }

    /// The data unit from BUNIT, as Gammapy's `unit_from_fits_image_hdu` reads it (blank for none).
    static func unit(from header: FITSHeader) -> String {
        (header.string("BUNIT") ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// Wraps FITSIO errors with the map HDU they concern.
    static func rethrow<T>(_ hdu: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as FITSError {
            var subject = "\(error.file), HDU \(error.hdu ?? hdu)"
            if let column = error.column { subject += ", column \(column)" }
            if let key = error.key { subject += ", keyword \(key)" }
            throw MapError(.notAMap, subject: subject, message: error.message)
        }
    }
}
