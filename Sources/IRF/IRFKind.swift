import FITSIO

/// The IRF classes of the gamma-astro-data-formats (GADF) DL3 specification that GammaKit reads,
/// spelled as Gammapy's `HDU_CLASS` (the values of an HDU index table).
///
/// See https://gamma-astro-data-formats.readthedocs.io/en/latest/irfs/full_enclosure/index.html
public enum IRFKind: String, Sendable, CaseIterable, Hashable {
    case aeff2D = "aeff_2d"
    case edisp2D = "edisp_2d"
    case psfTable = "psf_table"
    case psf3Gauss = "psf_3gauss"
    case psfKing = "psf_king"
    case bkg2D = "bkg_2d"
    case bkg3D = "bkg_3d"
    case radMax2D = "rad_max_2d"

    /// Gammapy's `HDU_TYPE` of the class (`aeff`, `edisp`, `psf`, `bkg`, `rad_max`).
    public var hduType: String {
        switch self {
        case .aeff2D: return "aeff"
        case .edisp2D: return "edisp"
        case .psfTable, .psf3Gauss, .psfKing: return "psf"
        case .bkg2D, .bkg3D: return "bkg"
        case .radMax2D: return "rad_max"
        }
    }

    /// The class from an HDU header, as Gammapy's `_get_hdu_type_and_class`: `HDUCLAS2` gives the
    /// type (`EFF_AREA` → aeff, `RPSF` → psf, otherwise lower-cased), `HDUCLAS4` the class; CTA
    /// 1DC files with HDUCLAS4 such as `2D` or `3GAUSS` are read as `<type>_<class>`.
    public init(header: FITSHeader) throws {
        let clas2 = header.string("HDUCLAS2")?.trimmingBlanks() ?? ""
        let clas4 = header.string("HDUCLAS4")?.trimmingBlanks() ?? ""
        let fail = IRFError(.unknownClass, file: header.file, hdu: header.hduName,
                            message: "HDUCLAS2='\(clas2)', HDUCLAS4='\(clas4)' is no IRF class GammaKit reads "
                                + "(known: \(IRFKind.allCases.map(\.rawValue).joined(separator: ", ")); "
                                + "pass the class from the HDU index instead")
        let type: String
        switch clas2.lowercased() {
        case "rpsf": type = "psf"
        case "eff_area": type = "aeff"
        case let other: type = other
        }
        guard ["aeff", "edisp", "psf", "bkg", "rad_max"].contains(type) else { throw fail }
        if let kind = IRFKind(rawValue: clas4.lowercased()), kind.hduType == type {
            self = kind
        } else if let kind = IRFKind(rawValue: "\(type)_\(clas4.lowercased())") {
            self = kind
        } else {
            throw fail
        }
    }
}

/// Orientation of the field-of-view coordinates of a background model (GADF `FOVALIGN`); RADEC
/// when the keyword is absent, as in Gammapy.
public enum FoVAlignment: String, Sendable, Hashable {
    case altAz = "ALTAZ"
    case raDec = "RADEC"
    /// Old H.E.S.S. files whose longitude runs the other way.
    case reverseLonRaDec = "REVERSE_LON_RADEC"
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
