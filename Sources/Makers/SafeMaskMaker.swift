import DL3
import Datasets
import GammaMaps
import Sky

/// Makes the safe data-range mask of a dataset (Gammapy's `SafeMaskMaker`).
///
/// `run` starts from the dataset's safe mask (all true when it has none), removes bins whose
/// background is not finite or not positive (always, when there is a background map), then
/// keeps only what every selected method allows (logical and):
///
/// - `aeff-default`: reconstructed-energy bins inside the LO_THRES–HI_THRES range of the
///   observation's effective area (TeV; a missing or zero keyword leaves that side open);
/// - `aeff-max`: bins above the true energy where the effective area reaches `aeffPercent` % of
///   its maximum;
/// - `edisp-bias`: bins above the energy where the energy bias falls to `biasPercent` %;
/// - `offset-max`: pixels closer than `offsetMax` to the pointing at the middle of the first GTI;
/// - `bkg-peak`: bins above the lower edge of the bin where the background spectrum peaks.
///
/// As in Gammapy, an energy bin counts as inside a range only when it lies entirely inside, and
/// the energy thresholds (true energies) are applied to reconstructed energy. `aeff-max` and
/// `edisp-bias` look at the IRFs at `position`, at `fixedOffset` from the pointing (to the
/// north), or at the map centre — with `irfs == .dl4` in the dataset's exposure and energy
/// dispersion maps (nearest pixel), with `.dl3` in the observation's IRFs at the offset of that
/// position (0 without `position` or `fixedOffset`). `bkg-peak` uses the dataset's predicted
/// background summed over the map (DL4) or the observation's background integrated over the
/// field of view (DL3).
public struct SafeMaskMaker: DatasetMaker {
    public static let tag = "SafeMaskMaker"

    /// Gammapy's DatasetsMaker cuts out twice `offsetMax` around each pointing (whether or not
    /// the offset-max method is used).
    public var cutoutWidth: Double? { 2 * offsetMax }

    /// The methods, spelled as in Gammapy's `methods=[...]`.
    public enum Method: String, Sendable, CaseIterable, Hashable {
        case aeffDefault = "aeff-default"
        case aeffMax = "aeff-max"
        case edispBias = "edisp-bias"
        case offsetMax = "offset-max"
        case bkgPeak = "bkg-peak"
    }

    /// Reprojected dataset IRFs (`DL4`) or the observation's own (`DL3`).
    public enum IRFs: String, Sendable, CaseIterable {
        case dl3 = "DL3"
        case dl4 = "DL4"
    }

    public var methods: Set<Method>
    /// Percentage of the maximal effective area for `aeff-max`.
    public var aeffPercent: Double
    /// Percentage of energy bias for `edisp-bias`.
    public var biasPercent: Double
    /// Where `aeff-max` and `edisp-bias` look (exclusive with `fixedOffset`).
    public var position: SkyCoord?
    /// Offset from the pointing (degrees) at which `aeff-max` and `edisp-bias` look.
    public var fixedOffset: Double?
    /// Maximum offset from the pointing (degrees) for `offset-max`.
    public var offsetMax: Double
    public var irfs: IRFs

    /// - Throws: `SafeMaskError` when both `position` and `fixedOffset` are given (Gammapy:
    ///   "mutually exclusive").
    public init(methods: Set<Method> = [.aeffDefault], aeffPercent: Double = 10, biasPercent: Double = 10,
                position: SkyCoord? = nil, fixedOffset: Double? = nil, offsetMax: Double = 3, irfs: IRFs = .dl4) throws {
        if position != nil && fixedOffset != nil {
            throw SafeMaskError("`position` and `fixedOffset` are mutually exclusive")
        }
        self.methods = methods
        self.aeffPercent = aeffPercent
        self.biasPercent = biasPercent
        self.position = position
        self.fixedOffset = fixedOffset
        self.offsetMax = offsetMax
        self.irfs = irfs
    }

    /// A maker from Gammapy's method names (`["aeff-default", "offset-max"]`).
    /// - Throws: `SafeMaskError` naming an unknown method.
    public init(methodNames: [String], aeffPercent: Double = 10, biasPercent: Double = 10, position: SkyCoord? = nil,
                fixedOffset: Double? = nil, offsetMax: Double = 3, irfs: IRFs = .dl4) throws {
        var methods = Set<Method>()
        for name in methodNames {
            guard let method = Method(rawValue: name) else {
                throw SafeMaskError("'\(name)' is not a valid method; choose from \(Method.allCases.map(\.rawValue))")
            }
            methods.insert(method)
        }
        try self.init(methods: methods, aeffPercent: aeffPercent, biasPercent: biasPercent, position: position,
                      fixedOffset: fixedOffset, offsetMax: offsetMax, irfs: irfs)
    }

    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation) throws -> MapDataset<WcsGeom> {
        try run(dataset, observation: Optional(observation))
    }

    /// The dataset with its safe mask made (Gammapy's `SafeMaskMaker.run`); `observation` may be
    /// nil for the DL4 methods that do not need one (`aeff-max` and `edisp-bias` without
    /// `fixedOffset`, `bkg-peak`).
    public func run(_ dataset: MapDataset<WcsGeom>, observation: Observation?) throws -> MapDataset<WcsGeom> {
        if irfs == .dl3 && observation == nil {
            throw SafeMaskError("an observation is required with DL3 IRFs")
        }
        let geom = try dataset.geom
        var mask = dataset.maskSafe?.data ?? [Bool](repeating: true, count: geom.dataCount)
        // (both check that the sizes agree)
        func and(_ other: [Bool]) { MaskLogic.formAnd(&mask, other) }
        if let background = dataset.background { MaskLogic.formAndPositiveFinite(&mask, background.data) }
        if methods.contains(.offsetMax) { and(try maskOffsetMax(geom, observation)) }
        if methods.contains(.aeffDefault) { and(try maskAeffDefault(geom, observation)) }
        if methods.contains(.aeffMax) { and(try maskAeffMax(dataset, geom, observation)) }
        if methods.contains(.edispBias) { and(try maskEDispBias(dataset, geom, observation)) }
        if methods.contains(.bkgPeak) { and(try maskBkgPeak(dataset, geom, observation)) }
        var result = dataset
        result.maskSafe = try WcsNDMap<Bool>(geom: geom, data: mask)
        return result
    }
}

/// An error of the safe-mask maker (bad configuration, missing input).
public struct SafeMaskError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "SafeMaskMaker: \(message)" }
}
