import Datasets
import Foundation
import Testing
@testable import Makers

/// The Cash statistic and the background-norm minimiser.
@Suite struct FoVFitTests {
    @Test func cashSumTruncatesAsGammapysCompiledSum() {
        let counts = [0.0, 2, 3, 1, 4, 0]
        let npred = [1.5, 0.7, 0, -2, .nan, 1e-30]
        let t = 1e-25, logt = Foundation.log(Double(Float(1e-25)))
        let expected = 2 * (1.5 + (0.7 - 2 * Foundation.log(0.7)) + (t - 3 * logt) + (t - 1 * logt) + (t - 4 * logt) + t)
        #expect(abs(CashStatistic.sum(counts: counts, npred: npred) - expected) <= 1e-12 * abs(expected))
        // the per-bin function uses log(1e-25) in double, as gammapy.stats.cash
        #expect(CashStatistic.value(counts: 3, npred: 0) == 2 * (t - 3 * Foundation.log(t)))
        #expect(CashStatistic.logTruncationValue != Foundation.log(1e-25))
    }

    /// With the tilt frozen the minimum is N / B (over bins with positive background) and the
    /// error √N / B: Gammapy's 'scale' numbers.
    @Test func frozenTiltGivesCountsOverBackground() throws {
        let counts = [3.0, 0, 5, 2, 7, 1, 0, 4]
        let background = [2.5, 1.0, 3.2, 0.0, 4.1, 0.9, 1.3, 2.2]   // one bin without background
        let like = BackgroundNormLikelihood(counts: counts, background: background, mask: nil, energies: [1.5, 4.0])
        let fit = try BackgroundNormFit.fit(like, start: FoVBackgroundMaker.plNorm())
        let n = 20.0, b = 15.2   // bin 3 (background 0, 2 counts) cannot be described
        #expect(fit.success)
        #expect(abs(fit.model.norm.value - n / b) <= 1e-14)
        #expect(abs(fit.model.norm.error - n.squareRoot() / b) <= 1e-14)
        #expect(fit.model.tilt.value == 0 && fit.model.tilt.error == 0)
        #expect(fit.edm < 1e-20)
        #expect(fit.covariance[1][1] == fit.model.norm.error * fit.model.norm.error)
        #expect(abs(fit.totalStat - like.statSum(norm: n / b, tilt: 0, reference: 1)) < 1e-12)
    }

    /// With a free tilt: the gradient of Gammapy's exact statistic vanishes at the result and
    /// the errors are √(2 (H⁻¹)ᵢᵢ) of its Hessian (finite differences of `statSum`).
    @Test func freeTiltIsTheMinimumOfTheExactStatistic() throws {
        let geom = try FoVSupport.geom(energy: (0.5, 20, 8))
        let d = FoVSupport.dataset(geom: geom, truthNorm: 0.9, truthTilt: 0.2)
        let like = BackgroundNormLikelihood(counts: d.counts!.data, background: d.background!.data, mask: nil,
                                            energies: geom.axes[0].centers)
        let fit = try BackgroundNormFit.fit(like, start: FoVBackgroundMaker.plNorm(freeTilt: true))
        #expect(fit.success && !fit.degenerate)
        let n = fit.model.norm.value, t = fit.model.tilt.value
        let c = { (n: Double, t: Double) in like.statSum(norm: n, tilt: t, reference: 1) }
        let hn = 1e-4 * n, ht = 1e-4
        let gn = (c(n + hn, t) - c(n - hn, t)) / (2 * hn)
        let gt = (c(n, t + ht) - c(n, t - ht)) / (2 * ht)
        #expect(abs(gn) < 1e-4 && abs(gt) < 1e-4)
        let hnn = (c(n + hn, t) - 2 * c(n, t) + c(n - hn, t)) / (hn * hn)
        let htt = (c(n, t + ht) - 2 * c(n, t) + c(n, t - ht)) / (ht * ht)
        let hnt = (c(n + hn, t + ht) - c(n + hn, t - ht) - c(n - hn, t + ht) + c(n - hn, t - ht)) / (4 * hn * ht)
        let det = hnn * htt - hnt * hnt
        let varN = 2 * htt / det, varT = 2 * hnn / det, covNT = -2 * hnt / det
        #expect(abs(fit.model.norm.error / varN.squareRoot() - 1) < 1e-5)
        #expect(abs(fit.model.tilt.error / varT.squareRoot() - 1) < 1e-5)
        #expect(abs(fit.covariance[0][1] / covNT - 1) < 1e-4)
        #expect(abs(n - 0.9) < 0.05 && abs(t - 0.2) < 0.05)
    }

