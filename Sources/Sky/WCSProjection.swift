import CWCSLIB
import Foundation

/// A 2-D celestial FITS WCS (a sky projection) over wcslib: pixel ↔ world for Gammapy's
/// `WcsGeom` and map files. Built from the header parameters (any wcslib projection code:
/// CAR, TAN, SIN, AIT, MOL, ZEA, ARC, STG, …; equatorial `RA---`/`DEC--` or Galactic
/// `GLON-`/`GLAT-` axes), validated once by wcslib's `wcsset`.
///
/// Pixels are **zero-based** like astropy's `wcs_pix2world(x, y, 0)` and Gammapy's pixel
/// indices: the centre of the first pixel is (0, 0); FITS CRPIX stays one-based. Points that
/// fall outside the projection (the corners of an all-sky AIT map, the far hemisphere of TAN)
/// give NaN, as in astropy. A value type: share it freely between threads; the batched calls
/// may run concurrently (each borrows its own wcslib struct).
public struct WCSProjection: Sendable {
    /// CTYPE1, CTYPE2 as given, e.g. `["RA---CAR", "DEC--CAR"]`.
    public let ctype: [String]
    /// CRVAL1, CRVAL2 in degrees.
    public let crval: [Double]
    /// CRPIX1, CRPIX2 (one-based, FITS convention).
    public let crpix: [Double]
    /// CDELT1, CDELT2 in degrees per pixel.
    public let cdelt: [Double]
    /// PCi_j as `[[PC1_1, PC1_2], [PC2_1, PC2_2]]`, when given.
    public let pc: [[Double]]?
    /// CDi_j as `[[CD1_1, CD1_2], [CD2_1, CD2_2]]`, when given (then `cdelt` is ignored by wcslib).
    public let cd: [[Double]]?
    /// RADESYS as given (e.g. `"ICRS"`, `"FK5"`), or nil.
    public let radesys: String?
    /// EQUINOX as given, or nil.
    public let equinox: Double?

    let handle: WCSHandle

    /// The projection codes wcslib 7 knows (WCS Paper II and HEALPix).
    public static let projectionCodes: Set<String> = [
        "AZP", "SZP", "TAN", "STG", "SIN", "ARC", "ZPN", "ZEA", "AIR", "CYP", "CEA", "CAR", "MER", "COP",
        "COE", "COD", "COO", "SFL", "PAR", "MOL", "AIT", "BON", "PCO", "TSC", "CSC", "QSC", "HPX", "XPH",
    ]

    /// Builds a projection. `lonpole`/`latpole` default as wcslib (and astropy) choose them;
    /// `pc` and `cd` are 2×2 row-major (`pc[0][1]` is PC1_2). Throws for an unknown projection
    /// code, a non-celestial CTYPE pair, a singular matrix or parameters wcslib rejects.
    public init(ctype: (String, String), crval: (Double, Double), crpix: (Double, Double),
                cdelt: (Double, Double) = (1, 1), pc: [[Double]]? = nil, cd: [[Double]]? = nil,
                lonpole: Double? = nil, latpole: Double? = nil, radesys: String? = nil, equinox: Double? = nil) throws {
        let types = [ctype.0, ctype.1].map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        for (i, t) in types.enumerated() {
            guard t.count == 8, t.dropFirst(4).first == "-" else {
                throw SkyError(.invalidValue, subject: "CTYPE\(i + 1)",
                               message: "'\(t)' is not a celestial axis type of the form 'RA---TAN'")
            }
            let code = String(t.suffix(3))
            guard Self.projectionCodes.contains(code) else {
                throw SkyError(.unknownProjection, subject: "CTYPE\(i + 1)",
                               message: "unknown projection code '\(code)' in '\(t)' (wcslib knows \(Self.projectionCodes.sorted().joined(separator: ", ")))")
            }
        }
        for (name, matrix) in [("PC", pc), ("CD", cd)] {
            guard let matrix else { continue }
            if matrix.count != 2 || matrix.contains(where: { $0.count != 2 }) {
                throw SkyError(.invalidValue, subject: name, message: "must be a 2×2 matrix")
            }
            let determinant = matrix[0][0] * matrix[1][1] - matrix[0][1] * matrix[1][0]
            guard determinant != 0, determinant.isFinite else {
                throw SkyError(.invalidValue, subject: name, message: "matrix \(matrix) is singular or not finite")
            }
        }
        let values: [(String, Double)] = [("CRVAL1", crval.0), ("CRVAL2", crval.1), ("CRPIX1", crpix.0),
                                          ("CRPIX2", crpix.1), ("CDELT1", cdelt.0), ("CDELT2", cdelt.1)]
        for (name, value) in values where !value.isFinite {
            throw SkyError(.invalidValue, subject: name, message: "\(value) is not finite")
        }
        self.ctype = types
        self.crval = [crval.0, crval.1]
        self.crpix = [crpix.0, crpix.1]
        self.cdelt = [cdelt.0, cdelt.1]
        self.pc = pc
        self.cd = cd
        self.radesys = radesys
        self.equinox = equinox
        let (crvalCopy, crpixCopy, cdeltCopy) = (self.crval, self.crpix, self.cdelt)
        handle = try WCSHandle(naxis: 2) { w in
            for i in 0..<2 {
                gk_wcs_set_ctype(w, Int32(i), types[i])
                w.pointee.crval[i] = crvalCopy[i]
                w.pointee.crpix[i] = crpixCopy[i]
                w.pointee.cdelt[i] = cdeltCopy[i]
            }
            if let pc {
                for i in 0..<2 { for j in 0..<2 { w.pointee.pc[2 * i + j] = pc[i][j] } }
                w.pointee.altlin |= 1
            }
            if let cd {
                for i in 0..<2 { for j in 0..<2 { w.pointee.cd[2 * i + j] = cd[i][j] } }
                w.pointee.altlin |= 2
            }
            if let lonpole { w.pointee.lonpole = lonpole }
            if let latpole { w.pointee.latpole = latpole }
            if let radesys { gk_wcs_set_radesys(w, radesys) }
            if let equinox { w.pointee.equinox = equinox }
        }
    }

    /// The projection code, e.g. `"CAR"`.
    public var projectionCode: String { String(ctype[0].suffix(3)) }

    /// The sky frame of the world coordinates: `.galactic` for GLON/GLAT, `.icrs` for RA/DEC
    /// (whatever RADESYS says — FK5 maps are read as ICRS, as Gammapy's `WcsGeom.frame` does
    /// not distinguish either), nil for other axis types.
    public var frame: SkyFrame? {
        switch ctype[0].prefix(4) {
        case "GLON": return .galactic
        case "RA--": return .icrs
        default: return nil
        }
    }

    /// LONPOLE in degrees as wcslib settled it in `wcsset` (astropy's `wcs.wcs.lonpole`).
    public var lonpole: Double { handle.withTemplate { $0.pointee.lonpole } }
    /// LATPOLE in degrees as wcslib settled it in `wcsset` (astropy's `wcs.wcs.latpole`).
    public var latpole: Double { handle.withTemplate { $0.pointee.latpole } }
}

extension WCSProjection: Equatable {
    /// Equal when built from the same parameters.
    public static func == (a: WCSProjection, b: WCSProjection) -> Bool {
        a.ctype == b.ctype && a.crval == b.crval && a.crpix == b.crpix && a.cdelt == b.cdelt && a.pc == b.pc
            && a.cd == b.cd && a.radesys == b.radesys && a.equinox == b.equinox
            && a.lonpole == b.lonpole && a.latpole == b.latpole
    }
}
