/// Exact floating-point sums and products (Shewchuk 1997), and astropy's `day_frac`, which
/// `Time` uses so that two-part Julian dates round exactly as astropy's do.
enum DoubleDouble {
    /// `a + b` as the rounded sum and its exact error.
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let x = a + b
        var eb = x - a
        var ea = x - eb
        eb = b - eb
        ea = a - ea
        return (x, ea + eb)
    }

    @inline(__always)
    static func split(_ a: Double) -> (high: Double, low: Double) {
        let c = 134217729.0 * a  // 2^27 + 1
        let abig = c - a
        let ah = c - abig
        return (ah, a - ah)
    }

    /// `a * b` as the rounded product and its exact error.
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let x = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        var y = x - ah * bh
        y -= al * bh
        y -= ah * bl
        y = al * bl - y
        return (x, y)
    }

    /// astropy's `day_frac(val1, val2, factor=, divisor=)`: the (optionally scaled) sum as an
    /// integer day and a fraction in [-0.5, 0.5], rounding half to even.
    static func dayFrac(_ val1: Double, _ val2: Double, factor: Double? = nil, divisor: Double? = nil)
        -> (day: Double, frac: Double) {
        var (sum12, err12) = twoSum(val1, val2)
        if let factor {
            var carry: Double
            (sum12, carry) = twoProduct(sum12, factor)
            carry += err12 * factor
            (sum12, err12) = twoSum(sum12, carry)
        }
        if let divisor {
            let q1 = sum12 / divisor
            let (p1, p2) = twoProduct(q1, divisor)
            let (d1, roundoff) = twoSum(sum12, -p1)
            var d2 = roundoff
            d2 += err12
            d2 -= p2
            let q2 = (d1 + d2) / divisor  // three-part float: nothing can be lost here
            (sum12, err12) = twoSum(q1, q2)
        }
        var day = sum12.rounded(.toNearestOrEven)
        let (frac0, check) = twoSum(sum12 - day, err12)
        let excess: Double
        if frac0 * sign(check) != 0.5 {
            excess = frac0.rounded(.toNearestOrEven)
        } else {
            excess = (frac0 + 2 * check).rounded(.toNearestOrEven)
        }
        day += excess
        var frac = sum12 - day
        frac += err12
        return (day, frac)
    }

    /// numpy's `sign`: −1, 0 or 1 (NaN stays NaN).
    @inline(__always)
    private static func sign(_ x: Double) -> Double {
        x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : .nan))
    }
}
