import DL3
import Foundation
import GammaMaps
import IRF

extension MapDataset<WcsGeom> {
    /// Stacks `other` into this dataset, in place, as Gammapy's `MapDataset.stack`:
    ///
    /// - counts and background are added inside `other`'s safe mask (counts outside it are lost);
    ///   `other`'s background is its `npredBackground()` (its FoV background model folded in), and
    ///   so is this dataset's (its model is then dropped: it is in the background now);
    /// - exposure is added inside `other`'s `maskSafeImage`; the exposure meta `livetime` is
    ///   summed when `other`'s safe mask has a safe pixel;
    /// - PSF and energy dispersion are averaged weighted by exposure (`PSFMap.stack`, ...), with
    ///   `other`'s `maskSafePSF` and `maskSafeEDisp` as weights;
    /// - safe masks are or'ed, fit masks too (this dataset takes `other`'s when it has none);
    /// - GTIs are concatenated (in this dataset's time reference) and merged (`GTI.union`);
    /// - meta-table rows are appended.
    ///
    /// A map that either dataset lacks is left as it is. `other` may have the same geometry or be a
    /// cutout of this dataset's geometry (`cutout`). Every step rounds as numpy does for this
    /// dataset's precision (float32 for a dataset made by `create`).
    /// - Throws: `DatasetError(.incompatible)` for geometries that do not line up or one dataset
    ///   with an `EDispKernelMap` and the other with an `EDispMap`.
    public mutating func stack(_ other: MapDataset<WcsGeom>, nanToNum: Bool = true) throws {
        do {
            try stackMaps(other, nanToNum: nanToNum)
        } catch let error as MapError {
            throw DatasetError(.incompatible, subject: "stacking '\(other.name)' into '\(name)'", message: error.description)
        } catch let error as IRFError {
            throw DatasetError(.incompatible, subject: "stacking '\(other.name)' into '\(name)'", message: error.description)
        }
    }

    private mutating func stackMaps(_ other: MapDataset<WcsGeom>, nanToNum: Bool) throws {
        let float32 = isFloat32, otherFloat32 = other.isFloat32
        // The maps are independent of one another: they are stacked concurrently, each moved
        // into a box first so that it is stacked in place, not copied.
        let ownModel = backgroundModel != nil
        let counts = self.counts.map(Boxed.init), exposure = self.exposure.map(Boxed.init)
        // straight into its box: a named copy kept the array shared, and stacking copied it
        let background = other.background != nil ? try npredBackground().map(Boxed.init) : nil
        let psf = self.psf.map(Boxed.init)
        var kernel: Boxed<EDispKernelMap<WcsGeom>>?, migra: Boxed<EDispMap<WcsGeom>>?
        switch (self.edisp, other.edisp) {
        case (.kernel(let a)?, .kernel?): kernel = Boxed(a)
        case (.migra(let a)?, .migra?): migra = Boxed(a)
        case (nil, _), (_, nil): break
        default:
            throw DatasetError(.incompatible, subject: "edisp",
                               message: "cannot stack an EDispKernelMap and an EDispMap ('\(name)' and '\(other.name)')")
        }
        self.counts = nil
        self.exposure = nil
        if background != nil { self.background = nil }
        self.psf = nil
        if kernel != nil || migra != nil { self.edisp = nil }
        var tasks: [@Sendable () throws -> Void] = []
        if let counts, let otherCounts = other.counts {
            tasks.append {
                // counts are float32 in Gammapy whatever the dataset
                try counts.value.stack(otherCounts, weights: other.maskSafe, float32: true, otherFloat32: true, nanToNum: nanToNum)
            }
        }
        if let exposure, let otherExposure = other.exposure {
            tasks.append {
                let otherSafeImage = try other.maskSafeImage
                try exposure.value.stack(otherExposure, weights: otherSafeImage, float32: float32, otherFloat32: otherFloat32, nanToNum: nanToNum)
                if let livetime = otherExposure.meta["livetime"], otherSafeImage?.data.contains(true) == true {
                    exposure.value.meta["livetime"] = try Self.sumQuantities(exposure.value.meta["livetime"], livetime)
                }
            }
        }
        if let background {
            tasks.append {
                guard let otherBackground = try other.npredBackground() else { return }
                try background.value.stack(otherBackground, weights: other.maskSafe, float32: float32 && !ownModel,
                                           otherFloat32: otherFloat32 && other.backgroundModel == nil, nanToNum: nanToNum)
            }
        }
        if let psf, let otherPSF = other.psf {
            tasks.append {
                try psf.value.stack(otherPSF, weights: try other.maskSafePSF, float32: float32, otherFloat32: otherFloat32)
            }
        }
        if let kernel, case .kernel(let b)? = other.edisp {
            tasks.append { try kernel.value.stack(b, weights: try other.maskSafeEDisp, float32: float32, otherFloat32: otherFloat32) }
        }
        if let migra, case .migra(let b)? = other.edisp {
            tasks.append { try migra.value.stack(b, weights: try other.maskSafeEDisp, float32: float32, otherFloat32: otherFloat32) }
        }
        do {
            try runConcurrently(tasks)
        } catch {
            // Leave the dataset whole: put the (possibly partly stacked) maps back.
            restore(counts, exposure, background, psf, kernel, migra)
            throw error
        }
        restore(counts, exposure, background, psf, kernel, migra)
        if background != nil { backgroundModel = nil }
        if var maskSafe, let otherSafe = other.maskSafe {
            try maskSafe.stackLogicalOr(otherSafe)
            self.maskSafe = maskSafe
        }
        if let otherFit = other.maskFit {
            if var maskFit {
                try maskFit.stackLogicalOr(otherFit)
                self.maskFit = maskFit
            } else if let geom = try? self.geom, geom != otherFit.geom {
                // Gammapy copies other's fit mask as it is; on a cutout that would not fit this
                // dataset's geometry, so it is placed into an all-false mask here
                var mask = WcsNDMap<Bool>.fromGeom(geom)
                try mask.stackLogicalOr(otherFit)
                maskFit = mask
            } else {
                maskFit = otherFit
            }
        }
        if let gti, let otherGTI = other.gti {
            self.gti = gti.stacked(with: otherGTI).union()
        }
        if !other.metaTable.isEmpty {
            metaTable += other.metaTable
        }
    }

