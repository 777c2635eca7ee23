import FITSIO
import IRF

/// Every IRF reader, on whatever table the fuzzer produced: each class is tried, whatever the
/// header says, and successfully read IRFs are evaluated once.
enum FuzzIRF {
    static func load(_ table: FITSTable) {
        _ = try? AnyIRF(table: table)
        for kind in IRFKind.allCases {
            guard let irf = try? AnyIRF(table: table, kind: kind) else { continue }
            evaluate(irf)
        }
    }

    static func evaluate(_ irf: AnyIRF) {
        switch irf {
        case .aeff2D(let aeff): _ = try? aeff.evaluate(energyTrue: 1, offset: 0.5)
        case .bkg2D(let bkg): _ = try? bkg.evaluate(energy: 1, offset: 0.5)
        case .bkg3D(let bkg): _ = try? bkg.evaluate(energy: 1, fovLon: 0.3, fovLat: -0.2)
        default: break
        }
    }
}
