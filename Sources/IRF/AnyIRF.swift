import FITSIO

/// Any IRF that GammaKit reads, as loaded from one HDU.
public enum AnyIRF: Sendable {
    case aeff2D(EffectiveAreaTable2D)
    case edisp2D(EnergyDispersion2D)
    case psfTable(PSFTable)
    case psf3Gauss(PSF3Gauss)
    case psfKing(PSFKing)
    case bkg2D(Background2D)
    case bkg3D(Background3D)
    case radMax2D(RadMax2D)

    /// Reads an IRF HDU. `kind` is the class from the HDU index (`HDU_CLASS`); without it the
    /// class comes from the header's HDUCLAS2/HDUCLAS4, as Gammapy's `load_irf_dict_from_file`.
    public init(table: FITSTable, kind: IRFKind? = nil) throws {
        switch try kind ?? IRFKind(header: table.header) {
        case .aeff2D: self = .aeff2D(try EffectiveAreaTable2D(table: table))
        case .edisp2D: self = .edisp2D(try EnergyDispersion2D(table: table))
        case .psfTable: self = .psfTable(try PSFTable(table: table))
        case .psf3Gauss: self = .psf3Gauss(try PSF3Gauss(table: table))
        case .psfKing: self = .psfKing(try PSFKing(table: table))
        case .bkg2D: self = .bkg2D(try Background2D(table: table))
        case .bkg3D: self = .bkg3D(try Background3D(table: table))
        case .radMax2D: self = .radMax2D(try RadMax2D(table: table))
        }
    }

    /// Reads the IRF in HDU `hdu` of `file`; `hduClass` as in an HDU index (`aeff_2d`, ...).
    public init(file: FITSFile, hdu: String, hduClass: String? = nil) throws {
        let table = try file.table(hdu)
        var kind: IRFKind?
        if let hduClass {
            guard let k = IRFKind(rawValue: hduClass.lowercased()) else {
                throw IRFError(.unknownClass, table, "HDU class '\(hduClass)' is no IRF class GammaKit reads "
                                   + "(known: \(IRFKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            kind = k
        }
        try self.init(table: table, kind: kind)
    }

    public var kind: IRFKind {
        switch self {
        case .aeff2D: return .aeff2D
        case .edisp2D: return .edisp2D
        case .psfTable: return .psfTable
        case .psf3Gauss: return .psf3Gauss
        case .psfKing: return .psfKing
        case .bkg2D: return .bkg2D
        case .bkg3D: return .bkg3D
        case .radMax2D: return .radMax2D
        }
    }

    /// HDUCLAS3 = POINT-LIKE (RAD_MAX tables are point-like by definition).
    public var isPointLike: Bool {
        switch self {
        case .aeff2D(let x): return x.isPointLike
        case .edisp2D(let x): return x.isPointLike
        case .psfTable(let x): return x.isPointLike
        case .psf3Gauss(let x): return x.isPointLike
        case .psfKing(let x): return x.isPointLike
        case .bkg2D(let x): return x.isPointLike
        case .bkg3D(let x): return x.isPointLike
        case .radMax2D: return true
        }
    }

    /// Every IRF of a file whose HDUCLAS1 is RESPONSE, the first of each type (aeff, edisp, psf,
    /// bkg, rad_max), as Gammapy's `load_irf_dict_from_file`; HDUs of unknown classes are skipped.
    /// A point-like file without a RAD_MAX table gets the fixed cut of its effective area.
    public static func loadAll(from file: FITSFile) throws -> [String: AnyIRF] {
        var result: [String: AnyIRF] = [:]
        var pointLike = false
        for hdu in file.hdus where hdu.kind == .binaryTable {
            guard hdu.header.string("HDUCLAS1")?.trimmingBlanks().lowercased() == "response" else { continue }
            pointLike = pointLike || GADFTable.isPointLike(hdu.header)
            guard let kind = try? IRFKind(header: hdu.header), result[kind.hduType] == nil else { continue }
            result[kind.hduType] = try AnyIRF(table: file.table(at: hdu.index), kind: kind)
        }
        if pointLike, result["rad_max"] == nil, case .aeff2D(let aeff)? = result["aeff"] {
            result["rad_max"] = .radMax2D(try RadMax2D(fixedFrom: aeff))
        }
        return result
    }
}
