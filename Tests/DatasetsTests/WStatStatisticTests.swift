@testable import Datasets
import GammaMaps
import Testing

/// WStat against Gammapy 2.1's `gammapy.stats.wstat` and `get_wstat_mu_bkg`, for bins with and
/// without ON and OFF counts and signal. Made with
///   n_on=[0,0,3,10,7,1,0,25,2]; n_off=[0,5,0,12,40,1,3,30,9]; alpha=[0.1,0.2,0.5,1/6,1/21,1,0.3,0.0833,2.5]
///   mu=[0,1.5,2,3.3,0,0.2,0,10.5,1e-3]; np.nan_to_num(wstat(n_on, n_off, alpha, mu)), also with extra_terms=False,
///   and np.sum of the first.
struct WStatStatisticTests {
    static let nOn: [Double] = [0, 0, 3, 10, 7, 1, 0, 25, 2]
    static let nOff: [Double] = [0, 5, 0, 12, 40, 1, 3, 30, 9]
    static let alpha: [Double] = [0.1, 0.2, 0.5, 1.0 / 6, 1.0 / 21, 1, 0.3, 0.0833, 2.5]
    static let mu: [Double] = [0, 1.5, 2, 3.3, 0, 0.2, 0, 10.5, 1e-3]

    static let muBkg = [0.0, 4.166666666666667, 0.0, 13.807205388271566, 44.86363636363636, 0.9099019513592785,
                        2.3076923076923075, 32.413665931192575, 3.1427844231570554]
    static let wstat = [0.0, 4.823215567939545, 0.4327906486489872, 3.0420795591598093, 7.435419452951635,
                        0.01990130887970043, 1.5741855868049481, 8.517212851984283, 13.46604842772492]
    static let wstatWithoutExtraTerms = [0.0, -1.2711635564014578, -0.1588830833596715, -58.647381895633124, -220.91767896293766,
                                         4.0199013088797, 0.9825118547962894, -246.49842129115507, -6.856582686566815]

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-13 * max(abs(b), 1) }

    @Test func binsAsGammapy() {
        for i in Self.nOn.indices {
            let bkg = WStatStatistic.backgroundEstimate(counts: Self.nOn[i], countsOff: Self.nOff[i], alpha: Self.alpha[i], npredSignal: Self.mu[i])
            #expect(Self.close(bkg, Self.muBkg[i]), "bin \(i): mu_bkg \(bkg)")
            let stat = NumpyCompat.nanToNum(WStatStatistic.value(counts: Self.nOn[i], countsOff: Self.nOff[i], alpha: Self.alpha[i], npredSignal: Self.mu[i]))
            #expect(Self.close(stat, Self.wstat[i]), "bin \(i): wstat \(stat)")
            let bare = NumpyCompat.nanToNum(WStatStatistic.value(counts: Self.nOn[i], countsOff: Self.nOff[i], alpha: Self.alpha[i],
                                                                    npredSignal: Self.mu[i], extraTerms: false))
            #expect(Self.close(bare, Self.wstatWithoutExtraTerms[i]), "bin \(i): without extra terms \(bare)")
        }
    }

    @Test func sumOverTheMask() {
        let all = WStatStatistic.sum(counts: Self.nOn, countsOff: Self.nOff, alpha: Self.alpha, npredSignal: Self.mu, mask: nil)
        #expect(Self.close(all, 39.31085340409383))
        let mask = Self.nOn.indices.map { $0 % 2 == 0 }
        let some = WStatStatistic.sum(counts: Self.nOn, countsOff: Self.nOff, alpha: Self.alpha, npredSignal: Self.mu, mask: mask)
        #expect(Self.close(some, [0, 2, 4, 6, 8].map { Self.wstat[$0] }.reduce(0, +)))
    }
}
