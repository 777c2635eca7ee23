import Foundation
import GammaMaps

/// Integration of background rates over energy bins, as Gammapy's `IRF.integrate_log_log`
/// (`trapz_loglog`) — what `make_map_background_irf` does before multiplying by solid angle and
/// observation time.
enum LogLogIntegration {
    /// Integrates `values` (shape `[n + 1, …]`, the rate at the energies `x`) over each interval
    /// `[x[k], x[k+1]]` assuming a power law between its ends: index `−log(y₀/y₁)/log(x₀/x₁)`
    /// (log clipped at the smallest normal number; an undefined index is infinite), integral
    /// `y₀·x₀/(1−Γ) · ((x₁/x₀)^(1−Γ) − 1)`, or `y₀·x₀·log(x₁/x₀)` when |1 − Γ| ≤ 1e-8.
    static func trapz(_ values: ShapedArray, x: [Double]) -> ShapedArray {
        let n = x.count - 1
        let inner = values.count / x.count
        var out = [Double](repeating: 0, count: max(n, 0) * inner)
        let tiny = Double.leastNormalMagnitude
        func clippedLog(_ v: Double) -> Double { Foundation.log(v < tiny ? tiny : v) }
        for k in 0..<max(n, 0) {
            let eMin = x[k], eMax = x[k + 1]
            let energyLog = clippedLog(eMin / eMax)
            for i in 0..<inner {
                let vMin = values.values[k * inner + i], vMax = values.values[(k + 1) * inner + i]
                var index = -clippedLog(vMin / vMax) / energyLog
                if index.isNaN { index = .infinity }
                let val = -1 * index + 1
                var integral: Double
                if Swift.abs(val) <= 1e-8 {
                    integral = vMin * eMin * Foundation.log(eMax / eMin)
                } else {
                    let prefactor = vMin * eMin / val
                    let upper = Foundation.pow(eMax / eMin, val)
                    let lower = Foundation.pow(eMin / eMin, val)
                    integral = prefactor * (upper - lower)
                }
                out[k * inner + i] = integral
            }
        }
        var shape = values.shape
        if !shape.isEmpty { shape[0] = max(n, 0) }
        return ShapedArray(out, shape: shape)
    }

    /// The energy edges shaped `[n + 1, 1, …]` to broadcast against coordinates of rank `rank`.
    static func edges(_ edges: [Double], rank: Int) -> ShapedArray {
        ShapedArray(edges, shape: [edges.count] + Array(repeating: 1, count: rank))
    }
}

extension Background3D {
    /// The rate integrated over reconstructed-energy bins with edges `energyEdges` (TeV) at FoV
    /// coordinates (deg): result shape `[nbin] + broadcast(fovLon, fovLat)`, unit
    /// `integratedUnit` (the data unit times TeV).
    public func integrate(energyEdges: [Double], fovLon: ShapedArray, fovLat: ShapedArray) throws -> ShapedArray {
        let rank = ShapedArray.broadcastShape([fovLon.shape, fovLat.shape])?.count ?? 0
        let values = try evaluate(energy: LogLogIntegration.edges(energyEdges, rank: rank), fovLon: fovLon, fovLat: fovLat)
        return LogLogIntegration.trapz(values, x: energyEdges)
    }

    /// Unit of `integrate`'s result.
    public var integratedUnit: String { unit + " TeV" }
}

extension Background2D {
    /// The rate integrated over reconstructed-energy bins with edges `energyEdges` (TeV) at
    /// offsets (deg): result shape `[nbin] + offset.shape`, unit `integratedUnit`.
    public func integrate(energyEdges: [Double], offset: ShapedArray) throws -> ShapedArray {
        let values = try evaluate(energy: LogLogIntegration.edges(energyEdges, rank: offset.shape.count), offset: offset)
        return LogLogIntegration.trapz(values, x: energyEdges)
    }

    /// Unit of `integrate`'s result.
    public var integratedUnit: String { unit + " TeV" }

    /// The rate integrated over the FoV out to `offset` (deg) for each energy bin centre
    /// (Gammapy's `integral(axis_name="offset", offset=...)`, as the `bkg-peak` safe mask uses on
    /// `Background3D.to2D()`), in `unit` × deg².
    public func integral(toOffset offset: Double) throws -> [Double] {
        let cumulative = try grid.cumsum(along: "offset")
        return try cumulative.evaluate([nil, cumulative.coordinate(ShapedArray(scalar: offset), from: "deg", axis: 1)]).values
    }
}
