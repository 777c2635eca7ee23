import Foundation
import GammaMaps
import IRF

extension MapDataset<WcsGeom> {
    /// The main analysis geometry (Gammapy's `_geom`): that of counts, else background, else the
    /// safe mask, else the fit mask.
    /// - Throws: `DatasetError(.missing)` when the dataset has none of these maps.
    public var geom: WcsGeom {
        get throws {
            if let g = counts?.geom ?? background?.geom ?? maskSafe?.geom ?? maskFit?.geom { return g }
            throw DatasetError(.missing, subject: "dataset '\(name)'",
                               message: "either 'counts', 'background', 'mask_fit' or 'mask_safe' must be defined")
        }
    }

    /// Whether the float maps stand for float32 arrays (a dataset created empty or stacked).
    var isFloat32: Bool { precision == .float32 }

    /// The combined mask (Gammapy's `mask`): safe and fit mask, or whichever exists, or nil.
    public var mask: WcsNDMap<Bool>? {
        get throws {
            switch (maskSafe, maskFit) {
            case let (safe?, fit?): return try safe && fit
            case let (safe?, nil): return safe
            case let (nil, fit?): return fit
            case (nil, nil): return nil
            }
        }
    }

    /// The safe mask reduced over its non-spatial axes with logical or (Gammapy's
    /// `mask_safe_image`): pixels that are safe in at least one energy bin.
    public var maskSafeImage: WcsNDMap<Bool>? {
        get throws { try maskSafe?.reduceOverAxes(.logicalOr) }
    }

    /// The safe mask on the PSF geometry (Gammapy's `mask_safe_psf`): `maskSafeImage` looked up at
    /// the centres of the PSF image's pixels (false outside the counts map), with the PSF's rad and
    /// energy axes squashed to one bin — the weight of this dataset's PSF when stacking.
    public var maskSafePSF: WcsNDMap<Bool>? {
        get throws {
            guard let image = try maskSafeImage, let psf else { return nil }
            let squashed = try psf.psfMap.geom.squash(axisName: psf.energyName).squash(axisName: "rad")
            let mask = try image.interpToGeom(squashed.toImage(), fillValue: 0)
            return try WcsNDMap<Bool>(geom: squashed, data: mask.data)
        }
    }

    /// The safe mask on the energy-dispersion geometry (Gammapy's `mask_safe_edisp`), the weight
    /// of this dataset's energy dispersion when stacking:
    ///
    /// - for an `EDispKernelMap`, the safe mask interpolated linearly (as numbers 0/1, true where
    ///   the result is not 0, extrapolated outside the counts map) at the IRF pixel centres in each
    ///   reconstructed-energy bin, on the kernel geometry with `energy_true` squashed;
    /// - for an `EDispMap`, `maskSafeImage` interpolated the same way, with migra and
    ///   `energy_true` squashed.
    public var maskSafeEDisp: WcsNDMap<Bool>? {
        get throws {
            guard let maskSafe, let edisp else { return nil }
            switch edisp {
            case .kernel(let kernel):
                let squashed = try kernel.edispKernelMap.geom.squash(axisName: "energy_true")
                let sameAxes = try squashed.toImage().withAxes(maskSafe.geom.axes)
                let mask = try maskSafe.interpToGeom(sameAxes, fillValue: nil)
                // the second interpolation onto `squashed` looks up the same bins (energy_true has
                // one bin and the mask no such axis)
                guard mask.geom.axes.shape.reduce(1, *) == squashed.axes.binCount else {
                    throw DatasetError(.incompatible, subject: "mask_safe_edisp",
                                       message: "the safe mask's axes \(maskSafe.geom.axes.names) do not match the kernel's reconstructed energy")
                }
                return try WcsNDMap<Bool>(geom: squashed, data: mask.data)
            case .migra(let map):
                let squashed = try map.edispMap.geom.squash(axisName: "energy_true").squash(axisName: "migra")
                guard let image = try maskSafeImage else { return nil }
                let mask = try image.interpToGeom(squashed.toImage(), fillValue: nil)
                return try WcsNDMap<Bool>(geom: squashed, data: mask.data)
            }
        }
    }

    /// The predicted background counts (Gammapy's `npred_background`): the background map scaled
    /// by the FoV background model, `norm × (E / reference)^(−tilt)` at each reconstructed-energy
    /// bin centre, when there is one; the background as it is otherwise. Values are not rounded
    /// to float32 (Gammapy's product is float64).
    public func npredBackground() throws -> WcsNDMap<Double>? {
        guard var background else { return nil }
        guard let model = backgroundModel else { return background }
        let axis = try background.geom.axes.axis(named: "energy")
        let toTeV = UnitConversion.factor(from: axis.unit.isEmpty ? "TeV" : axis.unit, to: "TeV") ?? 1
        let values = axis.centers.map { model.norm.value * Foundation.pow($0 * toTeV / model.reference.value, -model.tilt.value) }
        let d = try background.geom.axes.dataIndex(of: "energy")
        let shape = background.dataShape
        let stride = shape[(d + 1)...].reduce(1, *), count = background.data.count
        // block by block of one energy bin, into a new array (the map's own is shared)
        background.data = [Double](unsafeUninitializedCapacity: count) { out, initialized in
            background.data.withUnsafeBufferPointer { data in
                for start in Swift.stride(from: 0, to: count, by: stride) {
                    let factor = values[(start / stride) % shape[d]]
                    for k in start..<Swift.min(start + stride, count) { out[k] = data[k] * factor }
                }
            }
            initialized = count
        }
        return background
    }
}
