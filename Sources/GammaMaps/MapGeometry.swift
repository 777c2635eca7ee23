/// What every map geometry offers the generic `Map` (Gammapy's `Geom`): non-spatial axes and
/// a data shape whose last two dimensions are spatial.
///
/// Data are flat C-order buffers of `dataShape`, exactly numpy's `map.data`:
/// `(axis[n-1], ..., axis[0], lat, lon)`, lon (x) fastest. A `WcsGeom` has `ny × nx` spatial
/// pixels, a `RegionGeom` one (`1 × 1`).
public protocol MapGeometry: Sendable, Equatable {
    /// The non-spatial axes.
    var axes: MapAxes { get }
    /// Spatial shape `[ny, nx]` (numpy order).
    var spatialShape: [Int] { get }
    /// The same spatial geometry with other non-spatial axes.
    func withAxes(_ axes: MapAxes) throws -> Self
    /// Flat data index of each coordinate, -1 outside the map (Gammapy's `coord_to_idx`
    /// with its rounding, raveled in numpy order).
    func flatIndices(_ coord: MapCoord) throws -> [Int]
}

extension MapGeometry {
    /// Shape of the data array in numpy order: `axes.dataShape + spatialShape`.
    public var dataShape: [Int] { axes.dataShape + spatialShape }

    /// Number of data elements.
    public var dataCount: Int { axes.binCount * spatialPixelCount }

    /// Number of spatial pixels in one image plane.
    public var spatialPixelCount: Int { spatialShape.reduce(1, *) }

    /// Number of dimensions of the data.
    public var ndim: Int { axes.count + 2 }

    /// True without non-spatial axes.
    public var isImage: Bool { axes.isEmpty }

    /// Axis names including the spatial `lon` and `lat` first (Gammapy's `axes_names`).
    public var axesNames: [String] { ["lon", "lat"] + axes.names }

    /// The spatial geometry alone (Gammapy's `to_image`).
    public func toImage() -> Self { try! withAxes(MapAxes()) }

    /// The geometry with `axes` appended to its own (Gammapy's `to_cube`).
    public func toCube(_ axes: [MapAxis]) throws -> Self {
        try withAxes(self.axes.appending(MapAxes(axes)))
    }

    /// The axis called `axisName` squashed to one bin (Gammapy's `squash`).
    public func squash(axisName: String) throws -> Self { try withAxes(axes.squash(axisName)) }

    /// Without the axis called `axisName` (Gammapy's `drop`).
    public func dropAxis(_ axisName: String) throws -> Self { try withAxes(axes.drop(axisName)) }

    /// Non-spatial axes sliced by bin ranges (Gammapy's `slice_by_idx` with slices).
    public func sliceByIdx(_ ranges: [String: Range<Int>]) throws -> Self { try withAxes(axes.slice(ranges)) }
}
