import FITSIO
import GammaMaps

extension EDispKernelMap {
    /// Reads a kernel map from HDU `hdu` (axes `energy`, `energy_true`) and, when present, its
    /// exposure map from `<hdu>_EXPOSURE` (Gammapy's `EDispKernelMap.from_hdulist`).
    public static func read(from file: FITSFile, hdu: String = "EDISP", exposureHDU: String? = nil) throws -> EDispKernelMap {
        let map = try WcsNDMap<Double>.read(from: file, hdu: hdu)
        guard map.geom.axes.first?.name == "energy" else {
            throw IRFError(.invalidData, file: file.path, hdu: hdu,
                           message: "an energy-dispersion kernel map has 'energy' as first axis, got \(map.geom.axes.names)")
        }
        return EDispKernelMap(edispKernelMap: map, exposureMap: try EDispMap.readExposure(file, hdu, exposureHDU))
    }

    /// Appends `EDISP`, `EDISP_BANDS`, `EDISP_EXPOSURE`, `EDISP_EXPOSURE_BANDS`.
    public func append(to writer: FITSWriter, hdu: String = "EDISP", storage: FITSMapStorage, extraCards: [FITSCard] = []) throws {
        try edispKernelMap.append(to: writer, hdu: hdu, storage: storage, extraCards: extraCards)
        try exposureMap?.append(to: writer, hdu: hdu + "_EXPOSURE", storage: storage, extraCards: extraCards)
    }
}
