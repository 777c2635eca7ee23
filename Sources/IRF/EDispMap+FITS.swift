import FITSIO
import GammaMaps

extension EDispMap {
    /// Reads a migration map from HDU `hdu` (axes `migra`, `energy_true`) and, when present, its
    /// exposure map from `<hdu>_EXPOSURE` (Gammapy's `EDispMap.from_hdulist`).
    public static func read(from file: FITSFile, hdu: String = "EDISP", exposureHDU: String? = nil) throws -> EDispMap {
        let map = try WcsNDMap<Double>.read(from: file, hdu: hdu)
        guard map.geom.axes.index(of: "migra") != nil else {
            throw IRFError(.invalidData, file: file.path, hdu: hdu,
                           message: "an energy-dispersion map needs a 'migra' axis, got \(map.geom.axes.names)")
        }
        return EDispMap(edispMap: map, exposureMap: try readExposure(file, hdu, exposureHDU))
    }

    /// Appends `EDISP`, `EDISP_BANDS`, `EDISP_EXPOSURE`, `EDISP_EXPOSURE_BANDS`: the migration
    /// densities always as float64 (as Gammapy holds them), the exposure as `storage`.
    public func append(to writer: FITSWriter, hdu: String = "EDISP", storage: FITSMapStorage, extraCards: [FITSCard] = []) throws {
        try edispMap.append(to: writer, hdu: hdu, storage: .float64, extraCards: extraCards)
        try exposureMap?.append(to: writer, hdu: hdu + "_EXPOSURE", storage: storage, extraCards: extraCards)
    }

    static func readExposure(_ file: FITSFile, _ hdu: String, _ exposureHDU: String?) throws -> WcsNDMap<Double>? {
        let name = (exposureHDU ?? hdu + "_EXPOSURE").uppercased()
        guard file.hdus.contains(where: { $0.name.uppercased() == name }) else { return nil }
        return try WcsNDMap<Double>.read(from: file, hdu: name)
    }
}
