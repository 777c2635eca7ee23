import Foundation
import GammaMaps
import Testing
@testable import IRF

/// GammaMaps' `ScaledRegularGridInterpolator` against Gammapy's on synthetic grids: point and
/// value scales, float32 values scaled in single precision, scipy's 2-D fast path, nearest,
/// fill values (set in the scaled space), descending and single-point axes, NaN coordinates.
@Suite struct ScaledRegularGridInterpolatorTests {
    @Test func matchesGammapy() throws {
        var deviation = Deviation("ScaledRegularGridInterpolator")
        for c in IRFFixtures.entries("interpolator")[0]["cases"] as! [JSON] {
            let label = c["label"] as! String
            let points = (c["points"] as! [[String]]).map { $0.map { Double($0)! } }
            let values = IRFFixtures.array(c["values"]).values
            let kwargs = c["kwargs"] as! JSON
            let call = c["call"] as! JSON
            let storage: ScaledRegularGridInterpolator.ValueStorage =
                c["float32"] as! Bool ? .float32 : .float64(nativeByteOrder: !(c["big_endian"] as! Bool))
            var fill: Double? = nil
            if kwargs["extrapolate"] as? Bool == false { fill = (kwargs["fill_value"] as? Double) ?? .nan }
            let interpolator = try ScaledRegularGridInterpolator(
                points: points, values: values, storage: storage,
                pointsScale: (c["points_scale"] as! [String]).map { InterpolationScale(gammapyName: $0)! },
                valuesScale: InterpolationScale(gammapyName: kwargs["values_scale"] as? String ?? "lin")!,
                method: ScaledRegularGridInterpolator.Method(rawValue: kwargs["method"] as? String ?? "linear")!,
                fillValue: fill)
            let coords = (c["coords"] as! [Any]).map { IRFFixtures.array($0) }
            let method = (call["method"] as? String).flatMap(ScaledRegularGridInterpolator.Method.init(rawValue:))
            let result = try interpolator(coords, method: method, clip: call["clip"] as? Bool ?? true)
            let expected = IRFFixtures.array(c["result"])
            #expect(result.shape == expected.shape, "\(label): shape")
            deviation.compare(result.values, expected.values, native: IRFFixtures.array(c["result_native"]).values,
                              rtol: 0, label)
        }
        deviation.report()
    }

    @Test func broadcastingFollowsNumpy() {
        #expect(ShapedArray.broadcastShape([[3, 1], [4]]) == [3, 4])
        #expect(ShapedArray.broadcastShape([[2, 1, 5], [7, 1], []]) == [2, 7, 5])
        #expect(ShapedArray.broadcastShape([[3], [4]]) == nil)
    }

    @Test func scalarInterpolationNeedsNearest() {
        #expect(throws: InterpolationError.self) {
            try ScaledRegularGridInterpolator(points: [[1.0]], values: [2.0])
        }
    }
}
