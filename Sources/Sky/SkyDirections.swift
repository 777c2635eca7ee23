import Foundation

/// Many sky directions with the sines and cosines of their coordinates worked out once: the
/// pixel centres of a map image, whose separations from (and field-of-view offsets around) every
/// observation's pointing the makers need.
///
/// `separations(from:)` and `fovOffsets(origin:convention:)` give, bit for bit, what
/// `SkyCoord.separations(lon:lat:frame:)` and `SkyCoord.fovOffsets(of:lat:frame:origin:convention:)`
/// give for `lon` and `lat`: the same sines and cosines of the same radians, combined in the same
/// order; only the per-direction trigonometry is not repeated.
public struct SkyDirections: Sendable {
    /// Longitudes and latitudes in degrees, in `frame`.
    public let lon: [Double]
    public let lat: [Double]
    public let frame: SkyFrame
    /// sin and cos of the latitudes and longitudes in radians (`degrees × Angle.radiansPerDegree`).
    let sinLat: [Double]
    let cosLat: [Double]
    let sinLon: [Double]
    let cosLon: [Double]

    public init(lon: [Double], lat: [Double], frame: SkyFrame) {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        let n = lon.count
        var sinLat = [Double](repeating: 0, count: n), cosLat = sinLat, sinLon = sinLat, cosLon = sinLat
        for i in 0..<n {
            let b = lat[i] * Angle.radiansPerDegree, l = lon[i] * Angle.radiansPerDegree
            sinLat[i] = sin(b)
            cosLat[i] = cos(b)
            sinLon[i] = sin(l)
            cosLon[i] = cos(l)
        }
        self.init(lon: lon, lat: lat, frame: frame, sinLat: sinLat, cosLat: cosLat, sinLon: sinLon, cosLon: cosLon)
    }

    private init(lon: [Double], lat: [Double], frame: SkyFrame, sinLat: [Double], cosLat: [Double], sinLon: [Double],
                 cosLon: [Double]) {
        self.lon = lon
        self.lat = lat
        self.frame = frame
        self.sinLat = sinLat
        self.cosLat = cosLat
        self.sinLon = sinLon
        self.cosLon = cosLon
    }

    public var count: Int { lon.count }

    /// The directions of a window of a grid stored row by row, `width` per row: the rows
    /// `rows` and in each the columns `columns`, row by row.
    public func window(width: Int, rows: Range<Int>, columns: Range<Int>) -> SkyDirections {
        precondition(rows.lowerBound >= 0 && columns.lowerBound >= 0 && columns.upperBound <= width
                         && rows.upperBound * width <= count, "window outside the grid")
        func cut(_ values: [Double]) -> [Double] {
            var out: [Double] = []
            out.reserveCapacity(rows.count * columns.count)
            values.withUnsafeBufferPointer { v in
                for j in rows { out.append(contentsOf: v[(j * width + columns.lowerBound)..<(j * width + columns.upperBound)]) }
            }
            return out
        }
        return SkyDirections(lon: cut(lon), lat: cut(lat), frame: frame, sinLat: cut(sinLat), cosLat: cut(cosLat),
                             sinLon: cut(sinLon), cosLon: cut(cosLon))
    }

    /// Angular distances in degrees from `origin` (`origin.separations(lon:lat:frame:)`).
    public func separations(from origin: SkyCoord) -> [Double] {
        let n = count
        let lon1 = Angle.radians(origin.lon), lat1 = Angle.radians(origin.lat)
        let slat1 = sin(lat1), clat1 = cos(lat1)
        if frame == origin.frame {
            return [Double](unsafeUninitializedCapacity: n) { out, initialized in
                lon.withUnsafeBufferPointer { lonp in
                    sinLat.withUnsafeBufferPointer { slat in
                        cosLat.withUnsafeBufferPointer { clat in
                            for i in 0..<n {
                                out[i] = Angle.degreesPerRadian * SphericalMath.separation(
                                    sinLat1: slat1, cosLat1: clat1, lon1: lon1, lon2: lonp[i] * Angle.radiansPerDegree,
                                    sinLat2: slat[i], cosLat2: clat[i])
                            }
                        }
                    }
                }
                initialized = n
            }
        }
        let rotation = FrameRotations.rotation(from: frame, to: origin.frame)
        return [Double](unsafeUninitializedCapacity: n) { out, initialized in
            rotateAll(rotation) { i, l, b in
                out[i] = Angle.degreesPerRadian * SphericalMath.separation(
                    sinLat1: slat1, cosLat1: clat1, lon1: lon1, lon2: l, lat2: b)
            }
            initialized = n
        }
    }

    /// Field-of-view coordinates around `origin` in degrees (`SkyCoord.fovOffsets(of:lat:frame:origin:convention:)`).
    public func fovOffsets(origin: SkyCoord, convention: FoVLongitudeConvention = .skyOffsetFrame)
        -> (lon: [Double], lat: [Double]) {
        let rotation = OffsetRotation(originLon: origin.lon, originLat: origin.lat).toOffset
            * FrameRotations.rotation(from: frame, to: origin.frame)
        let sign = convention.sign
        return lonLatArrays(count: count) { store in
            rotateAll(rotation) { i, l, b in
                store(i, Angle.wrap(sign * l * Angle.degreesPerRadian, at: 180), b * Angle.degreesPerRadian)
            }
        }
    }

    /// `Rotation.rotateAll` on the stored unit vectors.
    @inline(__always)
    private func rotateAll(_ rotation: Rotation, _ store: (Int, Double, Double) -> Void) {
        sinLat.withUnsafeBufferPointer { slat in
            cosLat.withUnsafeBufferPointer { clat in
                sinLon.withUnsafeBufferPointer { slon in
                    cosLon.withUnsafeBufferPointer { clon in
                        for i in 0..<slat.count {
                            let cl = clat[i]
                            let r = rotation.apply(x: cl * clon[i], y: cl * slon[i], z: slat[i])
                            store(i, r.lon, r.lat)
                        }
                    }
                }
            }
        }
    }
}
