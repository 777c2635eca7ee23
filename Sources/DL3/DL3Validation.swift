import FITSIO

// Checks of values as they are read from DL3 HDUs: a damaged file is an error naming the file,
// HDU and keyword or column, not a silently wrong livetime, pointing or count. The observation id
// is added by `Observation.attributing`.

extension FITSHeader {
    /// The number in keyword `key`, nil when the header has none; an error when the keyword holds
    /// something else (a string that is not a number, a logical, no value) or a number that
    /// `isValid` refuses (`expected` says what is wanted, e.g. "in (0, 1]").
    func checkedDouble(_ key: String, expected: String, _ isValid: (Double) -> Bool) throws -> Double? {
        guard let value = self[key] else { return nil }
        let location = "\(file), HDU \(hduName), keyword \(key)"
        guard let number = double(key) else {
            if case .undefined = value { throw DL3Error(.invalidData, "\(location): the keyword has no value") }
            throw DL3Error(.invalidData, "\(location): '\(value)' is not a number")
        }
        guard isValid(number) else { throw DL3Error(.invalidData, "\(location): \(number) is not \(expected)") }
        return number
    }
}

extension FITSTable {
    /// Throws unless every value of a column passes `isValid` (one pass over the array, no copy).
    /// The error gives the first bad row, counted from 1 as in FITS.
    func requireEvery(_ values: [Double], column: String, _ expected: String, _ isValid: (Double) -> Bool) throws {
        guard let i = values.firstIndex(where: { !isValid($0) }) else { return }
        throw DL3Error(.invalidData, "\(file.path), HDU \(name), column \(column): row \(i + 1) of \(values.count) holds \(values[i]), "
                           + "which is not \(expected)")
    }
}
