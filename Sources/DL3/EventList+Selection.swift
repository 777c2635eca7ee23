/// Row selections of an event list (Gammapy's `EventList.select_row_subset`,
/// `select_parameter`, `from_stack`).
extension EventList {
    /// The events at `rows`, in that order (a row given twice is there twice, as events stacked
    /// by Gammapy's `EventList.from_stack` are).
    public func selectingRows(_ rows: [Int]) -> EventList {
        var selected = self
        selected.ra = rows.map { ra[$0] }
        selected.dec = rows.map { dec[$0] }
        selected.energy = rows.map { energy[$0] }
        selected.time = rows.map { time[$0] }
        selected.otherColumns = otherColumns.map { column in
            var copy = column
            let width = max(column.repeatCount, 1)
            func pick<T>(_ values: [T]) -> [T] { rows.flatMap { values[($0 * width)..<(($0 + 1) * width)] } }
            switch column.values {
            case .double(let v): copy.values = .double(pick(v))
            case .integer(let v): copy.values = .integer(pick(v))
            case .logical(let v): copy.values = .logical(pick(v))
            case .text(let v): copy.values = .text(rows.map { v[$0] })
            }
            return copy
        }
        return selected
    }

    /// The rows whose numeric scalar column `name` lies in `lower ≤ value < upper` (Gammapy's
    /// `select_parameter(..., is_range=True)`).
    /// - Throws: `DL3Error(.invalidData)` naming the column when it is absent or not numeric.
    public func rows(where name: String, from lower: Double, below upper: Double) throws -> [Int] {
        guard let column = column(name) else {
            throw DL3Error(.invalidData, "the events have no column \(name) (they have \(otherColumns.map(\.name).joined(separator: ", ")))")
        }
        guard column.repeatCount <= 1 else {
            throw DL3Error(.invalidData, "events column \(name) holds \(column.repeatCount) values per event, not one")
        }
        switch column.values {
        case .double(let v): return v.indices.filter { lower <= v[$0] && v[$0] < upper }
        case .integer(let v): return v.indices.filter { lower <= Double(v[$0]) && Double(v[$0]) < upper }
        case .logical, .text: throw DL3Error(.invalidData, "events column \(name) is not numeric")
        }
    }
}
