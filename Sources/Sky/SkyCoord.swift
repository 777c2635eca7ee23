import Foundation

/// A direction on the sky: longitude and latitude in degrees in a `SkyFrame`
/// (RA/Dec for ICRS, l/b for Galactic), like a scalar astropy `SkyCoord` without distance.
///
/// The longitude is wrapped into [0, 360) on creation, as astropy's `Longitude` does
/// (`SkyCoord(-10, 0)` has `ra == 350`). The latitude is taken as given; it must lie in
/// [-90, 90] (astropy raises otherwise) — values outside give meaningless results, NaN stays NaN.
public struct SkyCoord: Sendable, Equatable, Hashable {
    /// Longitude in degrees, in [0, 360): right ascension (ICRS) or Galactic longitude.
    public var lon: Double
    /// Latitude in degrees, in [-90, 90]: declination (ICRS) or Galactic latitude.
    public var lat: Double
    public var frame: SkyFrame

    public init(lon: Double, lat: Double, frame: SkyFrame = .icrs) {
        self.lon = Angle.wrap(lon)
        self.lat = lat
        self.frame = frame
    }

    /// An ICRS direction.
    public init(ra: Double, dec: Double) { self.init(lon: ra, lat: dec, frame: .icrs) }

    /// A Galactic direction.
    public init(l: Double, b: Double) { self.init(lon: l, lat: b, frame: .galactic) }

    /// This direction in another frame, as astropy's `transform_to` (agrees to ~1e-10 arcsec;
    /// see `FrameRotations.icrsToGalactic` for the rotation used).
    public func transformed(to target: SkyFrame) -> SkyCoord {
        if target == frame { return self }
        let r = FrameRotations.rotation(from: frame, to: target)
            .apply(lonRadians: Angle.radians(lon), latRadians: Angle.radians(lat))
        return SkyCoord(lon: Angle.degrees(r.lon), lat: Angle.degrees(r.lat), frame: target)
    }

    /// ICRS right ascension in degrees (converting from Galactic when needed).
    public var ra: Double { transformed(to: .icrs).lon }
    /// ICRS declination in degrees.
    public var dec: Double { transformed(to: .icrs).lat }
    /// Galactic longitude in degrees.
    public var l: Double { transformed(to: .galactic).lon }
    /// Galactic latitude in degrees.
    public var b: Double { transformed(to: .galactic).lat }
}

extension SkyCoord: CustomStringConvertible {
    public var description: String {
        let names = frame == .icrs ? ("ra", "dec") : ("l", "b")
        return "SkyCoord(\(frame.rawValue): \(names.0)=\(lon)°, \(names.1)=\(lat)°)"
    }
}

extension SkyCoord {
    /// Transforms many directions between frames at once (degrees in, degrees out; output lon in
    /// [0, 360)). Equivalent to `transformed(to:)` on each; for the maps and makers layers'
    /// pixel loops. Safe to call from many threads at once. Same-frame input is copied as given.
    public static func transform(lon: [Double], lat: [Double], from: SkyFrame, to: SkyFrame)
        -> (lon: [Double], lat: [Double]) {
        precondition(lon.count == lat.count, "lon and lat must have the same length")
        if from == to { return (lon.map { Angle.wrap($0) }, lat) }
        let rotation = FrameRotations.rotation(from: from, to: to)
        return lonLatArrays(count: lon.count) { store in
            rotation.rotateAll(lon: lon, lat: lat) { i, l, b in
                store(i, Angle.wrap(l * Angle.degreesPerRadian), b * Angle.degreesPerRadian)
            }
        }
    }
}
