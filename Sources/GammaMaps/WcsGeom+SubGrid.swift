import Sky

extension WcsGeom {
    /// Where this image lies in `parent`'s pixel grid, when it is a window of it: pixel (i, j)
    /// here is pixel (i + x, j + y) there, and the two WCS give it the same sky position bit for
    /// bit. Nil otherwise.
    ///
    /// A cutout differs from its map only by an integer shift of CRPIX, and wcslib's only use of
    /// CRPIX is `pixel − CRPIX`, before anything else: when `parent.crpix − crpix` is exactly the
    /// integer shift, `(i + 1) − crpix` and `(i + x + 1) − parent.crpix` are the same real number,
    /// rounded to the same double, and everything after is the same computation. So per-pixel
    /// values of the parent (centres, corners, solid angles) can be sliced instead of recomputed.
    public func pixelOffset(in parent: WcsGeom) -> (x: Int, y: Int)? {
        let a = wcs, b = parent.wcs
        guard a.ctype == b.ctype, a.crval == b.crval, a.cdelt == b.cdelt, a.pc == b.pc, a.cd == b.cd,
              a.radesys == b.radesys, a.equinox == b.equinox, a.lonpole == b.lonpole, a.latpole == b.latpole
        else { return nil }
        guard let x = Self.exactShift(from: a.crpix[0], to: b.crpix[0]),
              let y = Self.exactShift(from: a.crpix[1], to: b.crpix[1]),
              x >= 0, y >= 0, x + npix.lon <= parent.npix.lon, y + npix.lat <= parent.npix.lat
        else { return nil }
        return (x, y)
    }

    /// The integer `s` with `a + s == b` exactly (as real numbers), or nil.
    static func exactShift(from a: Double, to b: Double) -> Int? {
        let d = (b - a).rounded()
        guard d.isFinite, abs(d) < 1e9 else { return nil }
        // Knuth's TwoSum: `sum` is a + d rounded and `error` what rounding dropped
        let sum = a + d
        let bv = sum - a
        let error = (a - (sum - bv)) + (d - bv)
        return sum == b && error == 0 ? Int(d) : nil
    }
}
