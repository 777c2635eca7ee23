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

    public init(lon: [Double], lat: [Double], frame: SkyFrame, axes: [String: [Double]] = [:]) throws {
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
    }

    /// Number of points.
    public var count: Int { lon.count }

    /// The same points with their sky positions in `target` (longitudes in [0, 360)).
    public func transformed(to target: SkyFrame) -> MapCoord {
        if target == frame { return self }
        var copy = self
        (copy.lon, copy.lat) = SkyCoord.transform(lon: lon, lat: lat, from: frame, to: target)
        copy.frame = target
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
