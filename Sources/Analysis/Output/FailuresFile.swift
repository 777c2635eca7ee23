import Datasets
import FITSIO
import Foundation
import Makers

/// `failures.yaml`, written beside the datasets of a `--skip-failed` reduction in which some
/// observations failed: each one's id and the error that stopped it (naming its file, HDU and
/// key), in observation-id order, scalars quoted as PyYAML quotes them.
public enum FailuresFile {
    public static let name = "failures.yaml"

    public static func text(_ reports: [ObservationReport]) -> String {
        var text = "# Observations that could not be reduced (gammakit reduce --skip-failed); the others were written.\nfailures:\n"
        for report in reports.sorted(by: { $0.obsID < $1.obsID }) {
            guard case .failed(let why) = report.outcome else { continue }
            text += "-   obs_id: \(report.obsID)\n    error: \(YAMLScalar.render(why))\n"
        }
        return text
    }

    /// Writes the file into `directory` (a reduction's staging folder).
    public static func write(_ reports: [ObservationReport], into directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(name)
        do {
            try AtomicFile.write(Array(text(reports).utf8), to: path, overwrite: false)
        } catch {
            throw OutputError(path: path, "cannot write the list of failed observations: \(error.message)")
        }
    }
}
