import FITSIO
import Foundation
import Sky

extension WcsGeom {
    /// The WCS keywords as astropy's `WCS.to_header()` writes them (WCSAXES, CRPIX, CDELT,
    /// CUNIT, CTYPE, CRVAL, LONPOLE, LATPOLE, MJDREF, RADESYS, ... with wcslib's comments).
    public var wcsHeaderCards: [FITSCard] {
        wcs.headerCards.map { card in
            switch card.value {
            case .int(let i): return FITSCard(card.key, .int(Int64(i)), comment: card.comment)
            case .double(let d): return FITSCard(card.key, .double(d), comment: card.comment)
            case .string(let s): return FITSCard(card.key, .string(s), comment: card.comment)
            }
        }
    }

    /// Gammapy's `WcsGeom.to_header()`: the WCS keywords, `AXCOLSi`/`INTERPi` of the axes and
    /// `WCSSHAPE = '(nx,ny,n0,n1,...)'`.
    public var headerCards: [FITSCard] { headerCards(lossless: false) }

    /// `headerCards`, with CRVAL, CRPIX, CDELT, PC and CD exactly as held when `lossless`
    /// (wcslib writes 14 significant digits, as astropy), so that reading gives this geometry
    /// back bit for bit (`FITSWriter.lossless`).
    package func headerCards(lossless: Bool) -> [FITSCard] {
        let shape = ([npix.lon, npix.lat] + axes.shape).map(String.init).joined(separator: ",")
        var cards = wcsHeaderCards
        if lossless {
            var exact: [String: Double] = [:]
            for i in 0..<2 {
                exact["CRVAL\(i + 1)"] = wcs.crval[i]
                exact["CRPIX\(i + 1)"] = wcs.crpix[i]
                exact["CDELT\(i + 1)"] = wcs.cdelt[i]
                for j in 0..<2 {
                    if let pc = wcs.pc { exact["PC\(i + 1)_\(j + 1)"] = pc[i][j] }
                    if let cd = wcs.cd { exact["CD\(i + 1)_\(j + 1)"] = cd[i][j] }
                }
            }
            cards = cards.map { card in exact[card.key].map { FITSCard(card.key, .double($0), comment: card.comment) } ?? card }
        }
        return cards + axes.headerCards + [FITSCard("WCSSHAPE", .string("(\(shape))"))]
    }

    /// A geometry from a map HDU's header and its axes (Gammapy's `WcsGeom.from_header`):
    /// CTYPE, CRVAL, CRPIX, CDELT (or PC/CD), LONPOLE, LATPOLE, RADESYS, EQUINOX; the image
    /// size from `WCSSHAPE` when present, else NAXIS1 and NAXIS2.
    public static func fromHeader(_ header: FITSHeader, axes: MapAxes = MapAxes()) throws -> WcsGeom {
        let subject = header.hduName.isEmpty ? "header" : "HDU \(header.hduName)"
        guard let ctype1 = header.string("CTYPE1"), let ctype2 = header.string("CTYPE2") else {
            throw MapError(.notAMap, subject: subject, message: "no CTYPE1/CTYPE2 keywords: this HDU is not a WCS map")
        }
        func value(_ key: String, _ fallback: Double) -> Double { header.double(key) ?? fallback }
        func matrix(_ prefix: String) -> [[Double]]? {
            let keys = ["\(prefix)1_1", "\(prefix)1_2", "\(prefix)2_1", "\(prefix)2_2"]
            guard keys.contains(where: header.contains) else { return nil }
            let identity = prefix == "PC" ? [1.0, 0, 0, 1] : [0.0, 0, 0, 0]
            let v = keys.enumerated().map { header.double($1) ?? identity[$0] }
            return [[v[0], v[1]], [v[2], v[3]]]
        }
        let wcs: WCSProjection
        do {
            wcs = try WCSProjection(
                ctype: (ctype1, ctype2), crval: (value("CRVAL1", 0), value("CRVAL2", 0)),
                crpix: (value("CRPIX1", 0), value("CRPIX2", 0)), cdelt: (value("CDELT1", 1), value("CDELT2", 1)),
                pc: matrix("PC"), cd: matrix("CD"), lonpole: header.double("LONPOLE"), latpole: header.double("LATPOLE"),
                radesys: header.string("RADESYS")?.trimmingCharacters(in: .whitespaces),
                equinox: header.double("EQUINOX"))
        } catch let error as SkyError {
            throw MapError(error.kind == .unknownProjection ? .unknownProjection : .notAMap, subject: subject,
                           message: "cannot build the WCS: \(error)")
        }
        var npix: LonLat<Int>
        if let shape = header.string("WCSSHAPE") {
            let numbers = shape.trimmingCharacters(in: CharacterSet(charactersIn: " ()"))
                .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count >= 2 else {
                throw MapError(.notAMap, subject: "\(subject), WCSSHAPE", message: "cannot read '\(shape)' as (nx,ny,...)")
            }
            npix = LonLat(lon: numbers[0], lat: numbers[1])
        } else {
            guard let nx = header.int("NAXIS1"), let ny = header.int("NAXIS2") else {
                throw MapError(.notAMap, subject: subject, message: "no NAXIS1/NAXIS2 or WCSSHAPE: cannot tell the image size")
            }
            npix = LonLat(lon: nx, lat: ny)
        }
        do {
            return try WcsGeom(wcs: wcs, npix: npix, axes: axes)
        } catch let error as MapError {
            throw MapError(error.kind, subject: "\(subject), \(error.subject)", message: error.message)
        }
    }
}
