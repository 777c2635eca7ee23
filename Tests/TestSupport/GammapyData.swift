import Testing
import Foundation

/// Where the real DL3 test data are: `$GAMMAPY_DATA`, as Gammapy users set it.
/// Tests that need it use `.enabled(if: GammapyData.isAvailable, GammapyData.skipReason)`.
public enum GammapyData {
    public static var path: String? {
        guard let value = ProcessInfo.processInfo.environment["GAMMAPY_DATA"], !value.isEmpty else { return nil }
        return FileManager.default.fileExists(atPath: value) ? value : nil
    }

    public static var isAvailable: Bool { path != nil }

    public static let skipReason: Comment = "GAMMAPY_DATA is not set (or does not exist): skipping a test that needs the gammapy-data files"

    /// A path inside `$GAMMAPY_DATA` (call only from tests enabled by `isAvailable`).
    public static func file(_ relative: String) -> String {
        (path ?? "/nonexistent-GAMMAPY_DATA") + "/" + relative
    }
}
