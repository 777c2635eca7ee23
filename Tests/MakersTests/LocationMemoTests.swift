import GammaMaps
import Testing
@testable import Makers

/// Locations served from the memo are those the locator finds, for the same array on the same
/// grid, and never for a changed array or another grid.
struct LocationMemoTests {
    static func same(_ a: [GridLocator.Location], _ b: [GridLocator.Location]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy {
            $0.cell == $1.cell && $0.upper == $1.upper && $0.fraction.bitPattern == $1.fraction.bitPattern
                && $0.outside == $1.outside && $0.isNaN == $1.isNaN
        }
    }

    @Test func servesTheSameArrayAndNothingElse() throws {
        let memo = LocationMemo(capacity: 2)
        let axis = try MapAxis.fromEdges(NumpyCompat.linspace(-2.5, 2.5, 51), name: "fov_lon", unit: "deg")
        let other = try MapAxis.fromEdges(NumpyCompat.linspace(-3, 3, 31), name: "fov_lon", unit: "deg")
        let locator = try GridLocator(axis), otherLocator = try GridLocator(other)
        let coordinates = (0..<5000).map { Double($0) * 0.001 - 2.6 }
        let first = memo.locations(locator, coordinates)
        #expect(Self.same(first, locator.locate(coordinates)))
        #expect(Self.same(memo.locations(locator, coordinates), first))
        // another grid: its own locations
        #expect(Self.same(memo.locations(otherLocator, coordinates), otherLocator.locate(coordinates)))
        // a changed copy has storage of its own: located afresh
        var changed = coordinates
        changed[100] = 1.2345
        let located = memo.locations(locator, changed)
        #expect(Self.same(located, locator.locate(changed)))
        #expect(located[100].cell != first[100].cell)
        // small arrays are not kept
        #expect(Self.same(memo.locations(locator, [0.1, 0.2]), locator.locate([0.1, 0.2])))
    }
}
