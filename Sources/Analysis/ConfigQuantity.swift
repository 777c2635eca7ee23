/// A number with a unit as the configuration writes it ("0.02 deg", "1 TeV"), as astropy
/// parses Gammapy's AngleType and EnergyType.
public struct EnergyQuantity: Sendable, Equatable {
    public var value: Double
    /// TeV, GeV, MeV, keV or eV.
    public var unit: String

    public init(_ value: Double, _ unit: String) {
        self.value = value
        self.unit = unit
    }

    static let unitsInTeV: [String: Double] = ["TeV": 1, "GeV": 1e-3, "MeV": 1e-6, "keV": 1e-9, "eV": 1e-12, "PeV": 1e3]

    /// The value converted to another energy unit.
    public func value(in other: String) -> Double {
        value * (Self.unitsInTeV[unit] ?? .nan) / (Self.unitsInTeV[other] ?? .nan)
    }

    public var teV: Double { value(in: "TeV") }
}

enum ConfigQuantity {
    static let angleUnitsInDegrees: [String: Double] = ["deg": 1, "arcmin": 1.0 / 60, "arcsec": 1.0 / 3600,
                                                        "rad": 180 / Double.pi, "mas": 1.0 / 3_600_000]

    /// Splits "12.5 deg" into (12.5, "deg").
    static func split(_ text: String) -> (Double, String)? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let value = Double(parts[0]) else { return nil }
        return (value, String(parts[1]))
    }

    /// An angle in degrees.
    static func angle(_ text: String, key: String) throws -> Double {
        guard let (value, unit) = split(text), let scale = angleUnitsInDegrees[unit] else {
            throw ConfigError(key: key, "'\(text)' is not an angle: write a number and a unit, e.g. '0.02 deg' (units: deg, arcmin, arcsec, rad)")
        }
        guard value.isFinite else { throw ConfigError(key: key, "'\(text)' is not a finite angle") }
        return value * scale
    }

    static func energy(_ text: String, key: String) throws -> EnergyQuantity {
        guard let (value, unit) = split(text), EnergyQuantity.unitsInTeV[unit] != nil else {
            throw ConfigError(key: key, "'\(text)' is not an energy: write a number and a unit, e.g. '1 TeV' (units: eV, keV, MeV, GeV, TeV, PeV)")
        }
        guard value.isFinite else { throw ConfigError(key: key, "'\(text)' is not a finite energy") }
        guard value > 0 else { throw ConfigError(key: key, "energies must be positive, got '\(text)'") }
        return EnergyQuantity(value, unit)
    }
}
