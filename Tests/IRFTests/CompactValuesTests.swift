import GammaMaps
import Testing
@testable import IRF

/// IRF values are held in single precision only when that loses nothing: what `data` gives back
/// must be the given doubles, bit for bit.
@Suite struct CompactValuesTests {
    @Test func float32ValuesAreHeldInSinglePrecision() throws {
        let values: [Double] = [0, -0.0, 1.5, Double(Float(0.1)), Double(Float(-3e-20)), .infinity, Double(Float.leastNonzeroMagnitude)]
        guard case .float32 = CompactValues(values) else { Issue.record("float32 values kept in double precision"); return }
        #expect(CompactValues(values).doubles.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func otherValuesStayDoubles() throws {
        for values: [Double] in [[1, 0.1], [1, 1e300], [Double(Float(0.1)), 1e-50]] {
            guard case .float64 = CompactValues(values) else { Issue.record("\(values) narrowed"); continue }
            #expect(CompactValues(values).doubles.map(\.bitPattern) == values.map(\.bitPattern))
        }
    }

    @Test func aGridGivesBackItsData() throws {
        let energy = try MapAxis.fromEnergyBounds(0.1, 100, nbin: 3, name: "energy_true")
        let offset = try MapAxis.fromBounds(0, 2, nbin: 2, name: "offset", unit: "deg")
        let narrow: [Double] = [1, 2, 3, 4.5, 5, Double(Float(6.1))], wide = [1, 2, 3, 4.5, 5, 6.1]
        for data in [narrow, wide] {
            let grid = try IRFGrid(axes: [energy, offset], data: data, unit: "m2")
            #expect(grid.data.map(\.bitPattern) == data.map(\.bitPattern))
        }
        if case .float32 = try IRFGrid(axes: [energy, offset], data: narrow, unit: "m2").values {} else { Issue.record("not narrowed") }
    }
}
