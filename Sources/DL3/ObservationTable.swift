import FITSIO

/// The observation index of a data store: one row per observation with its pointing, times
/// and livetime ([GADF obs index](https://gamma-astro-data-formats.readthedocs.io/en/latest/data_storage/obs_index/index.html)).
/// Columns are kept as read; numeric ones as `Double` (NaN where blank), text ones as `String`.
public struct ObservationTable: Sendable {
    public let path: String
    public let header: FITSHeader
    /// OBS_ID of each row; rows are unique by OBS_ID (the first row of a duplicate is kept, as Gammapy does).
    public let obsIDs: [Int]
    public let numericColumns: [String: [Double]]
    public let textColumns: [String: [String]]
    public let units: [String: String]
    private let rowByObsID: [Int: Int]

    public init(path: String) throws {
        let table: FITSTable
        do {
            let file = try FITSFile(path: path)
            table = try file.hdus.contains { $0.name.uppercased() == "OBS_INDEX" } ? file.table("OBS_INDEX") : file.table(at: 1)
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "cannot read the observation index \(path)", underlying: error)
        }
        var numeric: [String: [Double]] = [:]
        var text: [String: [String]] = [:]
        var units: [String: String] = [:]
        var ids: [Int64] = []
        do {
            ids = try table.column("OBS_ID", as: Int64.self)
            for column in table.columns {
                let name = column.name.uppercased()
                units[name] = column.unit
                switch column.typeCode {
                case "A": text[name] = try table.stringColumn(column.name)
                case "L": numeric[name] = try table.logicalColumn(column.name).map { $0 ? 1 : 0 }
                case "B", "I", "J", "K", "E", "D":
                    if column.repeatCount == 1 { numeric[name] = try table.column(column.name, as: Double.self) }
                default: continue
                }
            }
        } catch let error as FITSError {
            throw DL3Error(.unreadable, "cannot read the observation index \(path)", underlying: error)
        }
        // Unique by OBS_ID, keeping the first occurrence, sorted as astropy's table.unique sorts.
        var firstRow: [Int: Int] = [:]
        for (i, id) in ids.enumerated() where firstRow[Int(id)] == nil { firstRow[Int(id)] = i }
        let keep = firstRow.sorted { $0.key < $1.key }.map(\.value)
        self.obsIDs = keep.map { Int(ids[$0]) }
        self.numericColumns = numeric.mapValues { values in keep.map { values[$0] } }
        self.textColumns = text.mapValues { values in keep.map { values[$0] } }
        self.units = units
        self.path = path
        self.header = table.header
        var byID: [Int: Int] = [:]
        for (i, id) in obsIDs.enumerated() { byID[id] = i }
        self.rowByObsID = byID
    }

    public var count: Int { obsIDs.count }

    public func row(obsID: Int) -> Int? { rowByObsID[obsID] }

    /// A numeric cell; nil when the column is absent, or the value blank (NaN).
    public func double(_ column: String, obsID: Int) -> Double? {
        guard let row = rowByObsID[obsID], let values = numericColumns[column.uppercased()] else { return nil }
        return values[row].isNaN ? nil : values[row]
    }

    public func string(_ column: String, obsID: Int) -> String? {
        guard let row = rowByObsID[obsID], let values = textColumns[column.uppercased()] else { return nil }
        return values[row]
    }

    public func hasColumn(_ name: String) -> Bool {
        numericColumns[name.uppercased()] != nil || textColumns[name.uppercased()] != nil
    }
}
