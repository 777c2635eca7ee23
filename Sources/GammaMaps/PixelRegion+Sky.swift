import Foundation
import Sky

extension PixelRegion {
    /// The region on the sky, as astropy-regions' `to_sky(wcs)`: the centre projected back,
    /// sizes scaled by the pixel scale along north at that centre, angles made relative to
    /// north (the inverse of `SkyRegion.toPixel`). Positions are in `geom`'s frame.
    public func toSky(_ geom: WcsGeom) -> SkyRegion {
        func sky(_ x: Double, _ y: Double) -> SkyCoord {
            let w = geom.pixelToWorld(x: [x], y: [y])
            return SkyCoord(lon: w.lon[0], lat: w.lat[0], frame: geom.frame)
        }
        // (pixels × arcsec/pixel) arcsec → degrees
        let arcsecToDeg = 1.0 / 3600
        switch shape {
        case .circle(let x, let y, let r):
            let c = sky(x, y)
            let s = SkyRegion.scaleAndAngle(c, geom)
            return SkyRegion(.circle(center: c, radius: r * s.scale * arcsecToDeg), include: include)
        case .circleAnnulus(let x, let y, let inner, let outer):
            let c = sky(x, y)
            let s = SkyRegion.scaleAndAngle(c, geom)
            return SkyRegion(.circleAnnulus(center: c, innerRadius: inner * s.scale * arcsecToDeg,
                                            outerRadius: outer * s.scale * arcsecToDeg), include: include)
        case .ellipse(let x, let y, let w, let h, let angle):
            let c = sky(x, y)
            let s = SkyRegion.scaleAndAngle(c, geom)
            return SkyRegion(.ellipse(center: c, width: w * s.scale * arcsecToDeg, height: h * s.scale * arcsecToDeg,
                                      angle: angle - (s.northAngle - 90)), include: include)
        case .rectangle(let x, let y, let w, let h, let angle):
            let c = sky(x, y)
            let s = SkyRegion.scaleAndAngle(c, geom)
            return SkyRegion(.rectangle(center: c, width: w * s.scale * arcsecToDeg, height: h * s.scale * arcsecToDeg,
                                        angle: angle - (s.northAngle - 90)), include: include)
        case .polygon(let xs, let ys):
            return SkyRegion(.polygon(vertices: zip(xs, ys).map { sky($0, $1) }), include: include)
        case .point(let x, let y):
            return SkyRegion(.point(center: sky(x, y)), include: include)
        case .compound(let op, let a, let b):
            return SkyRegion(.compound(op, a.toSky(geom), b.toSky(geom)), include: include)
        }
    }
}
