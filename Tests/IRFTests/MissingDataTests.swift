import Foundation
import GammaMaps
import Testing
@testable import IRF

/// `interp_missing_data` along energy written out as numpy does it: per line, `np.interp` of
/// the log values over the valid ones, left and right NaN (the ends stay as they are).
struct MissingDataTests {
    @Test func interiorGapsAreInterpolatedInLogAndTheEndsStay() throws {
        let energy = try MapAxis.fromEnergyBounds(0.1, 100, nbin: 7, unit: "TeV", name: "energy")
        let offset = try MapAxis.fromEdges([0, 1, 2], name: "offset", unit: "deg")
        // [energy][offset]: line 0 has two gaps inside and zeros at both ends, line 1 one valid
        // value only, which leaves it as it is
        let line0: [Double] = [0, 1, 0, 0, 8, .nan, 2]
        let line1: [Double] = [0, 0, 3, 0, 0, 0, 0]
        let data = (0..<7).flatMap { [line0[$0], line1[$0]] }
        let grid = try IRFGrid(axes: [energy, offset], data: data, storage: .float32, unit: "s-1 MeV-1 sr-1", valuesScale: .log)
        let filled = try grid.interpolatingMissingData(along: "energy").data
        let out0 = (0..<7).map { filled[$0 * 2] }, out1 = (0..<7).map { filled[$0 * 2 + 1] }
        // float32 logs, interpolated in double, exp, rounded to float32
        let l1 = Double(logf(1)), l8 = Double(logf(8)), l2 = Double(logf(2))
        let at = { (x: Double, x0: Double, f0: Double, x1: Double, f1: Double) in
            Double(Float(exp((f1 - f0) / (x1 - x0) * (x - x0) + f0)))
        }
        #expect(out0[0] == 0)
        #expect(out0[1] == 1)
        #expect(out0[2] == at(2, 1, l1, 4, l8) && abs(out0[2] - 2) < 1e-6)
        #expect(out0[3] == at(3, 1, l1, 4, l8) && abs(out0[3] - 4) < 1e-6)
        #expect(out0[4] == 8)
        #expect(out0[5] == at(5, 4, l8, 6, l2) && abs(out0[5] - 4) < 1e-6)
        #expect(out0[6] == 2)
        #expect(out1 == line1)
    }
}
