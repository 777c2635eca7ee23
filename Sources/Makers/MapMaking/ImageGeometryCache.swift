import Foundation
import GammaMaps
import Sky

/// Per-pixel quantities of map images that every observation needs again — pixel centres on
/// the sky (with their sines and cosines), solid angles, offsets from a pointing — computed once
/// per image and shared by all the cutouts of it.
///
/// A reduction cuts each observation's geometry out of one reference geometry; `register` the
/// reference and the cutouts' values are sliced from its values, computed once (a cutout is an
/// exact window of its parent's pixel grid: `WcsGeom.pixelOffset(in:)`). An image that is no
/// window of a known one gets values of its own. Pixel centres and solid angles are exactly
/// those of `WcsGeom.imageCoordinates()` and `WcsGeom.solidAngle()`; offsets from (and
/// field-of-view coordinates around) an image's own reference point come from
/// `CentredImageCache`, the same for every image that differs only in where it points; other
/// offsets are `SkyCoord.separations`.
///
/// Safe to use from many threads: a value is computed by the first thread that needs it while
/// the others wait for it (on two cores, three observations starting together would otherwise
/// compute the same solid angles three times).
final class ImageGeometryCache: @unchecked Sendable {
    static let shared = ImageGeometryCache(capacity: 8)

    /// An image and its values, computed on first use.
    final class Grid: Sendable {
        let image: WcsGeom
        let centres = Once<SkyDirections>()
        let solidAngles = Once<[Double]>()

        init(_ image: WcsGeom) { self.image = image }
    }

    /// A window of a grid: `image` is pixels `x..<x + nx`, `y..<y + ny` of `grid.image`.
    struct Window {
        let grid: Grid
        let x: Int
        let y: Int
        let image: WcsGeom

        var isWhole: Bool { x == 0 && y == 0 && image.npix == grid.image.npix }
        var rows: Range<Int> { y..<(y + image.npix.lat) }
        var columns: Range<Int> { x..<(x + image.npix.lon) }
    }

    /// Offsets of a window's pixels from an origin, kept for the maps of the same observation.
    private struct OffsetsKey: Equatable {
        let grid: ObjectIdentifier
        let x: Int, y: Int, nx: Int, ny: Int
        let lon: Double, lat: Double, frame: SkyFrame
    }

    private let capacity: Int
    private let lock = NSLock()
    private var grids: [Grid] = []  // least recently used first
    private var offsetsMemo: [(key: OffsetsKey, values: [Double])] = []

    init(capacity: Int) { self.capacity = capacity }

    /// Makes `geom`'s image a grid that later requests for its windows are sliced from.
    func register(_ geom: WcsGeom) {
        _ = window(geom)
    }

    /// Computes the pixel centres (and solid angles) of `geom`'s image now.
    func prepare(_ geom: WcsGeom, solidAngles: Bool) {
        _ = directions(geom)
        if solidAngles { _ = solidAngle(geom) }
    }

    /// Pixel centres of the image of `geom` on the sky, in its frame, flat in C order.
    func directions(_ geom: WcsGeom) -> SkyDirections {
        let w = window(geom)
        let all = w.grid.centres.value {
            let c = w.grid.image.imageCoordinates()
            return SkyDirections(lon: c.lon, lat: c.lat, frame: w.grid.image.frame)
        }
        return w.isWhole ? all : all.window(width: w.grid.image.npix.lon, rows: w.rows, columns: w.columns)
    }

    /// Solid angle (sr) of each pixel of the image of `geom`.
    func solidAngle(_ geom: WcsGeom) -> [Double] {
        let w = window(geom)
        let all = w.grid.solidAngles.value { w.grid.image.solidAngle() }
        if w.isWhole { return all }
        let width = w.grid.image.npix.lon
        var out: [Double] = []
        out.reserveCapacity(w.image.spatialPixelCount)
        for j in w.rows { out.append(contentsOf: all[(j * width + w.columns.lowerBound)..<(j * width + w.columns.upperBound)]) }
        return out
    }

    /// Angular distances (deg) of the image's pixel centres from `origin` (`WcsGeom.separation`);
    /// the last few are kept (an observation's exposure and safe mask use the same).
    func offsets(_ geom: WcsGeom, from origin: SkyCoord) -> [Double] {
        if let centred = CentredImageCache.shared.offsets(geom.toImage(), from: origin) { return centred }
        let w = window(geom)
        let key = OffsetsKey(grid: ObjectIdentifier(w.grid), x: w.x, y: w.y, nx: w.image.npix.lon, ny: w.image.npix.lat,
                             lon: origin.lon, lat: origin.lat, frame: origin.frame)
        lock.lock()
        if let hit = offsetsMemo.first(where: { $0.key == key }) {
            lock.unlock()
            return hit.values
        }
        lock.unlock()
        let values = directions(geom).separations(from: origin)
        lock.lock()
        offsetsMemo.append((key, values))
        if offsetsMemo.count > capacity { offsetsMemo.removeFirst() }
        lock.unlock()
        return values
    }

    /// Field-of-view coordinates (deg) of the image's pixel centres around `origin`
    /// (`SkyDirections.fovOffsets`).
    func fovOffsets(_ geom: WcsGeom, origin: SkyCoord, convention: FoVLongitudeConvention) -> (lon: [Double], lat: [Double]) {
        if let centred = CentredImageCache.shared.fovOffsets(geom.toImage(), origin: origin, convention: convention) {
            return (centred.lon, centred.lat)
        }
        return directions(geom).fovOffsets(origin: origin, convention: convention)
    }

    /// The grid `geom`'s image is a window of (a new grid of its own if none).
    private func window(_ geom: WcsGeom) -> Window {
        let image = geom.toImage()
        lock.lock()
        defer { lock.unlock() }
        for (k, grid) in grids.enumerated().reversed() {
            if let offset = image.pixelOffset(in: grid.image) {
                grids.remove(at: k)
                grids.append(grid)
                return Window(grid: grid, x: offset.x, y: offset.y, image: image)
            }
        }
        let grid = Grid(image)
        grids.append(grid)
        if grids.count > capacity { grids.removeFirst() }
        return Window(grid: grid, x: 0, y: 0, image: image)
    }
}

/// A value computed once, by the first thread that asks for it; threads asking meanwhile wait
/// for it.
final class Once<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var stored: Value?
    private var computing = false

    func value(_ compute: () -> Value) -> Value {
        condition.lock()
        while true {
            if let stored {
                condition.unlock()
                return stored
            }
            if !computing { break }
            condition.wait()
        }
        computing = true
        condition.unlock()
        let value = compute()
        condition.lock()
        stored = value
        condition.broadcast()
        condition.unlock()
        return value
    }
}
