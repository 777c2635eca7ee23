import Foundation
import GammaMaps

/// An energy-dispersion matrix: the probability that an event of true energy bin *t* is
/// reconstructed in energy bin *r* (Gammapy's `EDispKernel`, what `EnergyDispersion2D
/// .to_edisp_kernel` returns).
public struct EDispKernel: Sendable {
    public let energyAxisTrue: MapAxis
    public let energyAxis: MapAxis
    /// Probabilities on `[energy_true][energy]`, C order.
    public let data: [Double]

    public init(energyAxisTrue: MapAxis, energyAxis: MapAxis, data: [Double]) throws {
        guard data.count == energyAxisTrue.nbin * energyAxis.nbin else {
            throw InterpolationError("\(data.count) values for a \(energyAxisTrue.nbin) × \(energyAxis.nbin) kernel")
        }
        self.energyAxisTrue = energyAxisTrue
        self.energyAxis = energyAxis
        self.data = data
    }

    /// The probability of true bin `t` and reconstructed bin `r`.
    public subscript(t: Int, r: Int) -> Double { data[t * energyAxis.nbin + r] }

    /// Mean reconstructed energy (unit of the reconstructed axis) for true energies, from the row
    /// of the bin each falls into (Gammapy's `get_mean`: Σ p·E_reco / Σ p, numpy's pairwise sums;
    /// 0 for an empty row).
    public func mean(energyTrue: [Double]) -> [Double] {
        let nReco = energyAxis.nbin
        let centers = energyAxis.centers
        return energyTrue.map { e in
            var idx = energyAxisTrue.coordToIndex(e)
            if idx < 0 { idx += energyAxisTrue.nbin }  // numpy indexes -1 as the last row
            guard idx >= 0, idx < energyAxisTrue.nbin else { return .nan }
            let row = Array(data[(idx * nReco)..<((idx + 1) * nReco)])
            let norm = NumpyCompat.sum(row)
            let weighted = NumpyCompat.sum((0..<nReco).map { row[$0] * centers[$0] })
            let mean = weighted / norm
            return NumpyCompat.nanToNum(mean)
        }
    }

    /// Reconstruction bias (E_reco − E_true)/E_true for true energies, with E_true the centre of
    /// the true-energy bin (Gammapy's `get_bias`).
    public func bias(energyTrue: [Double]) -> [Double] {
        let means = mean(energyTrue: energyTrue)
        return zip(energyTrue, means).map { e, mean in
            var idx = energyAxisTrue.coordToIndex(e)
            if idx < 0 { idx += energyAxisTrue.nbin }
            let real = energyAxisTrue.centers[idx]
            return (mean - real) / real
        }
    }

    /// The reconstructed energy (TeV) at which the bias reaches `bias` (Gammapy's
    /// `get_bias_energy`, what the `edisp-bias` safe mask uses): the first true energy between
    /// `energyMin` (default: where the bias peaks) and `energyMax` (default: the last centre)
    /// where the bias — interpolated log-log between the true-energy centres — equals `bias`,
    /// found as Gammapy does (100 log-spaced brackets, Brent's method), times `1 + bias`. When the
    /// bias never reaches the value, `energyMin × (1 + bias)`. Energies in TeV.
    public func biasEnergy(_ bias: Double, energyMin: Double? = nil, energyMax: Double? = nil) throws -> Double {
        let toTeV = UnitConversion.factor(from: energyAxisTrue.unit.isEmpty ? "TeV" : energyAxisTrue.unit, to: "TeV") ?? 1
        let energies = energyAxisTrue.centers
        let values = self.bias(energyTrue: energies)
        var peak = 0
        for i in values.indices where !values[i].isNaN && (values[peak].isNaN || values[i] > values[peak]) { peak = i }
        let lower = energyMin ?? energies[peak] * toTeV
        let upper = energyMax ?? energies[energies.count - 1] * toTeV
        // Gammapy's TemplateSpectralModel: log-log interpolation, extrapolating, clipped at 0
        let template = try ScaledRegularGridInterpolator(points: [energies.map { $0 * toTeV }], values: values,
                                                         pointsScale: [.log], valuesScale: .log,
                                                         method: energies.count == 1 ? .nearest : .linear)
        func f(_ x: Double) -> Double {
            let y = (try? template([ShapedArray(scalar: x)]).values[0]) ?? .nan
            return 1e12 * (y - bias)
        }
        let root = RootFinding.firstRoot(f, lower: lower, upper: upper, nbin: 100, logScale: true)
        return (root.isNaN ? lower : root) * (1 + bias)
    }
}

