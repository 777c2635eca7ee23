import Foundation

/// Where one HDU of an observation lives: a row of the HDU index
/// ([GADF HDU index](https://gamma-astro-data-formats.readthedocs.io/en/latest/data_storage/hdu_index/index.html)).
public struct HDULocation: Sendable, Equatable {
    /// HDU_TYPE: events, gti, aeff, edisp, psf, bkg, rad_max, pointing.
    public var hduType: String
    /// HDU_CLASS: events, gti, aeff_2d, edisp_2d, psf_table, psf_3gauss, psf_king, bkg_2d, bkg_3d, rad_max_2d.
    public var hduClass: String
    /// The index file's folder (BASE_DIR).
    public var baseDirectory: String
    /// FILE_DIR, relative to the base directory (or absolute).
    public var fileDirectory: String
    public var fileName: String
    /// HDU_NAME: the EXTNAME of the HDU inside the file.
    public var hduName: String

    /// The file's path. As Gammapy resolves it: BASE_DIR/FILE_DIR/FILE_NAME when that exists,
    /// otherwise FILE_DIR/FILE_NAME (relative to the working directory, or absolute).
    public var path: String {
        let joined = Self.join(Self.join(baseDirectory, fileDirectory), fileName)
        if FileManager.default.fileExists(atPath: joined) { return joined }
        let direct = Self.join(fileDirectory, fileName)
        return FileManager.default.fileExists(atPath: direct) ? direct : joined
    }

    static func join(_ a: String, _ b: String) -> String {
        if b.isEmpty || b == "." || b == "./" { return a }
        if b.hasPrefix("/") || a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }
}
