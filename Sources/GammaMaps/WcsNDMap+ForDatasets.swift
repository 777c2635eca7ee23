import FITSIO
import Foundation

/// How a map's values are stored in a FITS image: the numpy dtype Gammapy would hold them in.
public enum FITSMapStorage: String, Sendable {
    /// 32-bit floats (BITPIX -32): counts, and every map of a dataset created empty or stacked.
    case float32
    /// 64-bit floats (BITPIX -64): maps made from one observation.
    case float64
    /// 64-bit integers 0/1 (BITPIX 64): masks, as Gammapy writes `data.astype(int)`.
    case int64
}

/// What the Datasets layer needs from maps beyond the generic `Map` API: writing an image in a
/// chosen dtype with extra header cards, and Gammapy's `WcsNDMap.stack` for maps that stand for
/// float32 arrays (values held as `Double`, results rounded to `Float`).
extension Map where Geometry == WcsGeom {
    /// Appends the map as image extension `hdu` and its bands table `<hdu>_BANDS`, as
    /// `append(to:hdu:hduBands:)` does, with the values stored as `storage` (float32 rounds to
    /// nearest, int64 stores 0/1 for masks and truncates otherwise) and `extraCards` (Gammapy's
    /// CREATOR/CREATED) after BUNIT. The META keyword is JSON with Python's separators; meta values
    /// `true`, `false` and `null` are written as JSON literals (GammaMaps reads JSON literals into
    /// those strings), so a map read from a Gammapy file keeps `"is_pointlike": false`.
    public func append(to writer: FITSWriter, hdu: String, storage: FITSMapStorage, extraCards: [FITSCard] = []) throws {
        let name = hdu.uppercased()
        let bands = "\(name)_BANDS"
        var cards = geom.headerCards
        if !geom.axes.isEmpty { cards.append(FITSCard("BANDSHDU", .string(bands))) }
        cards.append(FITSCard("META", .string(Self.metaJSON(meta))))
        cards.append(FITSCard("BUNIT", .string(unit)))
        cards += extraCards
        let shape = Array(dataShape.reversed())
        switch storage {
        case .float32:
            try writer.writeImage(Self.float32Values(data), shape: shape, name: name, header: cards)
        case .float64:
            try writer.writeImage(Self.float64Values(data), shape: shape, name: name, header: cards)
        case .int64:
            try writer.writeImage(Self.int64Values(data), shape: shape, name: name, header: cards)
        }
        if !geom.axes.isEmpty {
            try writer.writeTable(name: bands, columns: geom.axes.bandsColumns, rowCount: geom.axes.binCount,
                                  header: geom.axes.headerCards + extraCards)
        }
    }

    /// The values for writing as float32, float64 or int64 (each through its `Double` value).
    static func float32Values(_ data: [Element]) -> [Float] { converted(data) { Float($0) } }
    static func float64Values(_ data: [Element]) -> [Double] { converted(data) { $0 } }
    static func int64Values(_ data: [Element]) -> [Int] { converted(data) { Int.converting($0) } }

    /// The values converted for writing, in a tight loop over the concrete element type: this
    /// generic code runs unspecialised when called from another module, where a plain `map`
    /// goes through a witness call and an append per element (measured: 40 ms per 2e6 values).
    /// Inlined into the concrete callers above, so that the output type is concrete too (a
    /// generic output type stores each value through a witness: 8 ms per dataset written).
    @inline(__always)
    static func converted<T>(_ data: [Element], _ convert: (Double) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: data.count) { out, count in
            // Reinterpreted, not cast: `as? [Double]` on a generic array casts element by element.
            if Element.self == Double.self {
                unsafeBitCast(data, to: [Double].self).withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = convert(src[i]) }
                }
            } else if Element.self == Float.self {
                unsafeBitCast(data, to: [Float].self).withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = convert(Double(src[i])) }
                }
            } else if Element.self == Bool.self {
                unsafeBitCast(data, to: [Bool].self).withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = convert(src[i] ? 1 : 0) }
                }
            } else {
                for i in data.indices { out[i] = convert(data[i].mapValue) }
            }
            count = data.count
        }
    }

    /// Python's `json.dumps(meta)` (`", "` and `": "` separators, non-ASCII escaped), keys sorted.
    static func metaJSON(_ meta: [String: String]) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value > 0x7e {
                        for unit in String(scalar).utf16 { out += String(format: "\\u%04x", unit) }
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        let items = meta.keys.sorted().map { key -> String in
            let value = meta[key]!
            let literal = ["true", "false", "null"].contains(value) ? value : quoted(value)
            return "\(quoted(key)): \(literal)"
        }
        return "{" + items.joined(separator: ", ") + "}"
    }
}

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
        // (and its page faults) per stack, and per-element branches cost more than the sum.
        data.withUnsafeMutableBufferPointer { out in
            otherValues.withUnsafeBufferPointer { src in
                weightValues.withUnsafeBufferPointer { w in
                    for p in 0..<binCount {
                        let wp = weightPlanes?[p]
                        for (jp, jc) in rows {
                            let target = out.baseAddress! + (p * ny + jp) * nx + x0
                            let source = src.baseAddress! + (p * oy + jc) * ox + c0
                            let weight = wp.map { w.baseAddress! + ($0 * oy + jc) * ox + c0 }
                            Self.addRow(target, source, weight, width, factor: factor, otherFloat32: otherFloat32,
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

    /// target[i] += weight[i] · source[i] with numpy's conversions and roundings (see `stack`).
    @inline(__always)
    static func addRow(_ target: UnsafeMutablePointer<Double>, _ source: UnsafePointer<Double>, _ weight: UnsafePointer<Bool>?,
                       _ n: Int, factor: Double, otherFloat32: Bool, float32: Bool, nanToNum: Bool) {
        for i in 0..<n {
            var v = source[i]
            if factor != 1 { v = otherFloat32 ? Double(Float(v * factor)) : v * factor }
            if float32 { v = Double(Float(v)) }
            if nanToNum && !v.isFinite { v = 0 }
            if let weight, !weight[i] { v *= 0 }
            let sum = target[i] + v
            target[i] = float32 ? Double(Float(sum)) : sum
        }
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
