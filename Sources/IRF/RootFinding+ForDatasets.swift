/// The first root of `f` between `lower` and `upper` as Gammapy's `find_roots` finds it (the
/// range cut into `nbin` brackets, log-spaced with `logScale`, scipy's `brentq` in the first
/// bracket where `f` changes sign); NaN when there is none. For the makers that invert spectra
/// (`SafeMaskMaker`'s `aeff-max`, Gammapy's `TemplateSpectralModel.inverse`).
public func firstRoot(of f: (Double) -> Double, lower: Double, upper: Double, nbin: Int = 100, logScale: Bool) -> Double {
    RootFinding.firstRoot(f, lower: lower, upper: upper, nbin: nbin, logScale: logScale)
}
