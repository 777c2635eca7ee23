import FITSIO
import Foundation

/// How a map lines up with the map it is stacked into (`WcsNDMap.stack`).
public struct StackingLayout: Sendable {
    /// The overlap: rows and columns in the target (`parent`) and in the stacked map (`cutout`).
    public let slices: CutoutSlices
    /// The stacked map's unit in the target's.
    public let factor: Double
    /// Per non-spatial plane of the stacked map (flat, numpy order), the weights' plane (nil: no weights).
    public let weightPlanes: [Int]?
}

extension Map where Geometry == WcsGeom, Element == Double {
    /// Gammapy's `WcsNDMap.stack(other, weights, nan_to_num)` for maps held as `Double` that stand
    /// for numpy arrays of float32 (`float32`) or float64: `other` (an equal geometry, or an
    /// aligned cutout added where it overlaps) is converted to this map's unit in its own precision
    /// (`otherFloat32`), cast to this map's precision, non-finite values set to 0 (`nanToNum`),
    /// multiplied by `weights` and added, the sum rounded to this map's precision — float32
    /// arithmetic exactly, as numpy does it.
    ///
    /// `weights` has `other`'s image; its non-spatial dimensions broadcast against `other`'s by
    /// numpy's rules (aligned from the right, size 1 repeats): a safe mask of `other`'s shape,
    /// an image `(1, 1, ny, nx)`, or `(1, nE, ny, nx)` against an energy-dispersion kernel.
    public mutating func stack(_ other: Map, weights: Map<WcsGeom, Bool>?, float32: Bool, otherFloat32: Bool = false,
                               nanToNum: Bool = true) throws {
        let layout = try stackingLayout(other, weights: weights)
        let slices = layout.slices, factor = layout.factor, weightPlanes = layout.weightPlanes
        let nx = geom.npix.lon, ny = geom.npix.lat, ox = other.geom.npix.lon, oy = other.geom.npix.lat
        let otherValues = other.data, weightValues = weights?.data ?? []
        let binCount = geom.axes.binCount
        let rows = Array(zip(slices.parentY, slices.cutoutY))
        let x0 = slices.parentX.lowerBound, c0 = slices.cutoutX.lowerBound, width = slices.parentX.count
        // In place, row by row over raw pointers: a copy of `data` would duplicate the whole map
        // (and its page faults) per stack; `StackingRow` keeps the options out of the inner loop.
        data.withUnsafeMutableBufferPointer { out in
            otherValues.withUnsafeBufferPointer { src in
                weightValues.withUnsafeBufferPointer { w in
                    for p in 0..<binCount {
                        let wp = weightPlanes?[p]
                        for (jp, jc) in rows {
                            let target = out.baseAddress! + (p * ny + jp) * nx + x0
                            let source = src.baseAddress! + (p * oy + jc) * ox + c0
                            let weight = wp.map { w.baseAddress! + ($0 * oy + jc) * ox + c0 }
                            StackingRow.add(target, source, weight, count: width, factor: factor, otherFloat32: otherFloat32,
                                            float32: float32, nanToNum: nanToNum)
                        }
                    }
                }
            }
        }
    }

    /// Where `other` goes in this map when it is stacked (`stack`), its unit conversion and
    /// its weights' planes; throws as `stack` does for maps that do not line up.
    public func stackingLayout(_ other: Map, weights: Map<WcsGeom, Bool>?) throws -> StackingLayout {
        let slices = try geom.stackingSlices(of: other.geom)
        guard other.geom.axes.shape == geom.axes.shape else {
            throw MapError(.shapeMismatch, subject: "stack", message: "the maps' non-spatial axes differ: \(other.geom.axes.shape) vs \(geom.axes.shape)")
        }
        let factor = try stackingFactor(from: other.unit)
        // The weight of a bin shares its pixel; only the non-spatial plane broadcasts, so one
        // lookup per plane keeps the inner loop free of index arithmetic and closure calls.
        let weightPlanes = try weights.map { try Self.broadcastPlanes(weights: $0, against: other) }
        return StackingLayout(slices: slices, factor: factor, weightPlanes: weightPlanes)
    }

    /// For a weights map broadcast against `other`'s data (same image): the weights' plane
    /// (flat index over its non-spatial axes) of each non-spatial plane of `other`.
    static func broadcastPlanes(weights: Map<WcsGeom, Bool>, against other: Map) throws -> [Int] {
        let pixels = other.geom.npix.lon * other.geom.npix.lat
        let index = try broadcastIndex(weights: weights, against: other)
        return (0..<other.geom.axes.binCount).map { index($0 * pixels) / pixels }
    }

    /// For a weights map broadcast against `other`'s data: the weight index of each flat index
    /// of `other`.
    static func broadcastIndex(weights: Map<WcsGeom, Bool>, against other: Map) throws -> (Int) -> Int {
        guard weights.geom.npix.lon == other.geom.npix.lon, weights.geom.npix.lat == other.geom.npix.lat else {
            throw MapError(.shapeMismatch, subject: "weights", message: "incompatible spatial geoms between map and weights")
        }
        let target = other.dataShape
        let shape = weights.dataShape
        guard shape.count <= target.count else {
            throw MapError(.shapeMismatch, subject: "weights", message: "weights of shape \(shape) do not broadcast to \(target)")
        }
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for d in stride(from: target.count - 1, through: 0, by: -1) {
            guard padded[d] == target[d] || padded[d] == 1 else {
                throw MapError(.shapeMismatch, subject: "weights", message: "weights of shape \(shape) do not broadcast to \(target)")
            }
            strides[d] = padded[d] == 1 ? 0 : step
            step *= padded[d]
        }
        return { flat in
            var rest = flat, index = 0
            for d in stride(from: target.count - 1, through: 0, by: -1) {
                index += (rest % target[d]) * strides[d]
                rest /= target[d]
            }
            return index
        }
    }
}

extension Map where Geometry == WcsGeom, Element == Bool {
    /// Gammapy's `WcsNDMap.stack` for masks: logical or of `other` (an equal geometry, or an
    /// aligned cutout, where it overlaps) into this mask.
    public mutating func stackLogicalOr(_ other: Map) throws {
        let slices = try geom.stackingSlices(of: other.geom)
        guard other.geom.axes.shape == geom.axes.shape else {
            throw MapError(.shapeMismatch, subject: "stack", message: "the masks' non-spatial axes differ")
        }
        let nx = geom.npix.lon, ny = geom.npix.lat, ox = other.geom.npix.lon, oy = other.geom.npix.lat
        let x0 = slices.parentX.lowerBound, c0 = slices.cutoutX.lowerBound, width = slices.parentX.count
        let otherValues = other.data, planes = geom.axes.binCount
        // in place, row by row (a copy of `data` would duplicate the mask per stack)
        data.withUnsafeMutableBufferPointer { out in
            otherValues.withUnsafeBufferPointer { src in
                for p in 0..<planes {
                    for (jp, jc) in zip(slices.parentY, slices.cutoutY) {
                        let target = (p * ny + jp) * nx + x0, source = (p * oy + jc) * ox + c0
                        for i in 0..<width where src[source + i] { out[target + i] = true }
                    }
                }
            }
        }
    }
}
