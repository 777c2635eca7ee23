/// How the telescopes pointed during an observation (GADF `OBS_MODE`).
public enum PointingMode: Sendable, Equatable {
    /// Tracking a fixed sky position (RA_PNT, DEC_PNT): POINTING, WOBBLE, ON, OFF, ...
    case pointing(ra: Double, dec: Double)
    /// A fixed horizontal position (ALT_PNT, AZ_PNT, degrees) while the sky drifts.
    case drift(alt: Double, az: Double)
}
