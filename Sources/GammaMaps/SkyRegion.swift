import Foundation
import Sky

/// How a compound region combines its two parts (astropy-regions' `CompoundSkyRegion`
/// operators: `|`, `&`, `^`; `difference` is `a & ~b`, which regions builds only through a
/// custom operator).
public enum RegionOperator: String, Sendable, Equatable {
    case union
    case intersection
    case symmetricDifference = "xor"
    case difference

    @inline(__always)
    func apply(_ a: Bool, _ b: Bool) -> Bool {
        switch self {
        case .union: return a || b
        case .intersection: return a && b
        case .symmetricDifference: return a != b
        case .difference: return a && !b
        }
    }
}

/// A region on the sky, as astropy-regions' sky regions (the ones Gammapy uses for on/off
/// regions and exclusion masks). Sizes and angles are in degrees; a rotation `angle` is
/// measured counter-clockwise from the longitude axis of the WCS the region is projected
/// into, as regions defines it. `include == false` (DS9's leading `-`) inverts `contains`.
public struct SkyRegion: Sendable, Equatable {
    public indirect enum Shape: Sendable, Equatable {
        /// A circle of `radius` degrees.
        case circle(center: SkyCoord, radius: Double)
        /// The ring `innerRadius ≤ r < outerRadius` (regions' `CircleAnnulusSkyRegion`).
        case circleAnnulus(center: SkyCoord, innerRadius: Double, outerRadius: Double)
        /// An ellipse of full axes `width` (along the rotated x axis) and `height`.
        case ellipse(center: SkyCoord, width: Double, height: Double, angle: Double)
        /// A rectangle (DS9's `box`) of `width` × `height`.
        case rectangle(center: SkyCoord, width: Double, height: Double, angle: Double)
        /// A polygon through `vertices` (even–odd rule in pixel space).
        case polygon(vertices: [SkyCoord])
        /// A point: contains nothing, but marks its pixel in `WcsGeom.regionMask`.
        case point(center: SkyCoord)
        /// Two regions combined by an operator (regions' `CompoundSkyRegion`).
        case compound(RegionOperator, SkyRegion, SkyRegion)
    }

    public var shape: Shape
    /// False for an exclusion region (DS9 `-circle(...)` or `# include=0`).
    public var include: Bool

    public init(_ shape: Shape, include: Bool = true) {
        self.shape = shape
        self.include = include
    }

    public static func circle(center: SkyCoord, radius: Double) -> SkyRegion {
        SkyRegion(.circle(center: center, radius: radius))
    }

    public static func circleAnnulus(center: SkyCoord, innerRadius: Double, outerRadius: Double) -> SkyRegion {
        SkyRegion(.circleAnnulus(center: center, innerRadius: innerRadius, outerRadius: outerRadius))
    }

    public static func ellipse(center: SkyCoord, width: Double, height: Double, angle: Double = 0) -> SkyRegion {
        SkyRegion(.ellipse(center: center, width: width, height: height, angle: angle))
    }

    public static func rectangle(center: SkyCoord, width: Double, height: Double, angle: Double = 0) -> SkyRegion {
        SkyRegion(.rectangle(center: center, width: width, height: height, angle: angle))
    }

    public static func polygon(vertices: [SkyCoord]) -> SkyRegion { SkyRegion(.polygon(vertices: vertices)) }

    public static func point(_ center: SkyCoord) -> SkyRegion { SkyRegion(.point(center: center)) }

    /// `self | other`.
    public func union(_ other: SkyRegion) -> SkyRegion { SkyRegion(.compound(.union, self, other)) }
    /// `self & other`.
    public func intersection(_ other: SkyRegion) -> SkyRegion { SkyRegion(.compound(.intersection, self, other)) }
    /// `self ^ other`.
    public func symmetricDifference(_ other: SkyRegion) -> SkyRegion { SkyRegion(.compound(.symmetricDifference, self, other)) }
    /// Inside `self` but not `other`.
    public func difference(_ other: SkyRegion) -> SkyRegion { SkyRegion(.compound(.difference, self, other)) }

    /// Checks sizes: radii, widths and heights positive and finite, inner radius below the
    /// outer, latitudes in [-90, 90], polygons with at least three vertices.
    public func validate() throws {
        func positive(_ v: Double, _ what: String) throws {
            guard v.isFinite && v > 0 else { throw MapError(.invalidArgument, subject: "region \(kind)", message: "\(what) must be positive, got \(v)") }
        }
        func sky(_ c: SkyCoord) throws {
            guard c.lon.isFinite, c.lat.isFinite, abs(c.lat) <= 90 else {
                throw MapError(.invalidArgument, subject: "region \(kind)", message: "invalid position \(c)")
            }
        }
        switch shape {
        case .circle(let c, let r): try sky(c); try positive(r, "radius")
        case .circleAnnulus(let c, let inner, let outer):
            try sky(c); try positive(inner, "inner radius"); try positive(outer, "outer radius")
            guard outer > inner else {
                throw MapError(.invalidArgument, subject: "region \(kind)", message: "outer radius must be greater than inner radius")
            }
        case .ellipse(let c, let w, let h, let a), .rectangle(let c, let w, let h, let a):
            try sky(c); try positive(w, "width"); try positive(h, "height")
            guard a.isFinite else { throw MapError(.invalidArgument, subject: "region \(kind)", message: "angle must be finite") }
        case .polygon(let vertices):
            guard vertices.count >= 3 else {
                throw MapError(.invalidArgument, subject: "region polygon", message: "needs at least 3 vertices, got \(vertices.count)")
            }
            for v in vertices { try sky(v) }
        case .point(let c): try sky(c)
        case .compound(_, let a, let b): try a.validate(); try b.validate()
        }
    }

    /// The shape's name (`circle`, `ellipse`, ...).
    public var kind: String {
        switch shape {
        case .circle: return "circle"
        case .circleAnnulus: return "annulus"
        case .ellipse: return "ellipse"
        case .rectangle: return "rectangle"
        case .polygon: return "polygon"
        case .point: return "point"
        case .compound(let op, _, _): return "compound (\(op.rawValue))"
        }
    }

    /// The region's centre; for a polygon the direction of the mean of its vertices' unit
    /// vectors (regions' polygons have no centre); for a compound the one of its first part
    /// (Gammapy uses a geometric median of all centres).
    public var center: SkyCoord {
        switch shape {
        case .circle(let c, _), .circleAnnulus(let c, _, _), .ellipse(let c, _, _, _), .rectangle(let c, _, _, _), .point(let c):
            return c
        case .polygon(let vertices):
            var x = 0.0, y = 0.0, z = 0.0
            for v in vertices {
                let lon = v.lon * .pi / 180, lat = v.lat * .pi / 180
                x += cos(lat) * cos(lon); y += cos(lat) * sin(lon); z += sin(lat)
            }
            return SkyCoord(lon: atan2(y, x) * 180 / .pi, lat: atan2(z, hypot(x, y)) * 180 / .pi, frame: vertices[0].frame)
        case .compound(_, let a, _):
            return a.center
        }
    }

    /// The parts of a union (Gammapy's `compound_region_to_regions`); other regions are
    /// returned alone.
    public var unionParts: [SkyRegion] {
        if case .compound(.union, let a, let b) = shape, include { return a.unionParts + b.unionParts }
        return [self]
    }

    /// Whether this region and its parts are all points.
    public var isAllPoints: Bool { unionParts.allSatisfy { if case .point = $0.shape { return true } else { return false } } }
}
