import CERFA
import Foundation

/// A 3×3 rotation matrix acting on unit vectors (row-major), with the passive convention of
/// astropy's `rotation_matrix` and ERFA's `eraRx/Ry/Rz`: `Rz(θ) = [[c, s, 0], [-s, c, 0], [0, 0, 1]]`.
struct Rotation: Sendable, Equatable {
    var m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)

    static let identity = Rotation(m: (1, 0, 0, 0, 1, 0, 0, 0, 1))

    init(m: (Double, Double, Double, Double, Double, Double, Double, Double, Double)) { self.m = m }

    static func == (a: Rotation, b: Rotation) -> Bool { a.elements == b.elements }

    init(elements e: [Double]) {
        precondition(e.count == 9)
        m = (e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8])
    }

    var elements: [Double] { [m.0, m.1, m.2, m.3, m.4, m.5, m.6, m.7, m.8] }

    /// Builds `R_k · … · R_1` from rotations given in the order they are applied to a vector
    /// (first `steps[0]`), with ERFA's `eraRx/Ry/Rz` (angles in degrees).
    init(applying steps: [(axis: Character, degrees: Double)]) {
        var r: [(Double, Double, Double)] = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
        r.withUnsafeMutableBufferPointer { p in
            for (axis, degrees) in steps {
                let angle = Angle.radians(degrees)
                switch axis {
                case "x": eraRx(angle, p.baseAddress)
                case "y": eraRy(angle, p.baseAddress)
                default: eraRz(angle, p.baseAddress)
                }
            }
        }
        m = (r[0].0, r[0].1, r[0].2, r[1].0, r[1].1, r[1].2, r[2].0, r[2].1, r[2].2)
    }

    var transposed: Rotation { Rotation(m: (m.0, m.3, m.6, m.1, m.4, m.7, m.2, m.5, m.8)) }

    /// `self · other` (apply `other` first).
    static func * (a: Rotation, b: Rotation) -> Rotation {
        let x = a.m, y = b.m
        return Rotation(m: (
            x.0 * y.0 + x.1 * y.3 + x.2 * y.6, x.0 * y.1 + x.1 * y.4 + x.2 * y.7, x.0 * y.2 + x.1 * y.5 + x.2 * y.8,
            x.3 * y.0 + x.4 * y.3 + x.5 * y.6, x.3 * y.1 + x.4 * y.4 + x.5 * y.7, x.3 * y.2 + x.4 * y.5 + x.5 * y.8,
            x.6 * y.0 + x.7 * y.3 + x.8 * y.6, x.6 * y.1 + x.7 * y.4 + x.8 * y.7, x.6 * y.2 + x.7 * y.5 + x.8 * y.8))
    }

    /// Rotates the unit vector of (lon, lat) in radians and returns the new (lon, lat) in radians,
    /// lon in (-π, π] from `atan2` (astropy's cartesian → unit-spherical conversion).
    @inline(__always)
    func apply(lonRadians lon: Double, latRadians lat: Double) -> (lon: Double, lat: Double) {
        let cl = cos(lat)
        return apply(x: cl * cos(lon), y: cl * sin(lon), z: sin(lat))
    }

    /// Rotates the unit vector (x, y, z) and returns its (lon, lat) in radians, as above.
    @inline(__always)
    func apply(x: Double, y: Double, z: Double) -> (lon: Double, lat: Double) {
        let xr = m.0 * x + m.1 * y + m.2 * z
        let yr = m.3 * x + m.4 * y + m.5 * z
        let zr = m.6 * x + m.7 * y + m.8 * z
        return (atan2(yr, xr), atan2(zr, (xr * xr + yr * yr).squareRoot()))
    }

    /// Rotates every (lon, lat) pair (degrees) and hands the results (radians, lon from `atan2`)
    /// to `store` with their index. The one hot loop of the frame and offset transforms.
    @inline(__always)
    func rotateAll(lon: [Double], lat: [Double], _ store: (Int, Double, Double) -> Void) {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        lon.withUnsafeBufferPointer { lonp in
            lat.withUnsafeBufferPointer { latp in
                for i in 0..<lonp.count {
                    let r = apply(lonRadians: lonp[i] * Angle.radiansPerDegree, latRadians: latp[i] * Angle.radiansPerDegree)
                    store(i, r.lon, r.lat)
                }
            }
        }
    }
}

/// Longitudes and latitudes built together in one pass: `fill` hands each index and its two
/// values to the store it is given (the frame and offset transforms' output arrays).
@inline(__always)
func lonLatArrays(count n: Int, _ fill: (_ store: (Int, Double, Double) -> Void) -> Void) -> (lon: [Double], lat: [Double]) {
    var outLat = [Double]()
    let outLon = [Double](unsafeUninitializedCapacity: n) { lonBuffer, lonCount in
        outLat = [Double](unsafeUninitializedCapacity: n) { latBuffer, latCount in
            fill { i, lon, lat in
                lonBuffer[i] = lon
                latBuffer[i] = lat
            }
            latCount = n
        }
        lonCount = n
    }
    return (outLon, outLat)
}

/// The fixed frame rotations, composed once.
enum FrameRotations {
    /// ICRS → Galactic as astropy (and so Gammapy) does it: ICRS → FK5 (J2000) with the frame
    /// bias of USNO Circular 179 (η₀ = −19.9 mas, ξ₀ = 9.1 mas, dα₀ = −22.9 mas), then FK5 (J2000)
    /// → Galactic with the classic matrix from the north Galactic pole (α = 192.8594812065348°,
    /// δ = 27.12825118085622°) and the longitude of the ascending node (l₀ = 122.9319185680026°).
    /// The precession J2000 → J2000 that astropy also multiplies in is the identity to 7e-16 and
    /// is left out. ERFA's `eraIcrs2g` uses the Hipparcos pole instead and differs by ~24 mas.
    static let icrsToGalactic: Rotation = {
        let bias = Rotation(applying: [("z", -22.9 / 3600000.0), ("y", 9.1 / 3600000.0), ("x", 19.9 / 3600000.0)])
        let fk5ToGalactic = Rotation(applying: [("z", 192.8594812065348), ("y", 90 - 27.12825118085622),
                                                ("z", 180 - 122.9319185680026)])
        return fk5ToGalactic * bias
    }()

    static let galacticToICRS: Rotation = icrsToGalactic.transposed

    /// The rotation taking unit vectors in `from` to unit vectors in `to`.
    static func rotation(from: SkyFrame, to: SkyFrame) -> Rotation {
        switch (from, to) {
        case (.icrs, .galactic): return icrsToGalactic
        case (.galactic, .icrs): return galacticToICRS
        default: return .identity
        }
    }
}