extension EnergyDispersion2D {
    /// The energy-dispersion matrix at one offset (deg), as Gammapy's `to_edisp_kernel`:
    ///
    /// 1. the migra PDF is evaluated at the true-energy and migra bin centres and normalised per
    ///    true energy by its integral over migra;
    /// 2. its cumulative integral over migra, on the migra edges, padded by one node at each end
    ///    (edge values), is interpolated in pixel coordinates at migra = E_reco edge / E_true
    ///    centre;
    /// 3. the differences between consecutive reconstructed-energy edges, clipped at 0, are the
    ///    probabilities; values below `threshold` become 0.
    ///
    /// Default axes: the IRF's true-energy axis for both.
    public func toEDispKernel(offset: Double, energyAxisTrue: MapAxis? = nil, energyAxis: MapAxis? = nil,
                              threshold: Double = 1e-8) throws -> EDispKernel {
        let trueAxis = energyAxisTrue ?? self.energyAxisTrue
        let recoAxis = energyAxis ?? self.energyAxisTrue.renamed("energy")
        let migra = migraAxis
        let pdf = try evaluate(energyTrue: ShapedArray(trueAxis.centers, shape: [trueAxis.nbin, 1]),
                               migra: ShapedArray(migra.centers, shape: [1, migra.nbin]),
                               offset: ShapedArray(scalar: offset))
        return try EDispKernel(migraPDF: pdf.values, migraAxis: migra, energyAxisTrue: trueAxis, energyAxis: recoAxis,
                               threshold: threshold)
    }
}

extension EDispKernel {
    /// The kernel from a migra PDF tabulated at the bin centres (`pdf[t][m]`, C order) of
    /// `energyAxisTrue` × `migraAxis` — steps 1–3 of `EnergyDispersion2D.toEDispKernel`, the
    /// part the map makers repeat per pixel (Gammapy's `make_edisp_map` normalisation followed by
    /// `EDispMap.to_edisp_kernel_map` on a one-pixel geometry).
    public init(migraPDF pdf: [Double], migraAxis: MapAxis, energyAxisTrue: MapAxis, energyAxis: MapAxis,
                threshold: Double = 1e-8) throws {
        let nT = energyAxisTrue.nbin, nM = migraAxis.nbin, nR = energyAxis.nbin
        guard pdf.count == nT * nM else {
            throw InterpolationError("\(pdf.count) PDF values for \(nT) true energies × \(nM) migra bins")
        }
        let widths = migraAxis.binWidths
        // Map.cumsum along migra (leading 0), then Map.normalize by the row's largest cumulative value
        func cumulative(_ values: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: nT * (nM + 1))
            for t in 0..<nT {
                var running = 0.0
                for m in 0..<nM {
                    let v = values[t * nM + m] * widths[m]
                    running = m == 0 ? v : running + v
                    out[t * (nM + 1) + m + 1] = running
                }
            }
            return out
        }
        let raw = cumulative(pdf)
        var normalized = pdf
        for t in 0..<nT {
            var maximum = -Double.infinity
            for m in 0...nM {
                let v = raw[t * (nM + 1) + m]
                if v.isNaN || v > maximum { maximum = v; if v.isNaN { break } }
            }
            for m in 0..<nM {
                let v = pdf[t * nM + m] / maximum
                normalized[t * nM + m] = NumpyCompat.nanToNum(v)
            }
        }
        // EDispMap.integral: cumulative sum on the migra edges, padded with edge values
        let cumsum = cumulative(normalized)
        let nodes = try MapAxis.fromNodes(migraAxis.edges, name: "migra", unit: migraAxis.unit, interp: migraAxis.interp)
        let padded = try nodes.pad(1)
        let nP = nM + 3
        var table = [Double](repeating: 0, count: nP * nT)  // [migra pixel][true pixel], as Gammapy's data.T
        for t in 0..<nT {
            for p in 0..<nP {
                let source = min(max(p - 1, 0), nM)
                let v = cumsum[t * (nM + 1) + source]
                table[p * nT + t] = v.isFinite ? v : 0
            }
        }
        let interpolator = try ScaledRegularGridInterpolator(points: [(0..<nP).map(Double.init), (0..<nT).map(Double.init)],
                                                             values: table)
        // migra = reco edge / true centre, in pixel coordinates of the padded migra and true axes
        let recoEdges = energyAxis.edges
        let trueCenters = energyAxisTrue.centers
        let ratio = UnitConversion.factor(from: energyAxis.unit, to: energyAxisTrue.unit) ?? 1
        var migraPix = [Double](repeating: 0, count: nT * (nR + 1))
        for t in 0..<nT {
            for r in 0...nR {
                let edge = ratio == 1 ? recoEdges[r] : recoEdges[r] * ratio
                migraPix[t * (nR + 1) + r] = padded.coordToPix(edge / trueCenters[t])
            }
        }
        let truePix = energyAxisTrue.coordToPix(trueCenters)
        let integral = try interpolator([ShapedArray(migraPix, shape: [nT, nR + 1]), ShapedArray(truePix, shape: [nT, 1])],
                                        clip: false)
        var data = [Double](repeating: 0, count: nT * nR)
        for t in 0..<nT {
            for r in 0..<nR {
                var d = integral.values[t * (nR + 1) + r + 1] - integral.values[t * (nR + 1) + r]
                if d < 0 { d = 0 }
                if d < threshold { d = 0 }
                data[t * nR + r] = d
            }
        }
        try self.init(energyAxisTrue: energyAxisTrue, energyAxis: energyAxis, data: data)
    }
}