    /// Puts the maps taken out for concurrent stacking back into the dataset.
    private mutating func restore(_ counts: Boxed<WcsNDMap<Double>>?, _ exposure: Boxed<WcsNDMap<Double>>?,
                                  _ background: Boxed<WcsNDMap<Double>>?, _ psf: Boxed<PSFMap<WcsGeom>>?,
                                  _ kernel: Boxed<EDispKernelMap<WcsGeom>>?, _ migra: Boxed<EDispMap<WcsGeom>>?) {
        if let counts { self.counts = counts.value }
        if let exposure { self.exposure = exposure.value }
        if let background { self.background = background.value }
        if let psf { self.psf = psf.value }
        if let kernel { self.edisp = .kernel(kernel.value) }
        if let migra { self.edisp = .migra(migra.value) }
    }

    /// The dataset with its safe mask applied (Gammapy's `to_masked`): an empty float32 dataset on
    /// the same geometries (`fromGeoms`) into which this one is stacked, so counts and background
    /// outside the safe mask are dropped.
    public func toMasked(name: String? = nil, nanToNum: Bool = true) throws -> MapDataset<WcsGeom> {
        let geoms = MapDatasetGeoms(geom: try geom, exposure: exposure?.geom, psf: psf?.psfMap.geom,
                                    edisp: edisp?.geom)
        var masked = try Self.fromGeoms(geoms, name: name)
        try masked.stack(self, nanToNum: nanToNum)
        return masked
    }

    /// `a + b` for quantities written as astropy does (`"1581.26466581225 s"`), in `a`'s unit.
    /// A quantity as astropy prints it into meta ("1581.7 s"): value and unit.
    static func parseQuantity(_ text: String) -> (value: Double, unit: String)? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let value = Double(first) else { return nil }
        return (value, parts.count > 1 ? String(parts[1]) : "")
    }

    static func sumQuantities(_ a: String?, _ b: String) throws -> String {
        let parse = parseQuantity
        guard let (vb, ub) = parse(b) else {
            throw DatasetError(.invalidArgument, subject: "exposure meta 'livetime'", message: "cannot read '\(b)' as a quantity")
        }
        guard let a else { return b }
        guard let (va, ua) = parse(a) else {
            throw DatasetError(.invalidArgument, subject: "exposure meta 'livetime'", message: "cannot read '\(a)' as a quantity")
        }
        guard let factor = UnitConversion.factor(from: ub, to: ua) else {
            throw DatasetError(.invalidArgument, subject: "exposure meta 'livetime'", message: "units '\(ub)' and '\(ua)' differ")
        }
        return "\(va + vb * factor)" + (ua.isEmpty ? "" : " \(ua)")
    }
}

extension DatasetEDisp<WcsGeom> {
    /// The geometry of the kernel or migration map.
    public var geom: WcsGeom {
        switch self {
        case .kernel(let map): return map.edispKernelMap.geom
        case .migra(let map): return map.edispMap.geom
        }
    }
}
