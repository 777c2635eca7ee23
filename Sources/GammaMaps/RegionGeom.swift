import Foundation
import Sky

/// A sky region plus non-spatial axes: the geometry of spectra and of on/off datasets
/// (Gammapy's `RegionGeom`). It has one spatial bin; its data shape is
/// `(axis[n-1], ..., axis[0], 1, 1)`.
///
/// The region is projected into a tangent-plane (TAN) WCS to decide containment and compute
/// solid angles, as Gammapy does: unless one is given, the WCS is centred on the region with
/// `binszWcs` (0.1°) pixels and just wide enough for the region's pixel bounding box.
public struct RegionGeom: MapGeometry, CustomStringConvertible {
    /// The region; nil for a geometry without spatial definition (Gammapy's `region=None`).
    public let region: SkyRegion?
    public let axes: MapAxes
    /// The WCS the region is projected into (an image geometry).
    public let wcsGeom: WcsGeom?
    /// Centre of the region's pixel bounding box on the sky (Gammapy's `center_skydir`).
    public let centerSkyDir: SkyCoord
    /// Size of the bounding box in degrees (Gammapy's `width`).
    public let width: LonLat<Double>

    /// The projection Gammapy uses for region geometries.
    public static let projection = "TAN"

    /// A region geometry (Gammapy's `RegionGeom(region, axes, wcs, binsz_wcs)`).
    /// - Parameters:
    ///   - wcs: The WCS to project the region into; by default a TAN WCS of `binszWcs`
    ///     degree pixels around the region (see the type's description).
    ///   - binszWcs: Pixel size of the default WCS in degrees.
    public init(region: SkyRegion?, axes: [MapAxis] = [], wcs: WcsGeom? = nil, binszWcs: Double = 0.1) throws {
        try self.init(region: region, axes: MapAxes(axes), wcs: wcs, binszWcs: binszWcs)
    }

    public init(region: SkyRegion?, axes: MapAxes, wcs: WcsGeom? = nil, binszWcs: Double = 0.1) throws {
        guard binszWcs.isFinite && binszWcs > 0 else {
            throw MapError(.invalidArgument, subject: "binsz_wcs", message: "must be a positive number of degrees, got \(binszWcs)")
        }
        try region?.validate()
        self.region = region
        self.axes = axes
        guard let region else {
            wcsGeom = wcs?.toImage()
            centerSkyDir = SkyCoord(lon: .nan, lat: .nan)
            width = LonLat(.nan)
            return
        }
        if let wcs {
            let image = wcs.toImage()
            wcsGeom = image
            (centerSkyDir, width) = Self.boundingBox(region, image)
            return
        }
        let center = Self.regionCenter(region)
        // Gammapy: an all-sky TAN geometry first, to measure the region's bounding box ...
        let first = try WcsGeom.create(skydir: center, binsz: LonLat(binszWcs), frame: center.frame, proj: Self.projection)
        (centerSkyDir, width) = Self.boundingBox(region, first)
        // ... then one just wide enough for it
        wcsGeom = try WcsGeom.create(skydir: center, width: width, binsz: LonLat(binszWcs), frame: center.frame,
                                     proj: Self.projection)
    }

    /// A region geometry from a DS9 region string or regions (Gammapy's `RegionGeom.create` /
    /// `from_regions`): several regions are combined into their union.
    public static func create(_ ds9: String, axes: [MapAxis] = [], wcs: WcsGeom? = nil, binszWcs: Double = 0.1) throws -> RegionGeom {
        try fromRegions(SkyRegion.parseDS9(ds9), axes: axes, wcs: wcs, binszWcs: binszWcs)
    }

    /// The union of `regions` as one geometry (Gammapy's `from_regions`); no regions give a
    /// geometry without region.
    public static func fromRegions(_ regions: [SkyRegion], axes: [MapAxis] = [], wcs: WcsGeom? = nil,
                                   binszWcs: Double = 0.1) throws -> RegionGeom {
        guard var union = regions.first else { return try RegionGeom(region: nil, axes: axes, wcs: wcs, binszWcs: binszWcs) }
        for r in regions.dropFirst() { union = union.union(r) }
        return try RegionGeom(region: union, axes: axes, wcs: wcs, binszWcs: binszWcs)
    }

    public func withAxes(_ axes: MapAxes) throws -> RegionGeom {
        var copy = self
        copy.setAxes(axes)
        return copy
    }

