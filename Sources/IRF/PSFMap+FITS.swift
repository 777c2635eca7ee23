import FITSIO
import GammaMaps

/// IRF maps in Gammapy's FITS layout (`IRFMap.to_hdulist` / `from_hdulist`): the map as image
/// HDU `<HDU>` with its `<HDU>_BANDS` table, the exposure map as `<HDU>_EXPOSURE` and
/// `<HDU>_EXPOSURE_BANDS` (PSF, EDISP in a MapDataset file).
extension PSFMap {
    /// Reads the PSF map from HDU `hdu` and, when the file has it, its exposure map from
    /// `exposureHDU` (Gammapy's `PSFMap.from_hdulist`).
    public static func read(from file: FITSFile, hdu: String = "PSF", exposureHDU: String? = nil) throws -> PSFMap {
        let exposureName = exposureHDU ?? hdu + "_EXPOSURE"
        let psf = try WcsNDMap<Double>.read(from: file, hdu: hdu)
        guard psf.geom.axes.index(of: "rad") != nil else {
            throw IRFError(.invalidData, file: file.path, hdu: hdu, message: "a PSF map needs a 'rad' axis, got \(psf.geom.axes.names)")
        }
        let exposure = file.hdus.contains { $0.name.uppercased() == exposureName.uppercased() }
            ? try WcsNDMap<Double>.read(from: file, hdu: exposureName) : nil
        return PSFMap(psfMap: psf, exposureMap: exposure)
    }

    /// Appends `PSF`, `PSF_BANDS`, `PSF_EXPOSURE`, `PSF_EXPOSURE_BANDS` (names from `hdu`) to a
    /// file being written, values as float32 or float64 (`storage`), `extraCards` in every header.
    public func append(to writer: FITSWriter, hdu: String = "PSF", storage: FITSMapStorage, extraCards: [FITSCard] = []) throws {
        try psfMap.append(to: writer, hdu: hdu, storage: storage, extraCards: extraCards)
        try exposureMap?.append(to: writer, hdu: hdu + "_EXPOSURE", storage: storage, extraCards: extraCards)
    }
}
