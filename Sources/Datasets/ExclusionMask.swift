import Foundation
import GammaMaps

/// Why an exclusion mask could not be read.
public struct ExclusionMaskError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No file at the path.
        case fileNotFound
        /// The file or HDU does not hold a WCS map (a table, an image without WCS, a region map).
        case notAMap
        /// A map whose values are not all 0 and 1 (true/false).
        case notAMask
    }

    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "exclusion mask \(path): \(message)" }
}

/// Exclusion masks for background makers: true where a bin may be used to normalise the
/// background, false in excluded regions (sources). Any Gammapy mask map can serve — a 2D image
/// or a cube with an energy axis, in any frame and projection.
public enum ExclusionMask {
    /// Reads an exclusion mask from a FITS map file (Gammapy writes masks as 64-bit integers
    /// 0/1; any integer or float image whose values are all 0 or 1 is accepted).
    ///
    /// Gammapy's `Analysis` takes any map and converts it with `astype(bool)`; here a map with
    /// other values (a counts or significance map given by mistake) is an error instead of a
    /// silently wrong mask.
    ///
    /// - Parameters:
    ///   - path: The FITS file (gzip-compressed files are read directly).
    ///   - hdu: The HDU holding the map; by default the first HDU with data, as `Map.read`.
    /// - Throws: `ExclusionMaskError` naming the file: `.fileNotFound`, `.notAMap` (with the
    ///   reason, e.g. a binary table or an image without WCS keywords), `.notAMask` (with the
    ///   first offending value and how many bins have values other than 0 and 1).
    public static func read(from path: String, hdu: String? = nil) throws -> WcsNDMap<Bool> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ExclusionMaskError(.fileNotFound, path: path, message: "no such file")
        }
        let values: WcsNDMap<Double>
        do {
            values = try WcsNDMap<Double>.read(from: path, hdu: hdu)
        } catch let error as MapError {
            throw ExclusionMaskError(.notAMap, path: path, message: "not a mask map: \(error)")
        } catch {
            throw ExclusionMaskError(.notAMap, path: path, message: "cannot be read as a map: \(error)")
        }
        var bad = 0
        var first: Double?
        for v in values.data where !(v == 0 || v == 1) {
            bad += 1
            if first == nil { first = v }
        }
        if let first {
            throw ExclusionMaskError(.notAMask, path: path,
                                     message: "not a mask: \(bad) of \(values.data.count) values are neither 0 nor 1 "
                                         + "(e.g. \(first)); a mask holds true (1) where the background may be "
                                         + "normalised and false (0) in excluded regions")
        }
        return try values.withData(values.data.map { $0 != 0 }, unit: "")
    }

    /// The mask on another geometry as Gammapy's `FoVBackgroundMaker.make_exclusion_mask`
    /// does it (`exclusion_mask.interp_to_geom(geom)`): each bin of `geom` takes the value of
    /// the mask pixel its centre falls in, false outside the mask's footprint. A 2D mask applies
    /// to every energy bin; a mask with an energy axis is looked up in energy too.
    public static func reproject(_ mask: WcsNDMap<Bool>, to geom: WcsGeom) throws -> WcsNDMap<Bool> {
        if mask.geom == geom { return mask }
        guard mask.geom.isImage, !geom.isImage else { return try mask.interpToGeom(geom) }
        // A 2D mask: the same on every plane; reproject the image once and repeat it.
        let image = try mask.interpToGeom(geom.toImage())
        var data = [Bool]()
        data.reserveCapacity(geom.dataCount)
        for _ in 0..<geom.axes.binCount { data.append(contentsOf: image.data) }
        return try WcsNDMap<Bool>(geom: geom, data: data, unit: mask.unit, meta: mask.meta)
    }
}
