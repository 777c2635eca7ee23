import GammaMaps
import Sky

extension PSFMap {
    /// The PSF and its exposure map cut out around `position` (Gammapy's `IRFMap.cutout`): each
    /// map by `WcsNDMap.cutout` on its own (coarse) geometry, at least `minNpix` pixels wide (3
    /// by default, so that interpolation inside a small analysis region still has neighbours).
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim, minNpix: Double = 3) throws -> PSFMap {
        PSFMap(psfMap: try psfMap.cutout(position: position, width: width, mode: mode, minNpix: minNpix),
               exposureMap: try exposureMap?.cutout(position: position, width: width, mode: mode, minNpix: minNpix))
    }
}
