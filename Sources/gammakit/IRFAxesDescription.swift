import GammaKit

/// Describes the axes of a GADF IRF table from its `*_LO`/`*_HI` columns.
enum IRFAxesDescription {
    static func axes(of table: FITSTable) throws -> [String] {
        var lines: [String] = []
        for low in table.columns where low.name.uppercased().hasSuffix("_LO") {
            let stem = String(low.name.dropLast(3))
            guard let high = table.columnInfo(stem + "_HI") else { continue }
            let lo = try table.column(low.name, as: Double.self)
            let hi = try table.column(high.name, as: Double.self)
            guard let first = lo.first, let last = hi.last else { continue }
            let name = stem.padding(toLength: 8, withPad: " ", startingAt: 0)
            lines.append("axis \(name) \(String(lo.count).leftPadded(4)) bins  \(String(format: "%.4g", first)) – \(String(format: "%.4g", last)) \(low.unit)")
        }
        let data = table.columns.filter { !$0.name.uppercased().hasSuffix("_LO") && !$0.name.uppercased().hasSuffix("_HI") }
        for column in data {
            lines.append("data \(column.name.padding(toLength: 8, withPad: " ", startingAt: 0)) shape \(column.dimensions) \(column.unit)")
        }
        return lines
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
