import Foundation
import GammaKit
import MapPlots

/// The pictures `gammakit reduce --plots` writes of each sky-map dataset into `plots/`:
/// `<name>_counts.png` (sqrt stretch), `_background.png`, `_excess.png` (counts − background,
/// RdBu_r about zero), `_exposure.png` and `_mask_safe.png`, each summed (masks: or-ed) over energy.
enum DatasetPictures {
    static let maps = ["counts", "background", "excess", "exposure", "mask_safe"]

    static func write(_ datasets: [(name: String, dataset: MapDataset<WcsGeom>, background: WcsNDMap<Double>?)], into staging: String) throws {
        let folder = (staging as NSString).appendingPathComponent("plots")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, dataset, background) in datasets {
            func path(_ map: String) -> String { (folder as NSString).appendingPathComponent("\(name)_\(map).png") }
            func options(_ what: String, stretch: Stretch = .linear) -> MapPlotOptions { MapPlotOptions(title: "\(name): \(what)", stretch: stretch) }
            if let counts = dataset.counts { try MapPlot.writePNG(counts, to: path("counts"), options: options("counts", stretch: .sqrt)) }
            if let background { try MapPlot.writePNG(background, to: path("background"), options: options("predicted background")) }
            if let counts = dataset.counts, let background {
                var excess = counts
                excess.data = zip(counts.data, background.data).map { $0 - $1 }
                try MapPlot.writePNG(excess, to: path("excess"), options: .signed(title: "\(name): excess counts (counts − background)"))
            }
            if let exposure = dataset.exposure { try MapPlot.writePNG(exposure, to: path("exposure"), options: options("exposure")) }
            if let mask = dataset.maskSafe { try MapPlot.writePNG(mask, to: path("mask_safe"), options: options("safe mask")) }
        }
    }
}
