/// Fixed-width text columns for terminal tables (Foundation's `%-10@` does not pad on Linux).
struct TextTable {
    enum Alignment { case left, right }
    var columns: [(title: String, unit: String, alignment: Alignment)]
    var rows: [[String]] = []

    init(_ columns: [(String, String, Alignment)]) {
        self.columns = columns.map { (title: $0.0, unit: $0.1, alignment: $0.2) }
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    var rendered: String {
        let widths = columns.indices.map { i in
            max(columns[i].title.count, columns[i].unit.count, rows.map { $0[i].count }.max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { i in
                let padding = String(repeating: " ", count: max(0, widths[i] - cells[i].count))
                return columns[i].alignment == .left ? cells[i] + padding : padding + cells[i]
            }.joined(separator: "  ").trimmingTrailingBlanks()
        }
        return ([line(columns.map(\.title)), line(columns.map(\.unit))] + rows.map(line)).joined(separator: "\n")
    }
}

/// A number with a fixed count of decimals, or "–" when unknown (NaN).
func fixed(_ value: Double, _ decimals: Int) -> String {
    value.isNaN ? "–" : String(format: "%.\(decimals)f", value)
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
