import DL3
import GammaMaps
import IRF
import Sky

/// Whether point ON and OFF regions of a point-like analysis overlap once each takes its RAD_MAX
/// size (Gammapy's `are_regions_overlapping_rad_max`): some pair of centres closer than twice
/// the RAD_MAX at the ON region's offset, in any RAD_MAX energy bin that overlaps
/// [`energyMin`, `energyMax`] (TeV). Gammapy then drops every OFF region.
public enum RadMaxOverlap {
    public static func exists(centers: [SkyCoord], radMax: RadMax2D, offset: Double, energyMin: Double, energyMax: Double) throws -> Bool {
        var separations: [Double] = []
        for i in centers.indices {
            for j in centers.indices where j > i { separations.append(centers[i].separation(to: centers[j])) }
        }
        let cut = try radMax.degrees(radMax.evaluate(offset: ShapedArray(scalar: offset)).values)
        let axis = radMax.energyAxis
        let inRange = cut.indices.filter { axis.edgesMax[$0] >= energyMin && axis.edgesMin[$0] <= energyMax }
        return separations.contains { s in inRange.contains { s < 2 * cut[$0] } }
    }
}

extension RadMax2D {
    /// RAD_MAX values (in the table's `unit`) in degrees.
    func degrees(_ values: [Double]) throws -> [Double] {
        if unit == "deg" || unit.isEmpty { return values }
        guard let factor = UnitConversion.factor(from: unit, to: "deg") else {
            throw MapMakingError(.unsupported, "the RAD_MAX unit '\(unit)' is not an angle")
        }
        return values.map { $0 * factor }
    }
}
