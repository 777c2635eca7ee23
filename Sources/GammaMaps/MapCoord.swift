import Sky

/// Coordinates of points in a map's space (Gammapy's `MapCoord`): sky positions (degrees, in
/// `frame`) and, per non-spatial axis name, a coordinate in that axis's unit. All arrays have
/// the same length; an axis array of length 1 applies to every point.
public struct MapCoord: Sendable {
    public var lon: [Double]
    public var lat: [Double]
    public var frame: SkyFrame
    /// Non-spatial coordinates by axis name (`"energy"` in TeV for a TeV axis, ...).
    public var axes: [String: [Double]]
    /// The precision `lon` and `lat` were stored in (Gammapy's `MapCoord` keeps an event list's
    /// float32 columns as they are): float32 positions are transformed to another frame as
    /// astropy transforms float32 (`SkyCoord.transformAsAstropy`). Computed coordinates are
    /// `.float64`.
    public var lonPrecision: StoredPrecision
    public var latPrecision: StoredPrecision

    public init(lon: [Double], lat: [Double], frame: SkyFrame, axes: [String: [Double]] = [:],
                lonPrecision: StoredPrecision = .float64, latPrecision: StoredPrecision = .float64) throws {
        guard lon.count == lat.count else {
            throw MapError(.shapeMismatch, subject: "MapCoord", message: "lon has \(lon.count) values, lat \(lat.count)")
        }
        for (name, values) in axes where values.count != lon.count && values.count != 1 {
            throw MapError(.shapeMismatch, subject: "MapCoord axis '\(name)'",
                           message: "\(values.count) values for \(lon.count) sky positions")
        }
        self.lon = lon
        self.lat = lat
        self.frame = frame
        self.axes = axes
        self.lonPrecision = lonPrecision
        self.latPrecision = latPrecision
    }

    /// Number of points.
    public var count: Int { lon.count }

    /// The same points with their sky positions in `target` (longitudes in [0, 360)): float32
    /// positions exactly as astropy transforms them (so events land in Gammapy's bins), others
    /// with the composed rotation. The result is float64, as astropy's.
    public func transformed(to target: SkyFrame) -> MapCoord {
        if target == frame { return self }
        var copy = self
        if lonPrecision == .float32 || latPrecision == .float32 {
            (copy.lon, copy.lat) = SkyCoord.transformAsAstropy(lon: lon, lat: lat, lonPrecision: lonPrecision,
                                                               latPrecision: latPrecision, from: frame, to: target)
        } else {
            (copy.lon, copy.lat) = SkyCoord.transform(lon: lon, lat: lat, from: frame, to: target)
        }
        copy.frame = target
        copy.lonPrecision = .float64
        copy.latPrecision = .float64
        return copy
    }

    /// The points in `range` (axis arrays of length 1 kept as they are).
    public func slice(_ range: Range<Int>) -> MapCoord {
        var copy = self
        copy.lon = Array(lon[range])
        copy.lat = Array(lat[range])
        copy.axes = axes.mapValues { $0.count == count ? Array($0[range]) : $0 }
        return copy
    }

    /// The coordinate values of axis `name`, broadcast to `count`.
    func values(of name: String) throws -> [Double] {
        guard let values = axes[name] else {
            throw MapError(.axis, subject: "axis '\(name)'",
                           message: "no coordinates given for this axis (given: \(axes.keys.sorted()))")
        }
        return values.count == count ? values : [Double](repeating: values[0], count: count)
    }
}
