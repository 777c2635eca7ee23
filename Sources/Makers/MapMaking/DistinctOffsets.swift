/// The distinct values among per-pixel offsets (bit for bit, in order of first appearance) and
/// each pixel's place among them, so that a per-pixel computation that depends on the offset
/// alone is done once per distinct offset and spread back.
struct DistinctOffsets {
    let values: [Double]
    let index: [Int]

    init(_ offsets: [Double]) {
        var place: [UInt64: Int] = [:]
        place.reserveCapacity(offsets.count)
        var values: [Double] = []
        index = offsets.map { offset in
            if let k = place[offset.bitPattern] { return k }
            place[offset.bitPattern] = values.count
            values.append(offset)
            return values.count - 1
        }
        self.values = values
    }

    /// Offsets taken as they are, each its own (no search for repeats: for geometries whose
    /// offsets are not known to repeat).
    init(unique offsets: [Double]) {
        values = offsets
        index = Array(offsets.indices)
    }

    /// Whether any offset repeats (otherwise spreading back would only copy).
    var repeats: Bool { values.count < index.count }

    /// `[plane][distinct offset]` values spread to `[plane][pixel]`.
    func spread(_ compact: [Double], planes: Int) -> [Double] {
        let n = values.count, npix = index.count
        precondition(compact.count == planes * n, "\(compact.count) values for \(planes) planes of \(n) offsets")
        return [Double](unsafeUninitializedCapacity: planes * npix) { out, initialized in
            compact.withUnsafeBufferPointer { c in
                index.withUnsafeBufferPointer { index in
                    for plane in 0..<planes {
                        let from = c.baseAddress! + plane * n, to = out.baseAddress! + plane * npix
                        for p in 0..<npix { to[p] = from[index[p]] }
                    }
                }
            }
            initialized = planes * npix
        }
    }
}
