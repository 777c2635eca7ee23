import DL3
import Foundation
import GammaMaps
import IRF
import Sky

/// Predicted background counts of one observation on a geometry with a reconstructed-energy axis
/// (Gammapy's `make_map_background_irf`): the background rate integrated over each energy bin
/// (power law between the bin's edges, Gammapy's `integrate_log_log`), times each pixel's solid
/// angle and the observation time.
///
/// Where the rate is looked up:
/// - `bkg_2d`: at each pixel centre's offset from the pointing;
/// - `bkg_3d` with FOVALIGN RADEC: at the pixel's FoV coordinates in Gammapy's `FoVICRSFrame`
///   around the pointing (longitude reflected with respect to astropy's `SkyOffsetFrame`);
///   REVERSE_LON_RADEC (H.E.S.S. DR1) takes the longitude the other way;
/// - `bkg_3d` with FOVALIGN ALTAZ: the FoV turns during the run, so the rate is evaluated in the
///   AltAz-aligned FoV frame (`FoVAltAzFrame`) at the times `fovRotationTimeSteps` gives (steps
///   of `fovRotationStep` degrees of field rotation from `timeStart` to `timeStart + ontime`),
///   integrated over time with the trapezoidal rule and divided by its span.
///
/// With `oversampling` the energy bins are first split into that many (log-spaced) bins and the
/// results summed back.
///
/// - Parameters:
///   - pointing: the observation's fixed pointing; drift runs are only supported for ALTAZ
///     backgrounds, as in Gammapy.
///   - ontime: observation time including dead time, seconds (Gammapy's
///     `observation_time_duration`).
///   - bkg: a `.bkg2D` or `.bkg3D` IRF, used as given (the maker fills missing data and pads the
///     offset axis before calling this).
///   - location: the observatory, needed for ALTAZ backgrounds.
///   - earthOrientation: UT1 − UTC and polar motion for the AltAz conversions (default zero;
///     astropy uses its IERS tables — the effect on the background is far below 1e-4).
public func makeMapBackgroundIRF(pointing: PointingMode, ontime: Double, bkg: AnyIRF, geom: WcsGeom, timeStart: Time,
                                 fovRotationStep: Double = 1, oversampling: Int? = nil, location: EarthLocation? = nil,
                                 earthOrientation: EarthOrientation = .zero) throws -> WcsNDMap<Double> {
    guard let energyAxis = geom.axes.first(where: { $0.name == "energy" }) else {
        throw MapMakingError(.unsupported, "the background needs a geometry with an energy axis; it has \(geom.axes.names)")
    }
    let factor = oversampling ?? 1
    guard factor >= 1 else { throw MapMakingError(.unsupported, "background oversampling must be at least 1, got \(factor)") }
    let fineAxis = factor > 1 ? try energyAxis.upsample(factor) : energyAxis
    let edges = try energyEdges(fineAxis, in: "TeV")
    let image = geom.toImage()

    // Rate integrated over the (fine) energy bins, [energy bin][pixel], and its unit.
    var integral: [Double]
    let integratedUnit: String
    switch bkg {
    case .bkg2D(let bkg2D):
        let origin = try fixedICRS(pointing)
        let offsets = IRFProjection.offsets(image, from: origin)
        integral = try BackgroundEvaluation(bkg2D.grid).integrate(energyEdges: edges, spatial: [offsets])
        integratedUnit = bkg2D.integratedUnit
    case .bkg3D(let bkg3D) where bkg3D.fovAlignment == .altAz:
        guard let location else {
            throw MapMakingError(.unsupported, "an ALTAZ-aligned background needs the observatory location (GEOLON/GEOLAT)")
        }
        let times = fovRotationTimeSteps(start: timeStart, stop: timeStart.adding(seconds: ontime),
                                         fovRotation: fovRotationStep, pointing: pointing, location: location,
                                         earthOrientation: earthOrientation)
        integral = try AltAzBackground.integrate(bkg3D, image: image, edges: edges, times: times, pointing: pointing,
                                                 location: location, earthOrientation: earthOrientation)
        integratedUnit = bkg3D.integratedUnit
    case .bkg3D(let bkg3D):
        let origin = try fixedICRS(pointing)
        // Gammapy: FoVICRSFrame fov_lon for RADEC, its negative for REVERSE_LON_RADEC
        let convention: FoVLongitudeConvention = bkg3D.fovAlignment == .reverseLonRaDec ? .skyOffsetFrame : .gammapyFoVFrame
        let fov = ImageGeometryCache.shared.fovOffsets(image, origin: origin, convention: convention)
        integral = try BackgroundEvaluation(bkg3D.grid).integrate(energyEdges: edges, spatial: [fov.lon, fov.lat])
        integratedUnit = bkg3D.integratedUnit
    default:
        throw MapMakingError(.unsupported, "the background must be a bkg_2d or bkg_3d IRF, not \(bkg.kind.rawValue)")
    }
    guard let toCounts = UnitConversion.factor(from: integratedUnit + " sr s", to: "") else {
        throw MapMakingError(.unsupported, "the background unit '\(integratedUnit)' times sr s is not dimensionless")
    }

    // × solid angle, × ontime, summed back to the geometry's bins, then to counts (Gammapy's order)
    let solidAngle = ImageGeometryCache.shared.solidAngle(image)
    let npix = solidAngle.count
    let nBins = energyAxis.nbin
    var values: [Double]
    if factor == 1 {
        // in place: the integral's own array (a copy would be a new 5 MB map)
        values = integral
        integral = []
        precondition(values.count == nBins * npix, "background integrals of \(values.count) values for \(nBins) bins × \(npix) pixels")
        values.withUnsafeMutableBufferPointer { v in
            solidAngle.withUnsafeBufferPointer { solidAngle in
                for e in 0..<nBins {
                    let plane = v.baseAddress! + e * npix
                    for p in 0..<npix { plane[p] = (plane[p] * solidAngle[p]) * ontime }
                }
            }
        }
    } else {
        // Gammapy's downsample along energy: nansum over the fine bins
        values = [Double](repeating: 0, count: nBins * npix)
        for e in 0..<nBins {
            for p in 0..<npix {
                var sum = 0.0
                for k in 0..<factor {
                    let v = (integral[(e * factor + k) * npix + p] * solidAngle[p]) * ontime
                    sum += v.isNaN ? 0 : v
                }
                values[e * npix + p] = sum
            }
        }
    }
    if toCounts != 1 { for i in values.indices { values[i] *= toCounts } }
    let data = try IRFProjection.broadcast(values, along: "energy", to: geom)
    return try WcsNDMap(geom: geom, data: data, unit: "")
}

/// The fixed ICRS pointing of a tracking run; drift runs have none (Gammapy raises
/// NotImplementedError for their RADEC backgrounds).
func fixedICRS(_ pointing: PointingMode) throws -> SkyCoord {
    switch pointing {
    case .pointing(let ra, let dec): return SkyCoord(ra: ra, dec: dec)
    case .drift:
        throw MapMakingError(.unsupported, "drift pointing mode is not supported for the background of a RADEC-aligned or bkg_2d model")
    }
}
