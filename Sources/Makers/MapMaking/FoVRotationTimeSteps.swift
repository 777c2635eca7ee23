import DL3
import Foundation
import Sky

/// The times at which Gammapy evaluates an ALTAZ-aligned background (its
/// `_compute_rotation_time_steps`): from `start`, steps during which a fixed sky position turns
/// by about `fovRotation` degrees in the AltAz-aligned field of view, up to `stop` (the last
/// time is `stop`).
///
/// Each step is `fovRotation · cos(alt) / (360°/day · cos(lat) · |cos(az)|)` with the pointing's
/// alt/az at the step's start and the observatory's geodetic latitude (the field rotation rate at
/// the pointing, taken as constant over the step), at least 1 s.
public func fovRotationTimeSteps(start: Time, stop: Time, fovRotation: Double, pointing: PointingMode,
                                 location: EarthLocation, earthOrientation: EarthOrientation = .zero) -> [Time] {
    let minimumStep = 1.0                                   // s
    let degreesPerSecond = 360.0 / Time.secondsPerDay       // Earth's rotation, deg/s
    let cosLatitude = Foundation.cos(Angle.radians(location.latitude))
    var time = start
    var times = [time]
    while time < stop {
        let altAz = pointingAltAz(pointing, at: time, location: location, earthOrientation: earthOrientation)
        let denominator = degreesPerSecond * cosLatitude * Swift.abs(Foundation.cos(Angle.radians(altAz.az)))
        var step = fovRotation * Foundation.cos(Angle.radians(altAz.alt)) / denominator
        if !(step >= minimumStep) && !step.isNaN { step = minimumStep }
        let next = step.isFinite ? time.adding(seconds: step) : stop
        time = next < stop ? next : stop
        times.append(time)
    }
    return times
}

/// Alt/az (deg) of a pointing at `time`: the fixed RA/Dec seen from `location`, or the fixed
/// alt/az of a drift run.
func pointingAltAz(_ pointing: PointingMode, at time: Time, location: EarthLocation,
                   earthOrientation: EarthOrientation = .zero) -> (alt: Double, az: Double) {
    switch pointing {
    case .pointing(let ra, let dec):
        return SkyCoord(ra: ra, dec: dec).altAz(at: time, location: location, earthOrientation: earthOrientation)
    case .drift(let alt, let az): return (alt, az)
    }
}