    /// Background with bins below the truncation value: those bins count as constants, as in
    /// Gammapy; the result is still the minimum of the exact statistic.
    @Test func binsBelowTheTruncationValue() throws {
        let counts = [4.0, 2, 1, 3]
        let background = [3.0, 1e-30, 1.5, 2.0]
        let like = BackgroundNormLikelihood(counts: counts, background: background, mask: nil, energies: [1, 2, 3, 4])
        let fit = try BackgroundNormFit.fit(like, start: FoVBackgroundMaker.plNorm())
        #expect(fit.success)
        // 1e-30 × norm stays below 1e-25: that bin is constant, norm = 8 / 6.5
        #expect(abs(fit.model.norm.value - 8 / 6.5) < 1e-14)
    }

    @Test func startsAtTheCurrentValuesAndSurvivesABadStart() throws {
        let like = BackgroundNormLikelihood(counts: [10, 20, 30], background: [9, 18, 33], mask: nil, energies: [1, 2, 4])
        let a = try BackgroundNormFit.fit(like, start: FoVBackgroundMaker.plNorm(freeTilt: true))
        for start in [1e-8, 1e6, -3, .nan] {
            var model = FoVBackgroundMaker.plNorm(freeTilt: true)
            model.norm.value = start
            let fit = try BackgroundNormFit.fit(like, start: model)
            #expect(fit.success, "start \(start): \(fit.message)")
            #expect(abs(fit.model.norm.value - a.model.norm.value) < 1e-12)
            #expect(abs(fit.model.tilt.value - a.model.tilt.value) < 1e-12)
        }
        var far = FoVBackgroundMaker.plNorm(freeTilt: true)
        far.norm.value = 1e4
        far.tilt.value = -5
        let b = try BackgroundNormFit.fit(like, start: far)
        #expect(abs(a.model.norm.value - b.model.norm.value) < 1e-12)
        #expect(abs(a.model.tilt.value - b.model.tilt.value) < 1e-12)
    }

    @Test func degenerateAndHopelessCasesDoNotCrash() throws {
        // all background in one energy bin: norm and tilt degenerate, a line of minima
        let one = BackgroundNormLikelihood(counts: [0, 7, 0], background: [0, 5, 0], mask: nil, energies: [1, 2, 4])
        let d = try BackgroundNormFit.fit(one, start: FoVBackgroundMaker.plNorm(freeTilt: true))
        #expect(d.success && d.degenerate)
        #expect(abs(d.model.norm.value * pow(2, -d.model.tilt.value) - 7.0 / 5) < 1e-12)
        #expect(d.model.norm.error.isInfinite && d.model.tilt.error.isInfinite)

        // no counts: the minimum is at norm → 0
        let empty = BackgroundNormLikelihood(counts: [0, 0], background: [1, 2], mask: nil, energies: [1, 2])
        let e = try BackgroundNormFit.fit(empty, start: FoVBackgroundMaker.plNorm())
        #expect(!e.success && e.message.contains("no counts"))

        // no background: flat statistic
        let flat = BackgroundNormLikelihood(counts: [1, 2], background: [0, 0], mask: nil, energies: [1, 2])
        #expect(try !BackgroundNormFit.fit(flat, start: FoVBackgroundMaker.plNorm()).success)

        // counts only in the lowest energy bin, background in all: the tilt runs away
        let away = BackgroundNormLikelihood(counts: [9, 0, 0], background: [3, 3, 3], mask: nil, energies: [1, 2, 4])
        let r = try BackgroundNormFit.fit(away, start: FoVBackgroundMaker.plNorm(freeTilt: true))
        #expect(!r.success)
        #expect(r.model.norm.value.isFinite && r.model.tilt.value.isFinite)

        // nothing free
        var frozen = FoVBackgroundMaker.plNorm()
        frozen.norm.frozen = true
        #expect(throws: BackgroundNormFitError.self) { try BackgroundNormFit.fit(flat, start: frozen) }
    }

