import Foundation
import GammaKit
import MapPlots

/// The significance maps written beside datasets: `significance.fits` with one map HDU per
/// estimator map (SQRT_TS, NPRED_EXCESS, NPRED, NPRED_BACKGROUND, TS; COUNTS_OFF and ALPHA for
/// on/off data), each readable by Gammapy's `Map.read(path, hdu=...)`, and the pictures
/// `sqrt_ts.png` (RdBu_r, symmetric, ±3 σ and 5 σ marked) and `npred_excess.png`.
enum SignificanceOutput {
    static let files = ["significance.fits", "sqrt_ts.png", "npred_excess.png"]

    static func maps(of path: String, correlationRadius: Double) throws -> ExcessMapEstimator.Maps {
        let estimator = try ExcessMapEstimator(correlationRadius: correlationRadius)
        let present = Set(try FITSFile(path: path).hdus.map { $0.name.uppercased() })
        if present.contains("ACCEPTANCE_OFF") { return try estimator.run(try MapDatasetOnOff<WcsGeom>.read(from: path)) }
        return try estimator.run(try MapDataset<WcsGeom>.read(from: path))
    }

    static func write(_ maps: ExcessMapEstimator.Maps, directory: String, title: String, overwrite: Bool) throws {
        let writer = try FITSWriter(path: (directory as NSString).appendingPathComponent("significance.fits"), overwrite: overwrite)
        try writer.writeEmptyPrimary()
        for (name, map) in maps.named where map.data.contains(where: { !$0.isNaN }) {
            try map.append(to: writer, hdu: name)
        }
        try writer.commit()
        try MapPlot.writePNG(maps.sqrtTS, to: (directory as NSString).appendingPathComponent("sqrt_ts.png"),
                             options: .significance(title: "\(title): significance"), overwrite: overwrite)
        try MapPlot.writePNG(maps.npredExcess, to: (directory as NSString).appendingPathComponent("npred_excess.png"),
                             options: .signed(title: "\(title): excess counts"), overwrite: overwrite)
    }
}
