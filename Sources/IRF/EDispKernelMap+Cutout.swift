import GammaMaps
import Sky

extension EDispKernelMap {
    /// The kernel and exposure maps cut out around `position` (Gammapy's `IRFMap.cutout`,
    /// at least `minNpix` pixels wide); see `PSFMap.cutout`.
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim, minNpix: Double = 3) throws -> EDispKernelMap {
        EDispKernelMap(edispKernelMap: try edispKernelMap.cutout(position: position, width: width, mode: mode, minNpix: minNpix),
                       exposureMap: try exposureMap?.cutout(position: position, width: width, mode: mode, minNpix: minNpix))
    }
}
