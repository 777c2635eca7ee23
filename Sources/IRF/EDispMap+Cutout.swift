import GammaMaps
import Sky

extension EDispMap {
    /// The migration and exposure maps cut out around `position` (Gammapy's `IRFMap.cutout`,
    /// at least `minNpix` pixels wide); see `PSFMap.cutout`.
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim, minNpix: Double = 3) throws -> EDispMap {
        EDispMap(edispMap: try edispMap.cutout(position: position, width: width, mode: mode, minNpix: minNpix),
                 exposureMap: try exposureMap?.cutout(position: position, width: width, mode: mode, minNpix: minNpix))
    }
}
