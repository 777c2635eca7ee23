import CERFA
import Foundation

extension Time {
    /// The ISO-8601 string in `scale`, exactly as astropy's `Time.isot` (`t.utc.isot`, …):
    /// `"2004-03-26T02:57:45.123"`, seconds with `precision` decimals (astropy's default 3),
    /// rounded by ERFA's `eraD2dtf`. Inside a leap second UTC shows `23:59:60.xxx`.
    public func isot(scale: TimeScale = .utc, precision: Int = 3) throws -> String {
        let ndp = Int32(max(0, min(precision, 9)))
        let jd = try self.jd(in: scale)
        var iy: Int32 = 0, im: Int32 = 0, id: Int32 = 0
        var ihmsf: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        let status = withUnsafeMutablePointer(to: &ihmsf) { p in
            p.withMemoryRebound(to: Int32.self, capacity: 4) { eraD2dtf(scale.erfaName, ndp, jd.jd1, jd.jd2, &iy, &im, &id, $0) }
        }
        try TimeConversion.check(status, doing: "formatting as a calendar date", jd: jd.jd1 + jd.jd2)
        var text = "\(iy)-\(Self.pad(im, 2))-\(Self.pad(id, 2))T\(Self.pad(ihmsf.0, 2)):\(Self.pad(ihmsf.1, 2)):\(Self.pad(ihmsf.2, 2))"
        if ndp > 0 { text += "." + Self.pad(ihmsf.3, Int(ndp)) }
        return text
    }

    /// Parses an ISO-8601 date and time in `scale`, as astropy's `Time("2004-03-26T02:57:45.123",
    /// scale=…)`: `YYYY-MM-DDTHH:MM:SS[.sss]`, `YYYY-MM-DD HH:MM:SS[.sss]`, `YYYY-MM-DDTHH:MM` or
    /// `YYYY-MM-DD`. A UTC leap second (`23:59:60.5` on 2016-12-31) is accepted.
    public init(isot text: String, scale: TimeScale) throws {
        let fail = { (why: String) in SkyError(.cannotParse, subject: "time '\(text)'", message: why) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { $0 == "T" || $0 == " " }).map(String.init)
        guard parts.count == 1 || parts.count == 2 else { throw fail("expected YYYY-MM-DD[THH:MM[:SS[.sss]]]") }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false)
        guard date.count == 3, let y = Int32(date[0]), let m = Int32(date[1]), let d = Int32(date[2]),
              date[1].count == 2, date[2].count == 2 else { throw fail("cannot read the date YYYY-MM-DD") }
        var hour: Int32 = 0, minute: Int32 = 0, second = 0.0
        if parts.count == 2 {
            let hms = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard hms.count == 2 || hms.count == 3, let h = Int32(hms[0]), let mi = Int32(hms[1]) else {
                throw fail("cannot read the time HH:MM[:SS[.sss]]")
            }
            hour = h
            minute = mi
            if hms.count == 3 {
                guard let s = Double(hms[2]), s.isFinite, hms[2].first?.isNumber == true else { throw fail("cannot read the seconds") }
                second = s
            }
        }
        var d1 = 0.0, d2 = 0.0
        let status = eraDtf2d(scale.erfaName, y, m, d, hour, minute, second, &d1, &d2)
        if status < 0 {
            let what = [-1: "year", -2: "month", -3: "day", -4: "hour", -5: "minute", -6: "second"][Int(status)] ?? "date"
            throw SkyError(.erfa(status), subject: "time '\(text)'", message: "bad \(what) (ERFA eraDtf2d status \(status))")
        }
        try self.init(jd1: d1, jd2: d2, scale: scale)
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    package static func pad<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
