import IRF

extension Observation {
    /// The IRF of an HDU type (aeff, edisp, psf, bkg, rad_max), read on first use with the class
    /// the HDU index gives, and kept.
    public func irf(_ hduType: String) throws -> AnyIRF {
        try cached("irf:" + hduType) {
            let table = try self.table(for: hduType)
            let hduClass = self.locations[hduType]?.hduClass ?? ""
            guard let kind = IRFKind(rawValue: hduClass.lowercased()) else {
                throw DL3Error(.invalidData, "observation \(self.obsID): HDU class '\(hduClass)' of '\(hduType)' is not an IRF class GammaKit reads")
            }
            var irf = try self.attributing { try AnyIRF(table: table, kind: kind) }
            // Old H.E.S.S. (SASH, HDUVERS 0.2) backgrounds run in reversed FoV longitude: Gammapy
            // switches them to REVERSE_LON_RADEC when it hands out `obs.bkg`, and so do we.
            if case .bkg3D(let bkg) = irf, (try? self.metadata().hasReversedBackgroundLongitude) == true {
                irf = .bkg3D(bkg.with(fovAlignment: .reverseLonRaDec))
            }
            return irf
        }
    }

    public func aeff() throws -> EffectiveAreaTable2D {
        guard case .aeff2D(let aeff) = try irf("aeff") else { throw wrongClass("aeff") }
        return aeff
    }

    public func edisp() throws -> EnergyDispersion2D {
        guard case .edisp2D(let edisp) = try irf("edisp") else { throw wrongClass("edisp") }
        return edisp
    }

    /// The PSF (psf_table, psf_3gauss or psf_king).
    public func psf() throws -> AnyIRF {
        let psf = try irf("psf")
        switch psf {
        case .psfTable, .psf3Gauss, .psfKing: return psf
        default: throw wrongClass("psf")
        }
    }

    /// The background (bkg_2d or bkg_3d).
    public func bkg() throws -> AnyIRF {
        let bkg = try irf("bkg")
        switch bkg {
        case .bkg2D, .bkg3D: return bkg
        default: throw wrongClass("bkg")
        }
    }

    /// The RAD_MAX cut of a point-like observation: its rad_max_2d HDU, or else the fixed RAD_MAX
    /// keyword of a point-like effective area or energy dispersion (Gammapy's `obs.rad_max`);
    /// nil for full-enclosure observations.
    public func radMax() throws -> RadMax2D? {
        if has("rad_max") {
            guard case .radMax2D(let radMax) = try irf("rad_max") else { throw wrongClass("rad_max") }
            return radMax
        }
        return try cached("rad_max:fixed") { () -> RadMax2D? in
            if self.has("aeff"), case .aeff2D(let aeff) = try self.irf("aeff"), aeff.isPointLike {
                return try self.attributing { try RadMax2D(fixedFrom: aeff) }
            }
            if self.has("edisp"), case .edisp2D(let edisp) = try self.irf("edisp"), edisp.isPointLike {
                return try self.attributing { try RadMax2D(fixedFrom: edisp) }
            }
            return nil
        }
    }

    private func wrongClass(_ hduType: String) -> DL3Error {
        DL3Error(.invalidData, "observation \(obsID): HDU '\(locations[hduType]?.hduName ?? hduType)' listed as '\(hduType)' holds a \(locations[hduType]?.hduClass ?? "?") IRF")
    }
}
