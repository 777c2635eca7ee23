import Foundation

extension SkyCoord {
    /// Angular separation in degrees, with astropy's Vincenty formula (stable at all distances,
    /// including poles and antipodes). `other` is first converted to this coordinate's frame,
    /// as astropy's `separation` does.
    public func separation(to other: SkyCoord) -> Double {
        let o = other.transformed(to: frame)
        return Angle.degrees(SphericalMath.separation(
            lon1: Angle.radians(lon), lat1: Angle.radians(lat), lon2: Angle.radians(o.lon), lat2: Angle.radians(o.lat)))
    }

    /// Position angle of `other` seen from this coordinate, in degrees in [0, 360), measured
    /// from north through east (astropy's `position_angle`); `other` is converted to this frame.
    public func positionAngle(to other: SkyCoord) -> Double {
        let o = other.transformed(to: frame)
        let pa = SphericalMath.positionAngle(
            lon1: Angle.radians(lon), lat1: Angle.radians(lat), lon2: Angle.radians(o.lon), lat2: Angle.radians(o.lat))
        return Angle.wrap(Angle.degrees(pa))
    }

    /// The point at `separation` degrees from this one in direction `positionAngle` (degrees,
    /// east of north), in this frame; astropy's `directional_offset_by`. At a pole the result
    /// is as if the start were infinitesimally off the pole at this longitude (astropy's rule).
    public func directionalOffset(positionAngle: Double, separation: Double) -> SkyCoord {
        let r = SphericalMath.offset(lon: Angle.radians(lon), lat: Angle.radians(lat),
                                     positionAngle: Angle.radians(positionAngle), distance: Angle.radians(separation))
        return SkyCoord(lon: Angle.degrees(r.lon), lat: Angle.degrees(r.lat), frame: frame)
    }

    /// Separations in degrees to directions in this frame stored as float32 degrees (event
    /// lists' RA/DEC), exactly as astropy's `separation` works them out: the longitude difference
    /// in degrees in float64, the stored latitudes turned into float32 radians and their sine
    /// and cosine taken in float32. Theta² histograms need these to the last bit.
    public func separations(float32Lon lon: [Double], lat: [Double]) -> [Double] {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        let lat1 = Angle.radians(self.lat)
        let slat1 = sin(lat1), clat1 = cos(lat1)
        let toRadians = Float(Angle.radiansPerDegree)
        return zip(lon, lat).map { l, b in
            let b32 = Float(b) * toRadians
            return Angle.degreesPerRadian * SphericalMath.separation(
                sinLat1: slat1, cosLat1: clat1, lon1: 0, lon2: (l - self.lon) * Angle.radiansPerDegree,
                sinLat2: Double(Foundation.sin(b32)), cosLat2: Double(Foundation.cos(b32)))
        }
    }

    /// Separations in degrees from this coordinate to many directions given in `frame` (this
    /// coordinate's frame when nil; others are converted to it first, as astropy does). For
    /// the maps layer's offset and region masks; safe to call from many threads at once.
    public func separations(lon: [Double], lat: [Double], frame: SkyFrame? = nil) -> [Double] {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        let pointsFrame = frame ?? self.frame
        let lon1 = Angle.radians(self.lon), lat1 = Angle.radians(self.lat)
        let slat1 = sin(lat1), clat1 = cos(lat1)
        let n = lon.count
        if pointsFrame == self.frame {
            return [Double](unsafeUninitializedCapacity: n) { out, count in
                lon.withUnsafeBufferPointer { lonp in
                    lat.withUnsafeBufferPointer { latp in
                        for i in 0..<n {
                            out[i] = Angle.degreesPerRadian * SphericalMath.separation(
                                sinLat1: slat1, cosLat1: clat1, lon1: lon1,
                                lon2: lonp[i] * Angle.radiansPerDegree, lat2: latp[i] * Angle.radiansPerDegree)
                        }
                    }
                }
                count = n
            }
        }
        let rotation = FrameRotations.rotation(from: pointsFrame, to: self.frame)
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            rotation.rotateAll(lon: lon, lat: lat) { i, l, b in
                out[i] = Angle.degreesPerRadian * SphericalMath.separation(
                    sinLat1: slat1, cosLat1: clat1, lon1: lon1, lon2: l, lat2: b)
            }
            count = n
        }
    }
}

/// astropy's spherical-trigonometry formulas (`astropy.coordinates.angles.utils`), in radians.
enum SphericalMath {
    /// Vincenty's formula: `atan2(hypot(cos φ2 sin Δλ, cos φ1 sin φ2 − sin φ1 cos φ2 cos Δλ),
    /// sin φ1 sin φ2 + cos φ1 cos φ2 cos Δλ)`.
    @inline(__always)
    static func separation(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        separation(sinLat1: sin(lat1), cosLat1: cos(lat1), lon1: lon1, lon2: lon2, lat2: lat2)
    }

    @inline(__always)
    static func separation(sinLat1 slat1: Double, cosLat1 clat1: Double, lon1: Double, lon2: Double, lat2: Double) -> Double {
        separation(sinLat1: slat1, cosLat1: clat1, lon1: lon1, lon2: lon2, sinLat2: sin(lat2), cosLat2: cos(lat2))
    }

    @inline(__always)
    static func separation(sinLat1 slat1: Double, cosLat1 clat1: Double, lon1: Double, lon2: Double,
                           sinLat2 slat2: Double, cosLat2 clat2: Double) -> Double {
        let dlon = lon2 - lon1
        let sdlon = sin(dlon), cdlon = cos(dlon)
        let num1 = clat2 * sdlon
        let num2 = clat1 * slat2 - slat1 * clat2 * cdlon
        let denominator = slat1 * slat2 + clat1 * clat2 * cdlon
        return atan2(hypot(num1, num2), denominator)
    }

    /// Position angle east of north, in (-π, π] (wrap to [0, 2π) at the caller).
    @inline(__always)
    static func positionAngle(lon1: Double, lat1: Double, lon2: Double, lat2: Double) -> Double {
        let deltalon = lon2 - lon1
        let colat = cos(lat2)
        let x = sin(lat2) * cos(lat1) - colat * sin(lat1) * cos(deltalon)
        let y = sin(deltalon) * colat
        return atan2(y, x)
    }

    /// astropy's `offset_by`: sine and cosine rules on the triangle pole–start–end.
    static func offset(lon: Double, lat: Double, positionAngle: Double, distance: Double) -> (lon: Double, lat: Double) {
        let cosA = cos(distance), sinA = sin(distance)
        let cosC = sin(lat), sinC = cos(lat)
        let cosB = cos(positionAngle), sinB = sin(positionAngle)
        let cosb = cosC * cosA + sinC * sinA * cosB
        let xsinA = sinA * sinB * sinC
        let xcosA = cosA - cosb * cosC
        var a = atan2(xsinA, xcosA)
        if sinC < 1e-12 {
            // At a pole: south (cos c = −1) A = posang; north A = 180° − posang.
            a = (90 * Angle.radiansPerDegree) + cosC * (90 * Angle.radiansPerDegree - positionAngle)
        }
        return (lon + a, asin(cosb))
    }
}
