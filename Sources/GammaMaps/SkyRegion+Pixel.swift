import Foundation
import Sky

extension SkyRegion {
    /// The region in `geom`'s pixel coordinates, as astropy-regions' `to_pixel(wcs)` makes it.
    ///
    /// Sizes are converted with the pixel scale *at the region's centre* along north
    /// (regions' `pixel_scale_angle_at_skycoord`): the centre and a point 1″ north of it (in
    /// the region's own frame) are projected; the pixel distance between them gives the scale,
    /// their direction the angle of north, which is added to rotation angles minus 90°.
    /// Polygon vertices are projected one by one. Positions in another frame are converted
    /// to the geometry's first.
    public func toPixel(_ geom: WcsGeom) -> PixelRegion {
        switch shape {
        case .circle(let center, let radius):
            let s = Self.scaleAndAngle(center, geom)
            return PixelRegion(.circle(x: s.x, y: s.y, radius: s.pixels(radius)), include: include)
        case .circleAnnulus(let center, let inner, let outer):
            let s = Self.scaleAndAngle(center, geom)
            return PixelRegion(.circleAnnulus(x: s.x, y: s.y, innerRadius: s.pixels(inner), outerRadius: s.pixels(outer)),
                               include: include)
        case .ellipse(let center, let width, let height, let angle):
            let s = Self.scaleAndAngle(center, geom)
            return PixelRegion(.ellipse(x: s.x, y: s.y, width: s.pixels(width), height: s.pixels(height),
                                        angle: angle + (s.northAngle - 90)), include: include)
        case .rectangle(let center, let width, let height, let angle):
            let s = Self.scaleAndAngle(center, geom)
            return PixelRegion(.rectangle(x: s.x, y: s.y, width: s.pixels(width), height: s.pixels(height),
                                          angle: angle + (s.northAngle - 90)), include: include)
        case .polygon(let vertices):
            var xs: [Double] = [], ys: [Double] = []
            for v in vertices {
                let p = geom.worldToPixel(v)
                xs.append(p.x)
                ys.append(p.y)
            }
            return PixelRegion(.polygon(x: xs, y: ys), include: include)
        case .point(let center):
            let p = geom.worldToPixel(center)
            return PixelRegion(.point(x: p.x, y: p.y), include: include)
        case .compound(let op, let a, let b):
            return PixelRegion(.compound(op, a.toPixel(geom), b.toPixel(geom)), include: include)
        }
    }

    /// Whether each sky position lies in the region, decided in `geom`'s pixel space
    /// (regions' `SkyRegion.contains(skycoord, wcs)`).
    public func contains(lon: [Double], lat: [Double], frame: SkyFrame, in geom: WcsGeom) -> [Bool] {
        let pixel = toPixel(geom)
        let p = geom.worldToPixel(lon: lon, lat: lat, frame: frame)
        return pixel.contains(x: p.x, y: p.y)
    }

    /// regions' `pixel_scale_angle_at_skycoord`: pixel position of `center`, pixel scale in
    /// arcsec per pixel along north, and the angle of north from the x axis in degrees.
    struct ScaleAndAngle {
        var x: Double, y: Double
        /// arcsec per pixel
        var scale: Double
        var northAngle: Double

        /// An angle in degrees as pixels (`(angle / scale).to(pix)`).
        func pixels(_ degrees: Double) -> Double { degrees / scale * 3600 }
    }

    static func scaleAndAngle(_ center: SkyCoord, _ geom: WcsGeom) -> ScaleAndAngle {
        let p = geom.worldToPixel(center)
        let north = center.directionalOffset(positionAngle: 0, separation: 1.0 / 3600)
        let q = geom.worldToPixel(north)
        let dx = q.x - p.x, dy = q.y - p.y
        let scale = 1.0 / hypot(dx, dy)
        let angle = atan2(dy, dx) * (180 / Double.pi)
        return ScaleAndAngle(x: p.x, y: p.y, scale: scale, northAngle: angle)
    }
}