    private mutating func setAxes(_ axes: MapAxes) {
        self = RegionGeom(region: region, axes: axes, wcsGeom: wcsGeom, centerSkyDir: centerSkyDir, width: width)
    }

    private init(region: SkyRegion?, axes: MapAxes, wcsGeom: WcsGeom?, centerSkyDir: SkyCoord, width: LonLat<Double>) {
        self.region = region
        self.axes = axes
        self.wcsGeom = wcsGeom
        self.centerSkyDir = centerSkyDir
        self.width = width
    }

    public var spatialShape: [Int] { [1, 1] }

    /// The frame of the region's centre (ICRS without region).
    public var frame: SkyFrame { region?.center.frame ?? wcsGeom?.frame ?? .icrs }

    /// Pixel size of the projection's WCS in degrees (Gammapy's `binsz_wcs`).
    public var binszWcs: LonLat<Double>? { wcsGeom?.pixelScales }

    /// Gammapy's `==`: same data shape and axes (regions are not compared, as in Gammapy).
    public static func == (a: RegionGeom, b: RegionGeom) -> Bool {
        a.dataShape == b.dataShape && a.axes == b.axes
    }

    /// Whether each sky position lies in the region (Gammapy's `contains`): decided in the
    /// geometry's WCS pixel space; a region made only of points contains everything.
    public func contains(lon: [Double], lat: [Double], frame: SkyFrame) throws -> [Bool] {
        guard let region, let wcsGeom else {
            throw MapError(.invalidArgument, subject: "RegionGeom", message: "region definition required")
        }
        if region.isAllPoints { return [Bool](repeating: true, count: lon.count) }
        return region.contains(lon: lon, lat: lat, frame: frame, in: wcsGeom)
    }

    /// Solid angle of the region in steradians (Gammapy's `solid_angle`): the pixel region's
    /// area times the WCS pixel area. A compound region has no analytic area: its pixels are
    /// counted on a WCS ten times finer, as Gammapy does.
    public func solidAngle() throws -> Double {
        guard let region, let wcsGeom else {
            throw MapError(.invalidArgument, subject: "RegionGeom", message: "region definition required")
        }
        let pixelArea = abs(wcsGeom.wcs.cdelt[0] * wcsGeom.wcs.cdelt[1])
        let sr = (Double.pi / 180) * (Double.pi / 180)
        if let area = region.toPixel(wcsGeom).area {
            return area * pixelArea * sr
        }
        let fine = try RegionGeom(region: region, axes: MapAxes(), binszWcs: wcsGeom.pixelScales.lon / 10)
        let pixel = region.toPixel(fine.wcsGeom!)
        let box = pixel.boundingBox
        var count = 0
        for j in box.iymin..<box.iymax {
            for i in box.ixmin..<box.ixmax where pixel.contains(x: Double(i), y: Double(j)) { count += 1 }
        }
        return Double(count) / 100 * pixelArea * sr
    }

    /// Solid angle times the axes' bin widths for each bin, flat in numpy order
    /// (Gammapy's `bin_volume`).
    public func binVolume() throws -> [Double] {
        let omega = try solidAngle()
        return axes.binVolume().map { omega * $0 }
    }

    /// Angular distance in degrees from the region's centre (Gammapy's `separation`).
    public func separation(from position: SkyCoord) -> Double { centerSkyDir.separation(to: position) }

    /// The smallest WCS geometry containing the region, with this geometry's axes (Gammapy's
    /// `to_wcs_geom`): a cutout of the region's WCS around its centre, at least `widthMin` wide.
    public func toWcsGeom(widthMin: LonLat<Double>? = nil) throws -> WcsGeom {
        guard let wcsGeom else {
            throw MapError(.invalidArgument, subject: "RegionGeom", message: "region definition required")
        }
        var w = width
        if let widthMin { w = LonLat(lon: max(w.lon, widthMin.lon), lat: max(w.lat, widthMin.lat)) }
        return try wcsGeom.cutout(position: centerSkyDir, width: w).withAxes(axes)
    }

    public var description: String {
        """
        RegionGeom

          region     : \(region?.kind ?? "None")
          axes       : \(axesNames)
          shape      : \(Array(dataShape.reversed()))
          ndim       : \(ndim)
          frame      : \(frame.rawValue)
          center     : \(String(format: "%.1f", centerSkyDir.lon)) deg, \(String(format: "%.1f", centerSkyDir.lat)) deg
        """
    }

    // MARK: Gammapy's bounding box

