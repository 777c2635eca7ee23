import Foundation
import Makers

/// `datasets.background.parameters` decoded with the configuration, by method, into the values
/// the makers take (Gammapy passes them to its makers as keyword arguments, which reject any
/// other): unknown keys and bad values are errors naming `datasets.background.parameters.<key>`.
public enum BackgroundParameters: Sendable, Equatable {
    case none
    case fovBackground(FoVBackground)
    case ring(Ring)
    case adaptiveRing(AdaptiveRing)
    case reflected(Reflected)

    /// FoVBackgroundMaker(method, min_counts, min_npred_background); spectral_model pl-norm only.
    public struct FoVBackground: Sendable, Equatable {
        public var method = FoVBackgroundMaker.Method.scale
        public var minCounts = 0.0
        public var minNpredBackground = 0.0
    }

    /// RingBackgroundMaker(r_in, width), degrees.
    public struct Ring: Sendable, Equatable {
        public var rIn: Double
        public var width: Double
    }

    /// AdaptiveRingBackgroundMaker's parameters (our extension), degrees; Gammapy's defaults.
    public struct AdaptiveRing: Sendable, Equatable {
        public var rIn: Double
        public var rOutMax: Double
        public var width: Double
        public var stepsize = 0.02
        public var thresholdAlpha = 0.1
        public var theta = 0.22
        public var method = AdaptiveRingBackgroundMaker.Method.fixedWidth
    }

    /// ReflectedRegionsBackgroundMaker's finder: Gammapy's reflected-regions finder (angles in
    /// radians, as the finder takes them; Gammapy's defaults 0.1 rad, 0, 0.1 rad, 10000), or our
    /// extension `regions_finder: wobble` with `n_off_regions`; `binsz` in degrees.
    public struct Reflected: Sendable, Equatable {
        public enum Finder: Sendable, Equatable {
            case reflected(angleIncrement: Double, minDistance: Double, minDistanceInput: Double, maxRegionNumber: Int)
            case wobble(nOffRegions: Int)
        }

        public var finder = Finder.reflected(angleIncrement: 0.1, minDistance: 0, minDistanceInput: 0.1, maxRegionNumber: 10000)
        public var binsz = 0.01
    }

    static let section = "datasets.background.parameters"

    init(method: BackgroundMethod?, values: [String: ConfigValue]) throws {
        let p = MakerParameters(values: values, section: Self.section)
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T? where T.RawValue == String {
            guard let name = try p.string(key) else { return nil }
            guard let value = T(rawValue: name) else {
                throw ConfigError(key: "\(Self.section).\(key)", "\(key) must be \(T.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")), got '\(name)'")
            }
            return value
        }
        switch method {
        case nil:
            self = .none
        case .fovBackground:
            try p.check(allowed: ["method", "spectral_model", "min_counts", "min_npred_background"])
            if let model = try p.string("spectral_model"), !["pl-norm", "PowerLawNormSpectralModel"].contains(model) {
                throw ConfigError(key: "\(Self.section).spectral_model", "only 'pl-norm' is supported, got '\(model)'")
            }
            var fov = FoVBackground()
            fov.method = try choice("method", FoVBackgroundMaker.Method.self) ?? fov.method
            fov.minCounts = try p.double("min_counts") ?? 0
            fov.minNpredBackground = try p.double("min_npred_background") ?? 0
            self = .fovBackground(fov)
        case .ring:
            try p.check(allowed: ["r_in", "width"])
            guard let rIn = try p.angle("r_in"), let width = try p.angle("width") else {
                throw ConfigError(key: Self.section, "the ring background needs r_in and width")
            }
            self = .ring(Ring(rIn: rIn, width: width))
        case .adaptiveRing:
            try p.check(allowed: ["r_in", "r_out_max", "width", "stepsize", "threshold_alpha", "theta", "method"])
            guard let rIn = try p.angle("r_in"), let rOutMax = try p.angle("r_out_max"), let width = try p.angle("width") else {
                throw ConfigError(key: Self.section, "the adaptive ring background needs r_in, r_out_max and width")
            }
            var ring = AdaptiveRing(rIn: rIn, rOutMax: rOutMax, width: width)
            ring.stepsize = try p.angle("stepsize") ?? ring.stepsize
            ring.thresholdAlpha = try p.double("threshold_alpha") ?? ring.thresholdAlpha
            ring.theta = try p.angle("theta") ?? ring.theta
            ring.method = try choice("method", AdaptiveRingBackgroundMaker.Method.self) ?? ring.method
            self = .adaptiveRing(ring)
        case .reflected:
            try p.check(allowed: ["angle_increment", "min_distance", "min_distance_input", "max_region_number", "binsz",
                                  "regions_finder", "n_off_regions"])
            var reflected = Reflected()
            reflected.binsz = try p.angle("binsz") ?? reflected.binsz
            switch try p.string("regions_finder") ?? "reflected" {
            case "reflected":
                let toRadians = Double.pi / 180
                reflected.finder = .reflected(angleIncrement: (try p.angle("angle_increment")).map { $0 * toRadians } ?? 0.1,
                                              minDistance: (try p.angle("min_distance")).map { $0 * toRadians } ?? 0,
                                              minDistanceInput: (try p.angle("min_distance_input")).map { $0 * toRadians } ?? 0.1,
                                              maxRegionNumber: Int(try p.double("max_region_number") ?? 10000))
            case "wobble":
                guard let n = try p.double("n_off_regions") else {
                    throw ConfigError(key: "\(Self.section).n_off_regions", "the wobble finder needs n_off_regions")
                }
                reflected.finder = .wobble(nOffRegions: Int(n))
            case let other:
                throw ConfigError(key: "\(Self.section).regions_finder", "'\(other)' is not a regions finder; choose reflected or wobble")
            }
            self = .reflected(reflected)
        }
    }
}
