import GammaMaps
import Sky

extension MapDatasetGeoms {
    /// The geometries `MapDataset.cutout` would give the dataset's maps, without touching any
    /// data: counts/background/mask and exposure geometries cut as `WcsNDMap.cutout` cuts them,
    /// PSF and energy-dispersion geometries at least 3 pixels wide as `IRFMap.cutout`. Throws
    /// exactly where the data cutout would (`MapError(.noOverlap)`).
    public func cutout(position: SkyCoord, width: LonLat<Double>, mode: CutoutMode = .trim) throws -> MapDatasetGeoms {
        func cut(_ g: WcsGeom, minNpix: Double) throws -> WcsGeom {
            let result = try g.cutout(position: position, width: width, mode: mode, minNpix: minNpix)
            _ = try result.cutoutSlices(in: g, mode: mode)
            return result
        }
        return MapDatasetGeoms(geom: try cut(geom, minNpix: 1), exposure: try exposure.map { try cut($0, minNpix: 1) },
                               psf: try psf.map { try cut($0, minNpix: 3) }, edisp: try edisp.map { try cut($0, minNpix: 3) })
    }
}

extension MapDataset<WcsGeom> {
    /// The geometries of the dataset's maps (counts; exposure; PSF; energy dispersion), nil for
    /// a dataset without counts.
    public var geometries: MapDatasetGeoms? {
        guard let geom = counts?.geom ?? background?.geom else { return nil }
        let edispGeom: WcsGeom?
        switch edisp {
        case .kernel(let map): edispGeom = map.edispKernelMap.geom
        case .migra(let map): edispGeom = map.edispMap.geom
        case nil: edispGeom = nil
        }
        return MapDatasetGeoms(geom: geom, exposure: exposure?.geom, psf: psf?.psfMap.geom, edisp: edispGeom)
    }
}