    /// Gammapy's `_rectangle_bbox`: the union of the parts' pixel bounding boxes in `geom`,
    /// as a rectangle converted back to the sky (centre and width in degrees).
    static func boundingBox(_ region: SkyRegion, _ geom: WcsGeom) -> (SkyCoord, LonLat<Double>) {
        var box: (ixmin: Int, ixmax: Int, iymin: Int, iymax: Int)? = nil
        for part in region.unionParts {
            let b = part.toPixel(geom).boundingBox
            box = box.map { (min($0.ixmin, b.ixmin), max($0.ixmax, b.ixmax), min($0.iymin, b.iymin), max($0.iymax, b.iymax)) } ?? b
        }
        let b = box!
        let cx = 0.5 * Double(b.ixmax - 1 + b.ixmin), cy = 0.5 * Double(b.iymax - 1 + b.iymin)
        var w = Double(b.ixmax - b.ixmin), h = Double(b.iymax - b.iymin)
        if w <= 0 || h <= 0 { (w, h) = (1, 1) }  // regions refuses an empty rectangle; Gammapy uses 1 × 1
        let world = geom.pixelToWorld(x: [cx], y: [cy])
        let center = SkyCoord(lon: world.lon[0], lat: world.lat[0], frame: geom.frame)
        let scale = SkyRegion.scaleAndAngle(center, geom).scale  // arcsec per pixel
        let arcsecToDeg = 1.0 / 3600
        return (center, LonLat(lon: w * scale * arcsecToDeg, lat: h * scale * arcsecToDeg))
    }

    /// The centre Gammapy projects a region around: its centre, or for a union of several
    /// regions the geometric median of their centres (Gammapy minimises the sum of
    /// separations with scipy's L-BFGS-B; here Weiszfeld's iteration on the unit sphere, in
    /// ICRS like Gammapy).
    static func regionCenter(_ region: SkyRegion) -> SkyCoord {
        let parts = region.unionParts
        if parts.count == 1 { return region.center }
        let points = parts.map { $0.center.transformed(to: .icrs) }
        func vector(_ c: SkyCoord) -> (Double, Double, Double) {
            let lon = c.lon * .pi / 180, lat = c.lat * .pi / 180
            return (cos(lat) * cos(lon), cos(lat) * sin(lon), sin(lat))
        }
        let vectors = points.map(vector)
        var m = vectors.reduce((0.0, 0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1, $0.2 + $1.2) }
        for _ in 0..<200 {
            var sum = (0.0, 0.0, 0.0)
            var weights = 0.0
            let norm = (m.0 * m.0 + m.1 * m.1 + m.2 * m.2).squareRoot()
            let u = (m.0 / norm, m.1 / norm, m.2 / norm)
            for v in vectors {
                let d = max(acos(min(1, max(-1, u.0 * v.0 + u.1 * v.1 + u.2 * v.2))), 1e-12)
                sum = (sum.0 + v.0 / d, sum.1 + v.1 / d, sum.2 + v.2 / d)
                weights += 1 / d
            }
            m = (sum.0 / weights, sum.1 / weights, sum.2 / weights)
        }
        return SkyCoord(lon: atan2(m.1, m.0) * 180 / .pi, lat: atan2(m.2, hypot(m.0, m.1)) * 180 / .pi, frame: .icrs)
    }
}

extension RegionGeom {
    /// Flat data index of each coordinate, -1 outside (Gammapy's `coord_to_pix` then
    /// `pix_to_idx`): the single spatial bin holds the positions inside the region (all
    /// positions for a geometry without region), then each axis bins its coordinate.
    public func flatIndices(_ coord: MapCoord) throws -> [Int] {
        var result: [Int]
        if region != nil {
            // Gammapy's MapCoord.create(coords, frame=self.frame): float32 events as astropy moves them
            let sky = coord.transformed(to: frame)
            result = try contains(lon: sky.lon, lat: sky.lat, frame: frame).map { $0 ? 0 : -1 }
        } else {
            result = [Int](repeating: 0, count: coord.count)
        }
        var stride = 1
        for axis in axes {
            let pix = axis.coordToPix(try coord.values(of: axis.name))
            for k in result.indices where result[k] >= 0 {
                let i = WcsGeom.pixelIndex(pix[k])
                result[k] = (i >= 0 && i < axis.nbin) ? result[k] + i * stride : -1
            }
            stride *= axis.nbin
        }
        return result
    }
}