    @Test func tiltAloneWithFrozenNorm() throws {
        let like = BackgroundNormLikelihood(counts: [12, 8, 3], background: [10, 10, 10], mask: nil, energies: [1, 2, 4])
        var model = FoVBackgroundMaker.plNorm(freeTilt: true)
        model.norm.frozen = true
        let fit = try BackgroundNormFit.fit(like, start: model)
        #expect(fit.success)
        #expect(fit.model.norm.value == 1 && fit.model.norm.error == 0)
        // dC/dtilt = 0: Σ log(E) (μ − n) = 0
        let t = fit.model.tilt.value
        let g = zip([1.0, 2, 4], [12.0, 8, 3]).map { e, n in Foundation.log(e) * (10 * pow(e, -t) - n) }.reduce(0, +)
        #expect(abs(g) < 1e-10)
    }

    /// The likelihood of each H.E.S.S. case of fov-hess.json rebuilt from Gammapy's per-energy
    /// sums (one bin per energy: the same minimum and Hessian as the full map): the fit lands on
    /// the true minimum the reference script found with numpy (1e-10), Gammapy's 'scale' number
    /// for a frozen tilt, and within MIGRAD's tolerance (0.02 σ) of Gammapy's MIGRAD result.
    @Test(arguments: (FoVSupport.fixture("fov-hess")["cases"] as! [FoVJSON]).map { $0["label"] as! String })
    func gammapyCasesFromPerEnergySums(label: String) throws {
        let c = (FoVSupport.fixture("fov-hess")["cases"] as! [FoVJSON]).first { $0["label"] as? String == label }!
        let sums = c["per_energy"] as! FoVJSON
        let like = BackgroundNormLikelihood(counts: FoVSupport.numbers(sums["counts"]),
                                            background: FoVSupport.numbers(sums["background"]), mask: nil,
                                            energies: FoVSupport.numbers(c["energy_centers"]))
        for (key, freeTilt) in [("fit", false), ("fit_tilt", true)] {
            let fit = try BackgroundNormFit.fit(like, start: FoVBackgroundMaker.plNorm(freeTilt: freeTilt))
            let truth = c[key + "_true"] as! FoVJSON, migrad = c[key] as! FoVJSON
            #expect(fit.success && fit.edm < 1e-12)
            #expect(abs(fit.model.norm.value / FoVSupport.number(truth["norm"]) - 1) < 1e-10)
            #expect(abs(fit.model.tilt.value - FoVSupport.number(truth["tilt"])) < 1e-10)
            #expect(abs(fit.model.norm.error / FoVSupport.number(truth["norm_error"]) - 1) < 1e-9)
            if freeTilt {
                #expect(abs(fit.model.tilt.error / FoVSupport.number(truth["tilt_error"]) - 1) < 1e-9)
                #expect(abs(fit.covariance[0][1] / FoVSupport.number(truth["norm_tilt_covariance"]) - 1) < 1e-8)
            } else {
                let scale = c["scale"] as! FoVJSON
                #expect(abs(fit.model.norm.value / FoVSupport.number(scale["norm"]) - 1) < 1e-13)
                #expect(abs(fit.model.norm.error / FoVSupport.number(scale["norm_error"]) - 1) < 1e-13)
            }
            #expect(abs(fit.model.norm.value - FoVSupport.number(migrad["norm"])) <= 0.02 * fit.model.norm.error)
            #expect(abs(fit.model.tilt.value - FoVSupport.number(migrad["tilt"])) <= 0.02 * max(fit.model.tilt.error, 1e-300))
            #expect(FoVSupport.number(migrad["edm"]) < 2e-4 && (migrad["valid"] as! Bool))
        }
    }
}
