import Foundation
import GammaMaps
import Sky

/// Per-image quantities the map makers need for every observation on the same geometry — pixel
/// centres on the sky and solid angles — computed once and kept for the most recently used
/// images (a reduction runs many observations on one geometry, or on a few cutouts).
///
/// The values are exactly those of `WcsGeom.imageCoordinates()` and `WcsGeom.solidAngle()`.
/// Safe to use from many threads; a value being computed by one thread is computed at most
/// twice (no lock is held while computing).
final class ImageGeometryCache: @unchecked Sendable {
    static let shared = ImageGeometryCache(capacity: 8)

    struct Image: Sendable {
        let lon: [Double]
        let lat: [Double]
        let frame: SkyFrame
    }

    private let capacity: Int
    private let lock = NSLock()
    private var coordinates: [String: Image] = [:]
    private var solidAngles: [String: [Double]] = [:]
    private var order: [String] = []

    init(capacity: Int) { self.capacity = capacity }

    /// Pixel-centre sky coordinates of the image of `geom` (in its frame, flat C order).
    func coordinates(_ geom: WcsGeom) -> Image {
        let key = Self.key(geom)
        if let hit = lookup({ coordinates[key] }, key) { return hit }
        let c = geom.toImage().imageCoordinates()
        let image = Image(lon: c.lon, lat: c.lat, frame: geom.frame)
        store(key) { coordinates[key] = image }
        return image
    }

    /// Solid angle (sr) of each pixel of the image of `geom`.
    func solidAngle(_ geom: WcsGeom) -> [Double] {
        let key = Self.key(geom)
        if let hit = lookup({ solidAngles[key] }, key) { return hit }
        let values = geom.toImage().solidAngle()
        store(key) { solidAngles[key] = values }
        return values
    }

    /// Angular distances (deg) of the image's pixel centres from `origin` (`WcsGeom.separation`).
    func offsets(_ geom: WcsGeom, from origin: SkyCoord) -> [Double] {
        let image = coordinates(geom)
        return origin.separations(lon: image.lon, lat: image.lat, frame: image.frame)
    }

    private func lookup<T>(_ read: () -> T?, _ key: String) -> T? {
        lock.lock()
        defer { lock.unlock() }
        guard let value = read() else { return nil }
        if let i = order.firstIndex(of: key) { order.remove(at: i); order.append(key) }
        return value
    }

    private func store(_ key: String, _ write: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        write()
        if let i = order.firstIndex(of: key) { order.remove(at: i) }
        order.append(key)
        while order.count > capacity {
            let oldest = order.removeFirst()
            coordinates[oldest] = nil
            solidAngles[oldest] = nil
        }
    }

    /// The image's identity: its WCS header and size.
    static func key(_ geom: WcsGeom) -> String {
        "\(geom.npix.lon)x\(geom.npix.lat)|" + geom.wcsHeaderCards.map { "\($0.key)=\($0.value)" }.joined(separator: "|")
    }
}
