import Foundation
import GammaMaps

/// The grid locations of the last few large coordinate arrays, found again by the identity of
/// the array's storage: a reduction with one geometry centred on each pointing hands the
/// background the same cached FoV coordinates for every run, on the same FoV axes.
///
/// An entry holds the array it was made for, so its storage cannot be freed and reused by
/// another while the entry lives, and cannot be changed in place (a change copies it first).
final class LocationMemo: @unchecked Sendable {
    static let shared = LocationMemo(capacity: 4)

    /// Smaller arrays are located each time.
    static let minimumCount = 4096

    private struct Entry {
        let coordinates: [Double]
        let grid: [Double]
        let edges: (Double, Double)
        let scale: InterpolationScale
        let locations: [GridLocator.Location]
    }

    private let capacity: Int
    private let lock = NSLock()
    private var entries: [Entry] = []  // least recently used first

    init(capacity: Int) { self.capacity = capacity }

    /// `locator.locate(coordinates)`, from an entry when the same array was located on the same grid.
    func locations(_ locator: GridLocator, _ coordinates: [Double]) -> [GridLocator.Location] {
        guard coordinates.count >= Self.minimumCount else { return locator.locate(coordinates) }
        let address = Self.address(coordinates)
        let matches = { (e: Entry) in
            Self.address(e.coordinates) == address && e.coordinates.count == coordinates.count && e.scale == locator.scale
                && e.edges == (locator.firstEdge, locator.lastEdge) && e.grid == locator.grid
        }
        lock.lock()
        if let k = entries.firstIndex(where: matches) {
            let hit = entries.remove(at: k)
            entries.append(hit)
            lock.unlock()
            return hit.locations
        }
        lock.unlock()
        let locations = locator.locate(coordinates)
        lock.lock()
        entries.append(Entry(coordinates: coordinates, grid: locator.grid, edges: (locator.firstEdge, locator.lastEdge),
                             scale: locator.scale, locations: locations))
        if entries.count > capacity { entries.removeFirst() }
        lock.unlock()
        return locations
    }

    private static func address(_ values: [Double]) -> UnsafeRawPointer? {
        values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
}
