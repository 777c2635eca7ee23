import Datasets
import Foundation
import GammaMaps
import Sky
import Testing
import TestSupport
@testable import Makers

/// FoVBackgroundMaker on synthetic datasets: Gammapy's scale formula, the fit, masks, warnings.
@Suite struct FoVBackgroundMakerTests {
    static func exclusion(_ geom: WcsGeom, radius: Double = 0.3) -> WcsNDMap<Bool> {
        geom.toImage().regionMask([.circle(center: geom.centerSkyDir, radius: radius)], inside: false)
    }

    /// Sums over safe × exclusion, computed directly.
    static func sums(_ d: MapDataset<WcsGeom>, _ mask: [Bool]) -> (n: Double, b: Double) {
        var n = 0.0, b = 0.0
        for k in mask.indices where mask[k] {
            n += d.counts!.data[k]
            b += d.background!.data[k]
        }
        return (n, b)
    }

    @Test func scaleIsCountsOverBackgroundOutsideTheExclusion() throws {
        let geom = try FoVSupport.geom()
        var d = FoVSupport.dataset(geom: geom)
        // cut the lowest energy bin from the safe mask
        for k in 0..<geom.spatialPixelCount { d.maskSafe!.data[k] = false }
        let excl = Self.exclusion(geom)
        let maker = FoVBackgroundMaker(method: .scale, exclusionMask: excl)
        let out = try maker.run(d)
        let full = try ExclusionMask.reproject(excl, to: geom)
        let (n, b) = Self.sums(d, zip(d.maskSafe!.data, full.data).map { $0 && $1 })
        #expect(abs(out.backgroundModel!.norm.value - n / b) <= 1e-14)
        #expect(abs(out.backgroundModel!.norm.error - n.squareRoot() / b) <= 1e-14)
        #expect(out.backgroundModel!.tilt == .init(value: 0, frozen: true))
        #expect(out.maskSafe == d.maskSafe)
        #expect(out.maskFit == nil)          // restored
        #expect(out.background == d.background)
        // npred_background = background × norm
        let npred = try out.npredBackground()!
        #expect(npred.data[123] == d.background!.data[123] * out.backgroundModel!.norm.value)
    }

    @Test func fitWithFrozenTiltEqualsScale() throws {
        let geom = try FoVSupport.geom()
        let d = FoVSupport.dataset(geom: geom, truthNorm: 0.93)
        let excl = Self.exclusion(geom)
        let scaled = try FoVBackgroundMaker(method: .scale, exclusionMask: excl).run(d)
        let report = try FoVBackgroundMaker(method: .fit, exclusionMask: excl).runReporting(d)
        #expect(report.status == .fitted && report.warnings.isEmpty)
        let a = scaled.backgroundModel!.norm, b = report.dataset.backgroundModel!.norm
        #expect(abs(a.value - b.value) <= 1e-14)
        #expect(abs(a.error - b.error) <= 1e-14)
        #expect(report.fit!.edm < 1e-20)
    }

    @Test func fitWithFreeTiltRecoversTheSimulatedModel() throws {
        let geom = try FoVSupport.geom(width: 4, binsz: 0.05, energy: (0.5, 30, 10))
        let d = FoVSupport.dataset(geom: geom, truthNorm: 1.05, truthTilt: -0.15, seed: 3)
        let maker = FoVBackgroundMaker(method: .fit, exclusionMask: Self.exclusion(geom),
                                       spectralModel: FoVBackgroundMaker.plNorm(freeTilt: true))
        let m = try maker.run(d).backgroundModel!
        #expect(!m.tilt.frozen)
        #expect(abs(m.norm.value - 1.05) < 3 * m.norm.error)
        #expect(abs(m.tilt.value + 0.15) < 3 * m.tilt.error)
        #expect(m.norm.error > 0 && m.tilt.error > 0)
    }

    @Test func anExistingModelIsKept() throws {
        let geom = try FoVSupport.geom()
        var d = FoVSupport.dataset(geom: geom)
        d.backgroundModel = BackgroundNormModel(norm: .init(value: 2))
        let out = try FoVBackgroundMaker(method: .scale).run(d)
        let (n, b) = Self.sums(d, d.maskSafe!.data)
        // Gammapy sets norm = counts / npred_background, the prediction already scaled by 2
        #expect(abs(out.backgroundModel!.norm.value - n / (2 * b)) <= 1e-14)
    }

    @Test func exclusionMasksFromOtherGeometriesAreReprojected() throws {
        let geom = try FoVSupport.geom()
        let d = FoVSupport.dataset(geom: geom)
        // a Galactic TAN mask, coarser, covering only part of the dataset: outside it, excluded
        let center = geom.centerSkyDir.transformed(to: .galactic)
        let other = try WcsGeom.create(skydir: center, width: LonLat(1.5), binsz: LonLat(0.07), frame: .galactic, proj: "TAN")
        let mask = other.regionMask([.circle(center: center, radius: 0.25)], inside: false)
        let maker = FoVBackgroundMaker(method: .scale, exclusionMask: mask)
        let projected = try maker.makeExclusionMask(for: geom)
        let direct = try mask.interpToGeom(geom)
        #expect(projected.data == direct.data)
        #expect(projected.data.contains(false) && projected.data.contains(true))
        let (n, b) = Self.sums(d, projected.data)
        #expect(abs(try maker.run(d).backgroundModel!.norm.value - n / b) <= 1e-14)

        // a 3D mask with an energy axis excludes per energy bin
        var cube = WcsNDMap<Bool>.fromGeom(geom, fill: true)
        for k in 0..<geom.spatialPixelCount { cube.data[k] = false }   // first energy bin excluded
        let m3 = try FoVBackgroundMaker(method: .scale, exclusionMask: cube).run(d)
        let (n3, b3) = Self.sums(d, cube.data)
        #expect(abs(m3.backgroundModel!.norm.value - n3 / b3) <= 1e-14)
    }

    @Test func theFitMaskCombinesWithTheExclusionAndIsRestored() throws {
        let geom = try FoVSupport.geom()
        var d = FoVSupport.dataset(geom: geom)
        var fitMask = WcsNDMap<Bool>.fromGeom(geom, fill: true)
        for k in stride(from: 0, to: fitMask.data.count, by: 3) { fitMask.data[k] = false }
        d.maskFit = fitMask
        let excl = Self.exclusion(geom)
        let out = try FoVBackgroundMaker(method: .scale, exclusionMask: excl).run(d)
        #expect(out.maskFit == fitMask)
        let full = try ExclusionMask.reproject(excl, to: geom)
        let mask = (0..<fitMask.data.count).map { fitMask.data[$0] && full.data[$0] && d.maskSafe!.data[$0] }
        let (n, b) = Self.sums(d, mask)
        #expect(abs(out.backgroundModel!.norm.value - n / b) <= 1e-14)
    }

    // MARK: - When the background cannot be normalised (Gammapy's warnings)

    static func failing(_ maker: FoVBackgroundMaker, _ d: MapDataset<WcsGeom>) throws -> (MapDataset<WcsGeom>, [String]) {
        let sink = WarningSink()
        var m = maker
        m.warningHandler = { sink.append($0) }
        let out = try m.run(d)
        return (out, sink.messages)
    }

    @Test func aMaskExcludingEverything() throws {
        let geom = try FoVSupport.geom()
        let d = FoVSupport.dataset(name: "all-excluded", geom: geom)
        let nothing = WcsNDMap<Bool>.fromGeom(geom.toImage(), fill: false)
        for method in FoVBackgroundMaker.Method.allCases {
            let (out, warnings) = try Self.failing(FoVBackgroundMaker(method: method, exclusionMask: nothing), d)
            #expect(warnings == ["FoVBackgroundMaker failed. Non-finite normalisation value for all-excluded. Setting mask to False."])
            #expect(out.maskSafe!.data.allSatisfy { !$0 })
            #expect(out.backgroundModel == FoVBackgroundMaker.plNorm())   // added, untouched
            #expect(out.maskFit == nil)
        }
    }

    @Test func zeroCountsOutsideTheExclusion() throws {
        let geom = try FoVSupport.geom()
        var d = FoVSupport.dataset(name: "empty-outside", geom: geom)
        let excl = Self.exclusion(geom)
        let full = try ExclusionMask.reproject(excl, to: geom)
        for k in d.counts!.data.indices where full.data[k] { d.counts!.data[k] = 0 }
        #expect(d.counts!.data.contains { $0 > 0 })   // counts left inside the exclusion
        for method in FoVBackgroundMaker.Method.allCases {
            let (out, warnings) = try Self.failing(FoVBackgroundMaker(method: method, exclusionMask: excl), d)
            #expect(warnings == ["FoVBackgroundMaker failed. Only 0 counts outside exclusion mask for empty-outside. Setting mask to False."])
            #expect(out.maskSafe!.data.allSatisfy { !$0 })
        }
        // min_counts = -1 lets it through to the residual check (counts − 0 ≤ 0)
        var lenient = FoVBackgroundMaker(method: .scale, exclusionMask: excl)
        lenient.minCounts = -1
        let (_, w) = try Self.failing(lenient, d)
        #expect(w == ["FoVBackgroundMaker failed. Negative residuals counts for empty-outside. Setting mask to False."])
    }

    @Test func minimaOnCountsAndBackground() throws {
        let geom = try FoVSupport.geom()
        let d = FoVSupport.dataset(name: "few", geom: geom)
        let report = try FoVBackgroundMaker(method: .scale).runReporting(d)
        var maker = FoVBackgroundMaker(method: .scale)
        maker.minNpredBackground = report.npredBackground + 1
        let (_, w1) = try Self.failing(maker, d)
        #expect(w1 == ["FoVBackgroundMaker failed. Only \(Int(report.npredBackground)) background counts outside exclusion mask for few. Setting mask to False."])
        maker = FoVBackgroundMaker(method: .fit)
        maker.minCounts = report.counts
        let (_, w2) = try Self.failing(maker, d)
        #expect(w2 == ["FoVBackgroundMaker failed. Only \(Int(report.counts)) counts outside exclusion mask for few. Setting mask to False."])
    }

    @Test func aFitThatFailsClearsTheSafeMask() throws {
        // counts only in the lowest energy bin with a free tilt: no finite minimum
        let geom = try FoVSupport.geom()
        var d = FoVSupport.dataset(name: "runaway", geom: geom)
        let plane = geom.spatialPixelCount
        for k in plane..<d.counts!.data.count { d.counts!.data[k] = 0 }
        let maker = FoVBackgroundMaker(method: .fit, spectralModel: FoVBackgroundMaker.plNorm(freeTilt: true))
        let (out, warnings) = try Self.failing(maker, d)
        #expect(warnings == ["FoVBackgroundMaker failed. Fit did not converge for runaway. Setting mask to False."])
        #expect(out.maskSafe!.data.allSatisfy { !$0 })
    }

    @Test func withoutSafeMaskAFailureAddsAnAllFalseOne() throws {
        let geom = try FoVSupport.geom()
        var d = FoVSupport.dataset(name: "nosafe", geom: geom)
        d.maskSafe = nil
        d.counts!.data = [Double](repeating: 0, count: d.counts!.data.count)
        let (out, warnings) = try Self.failing(FoVBackgroundMaker(), d)
        #expect(warnings.count == 1)
        #expect(out.maskSafe!.data.count == geom.dataCount && out.maskSafe!.data.allSatisfy { !$0 })
    }

    @Test func badInputThrows() throws {
        let geom = try FoVSupport.geom()
        let d = FoVSupport.dataset(geom: geom)
        var noCounts = d
        noCounts.counts = nil
        #expect(throws: FoVBackgroundMakerError.self) { try FoVBackgroundMaker().run(noCounts) }
        var noBackground = d
        noBackground.background = nil
        #expect(throws: FoVBackgroundMakerError.self) { try FoVBackgroundMaker().run(noBackground) }
        var frozen = FoVBackgroundMaker.plNorm()
        frozen.norm.frozen = true
        #expect(throws: BackgroundNormFitError.self) { try FoVBackgroundMaker(method: .fit, spectralModel: frozen).run(d) }
        #expect(throws: FoVBackgroundMakerError.self) { try FoVBackgroundMaker.Method(gammapy: "ring") }
        #expect(try FoVBackgroundMaker.Method(gammapy: "fit") == .fit)
        #expect(FoVBackgroundMaker.tag == "FoVBackgroundMaker")
    }

    /// npred_background evaluates the model at the bin centres (geometric mean of the edges),
    /// not integrated over the bin.
    @Test func npredBackgroundAtBinCentres() throws {
        let geom = try FoVSupport.geom(energy: (1, 100, 2))
        var d = FoVSupport.dataset(geom: geom)
        d.backgroundModel = BackgroundNormModel(norm: .init(value: 1.5), tilt: .init(value: 0.5, frozen: false))
        let npred = try d.npredBackground()!
        let plane = geom.spatialPixelCount
        let centres = geom.axes[0].centers
        #expect(abs(centres[0] - pow(10, 0.5)) < 1e-14 && abs(centres[1] - pow(10, 1.5)) < 1e-12)
        for k in [0, 17, plane + 3] {
            let factor = 1.5 * pow(centres[k / plane] / 1, -0.5)
            #expect(npred.data[k] == d.background!.data[k] * factor)
        }
        let gev = try WcsGeom.create(skydir: geom.centerSkyDir, width: LonLat(1), binsz: LonLat(0.5),
                                     axes: [MapAxis.fromEnergyBounds(1000, 100_000, nbin: 2, unit: "GeV")])
        let f = try d.backgroundModel!.factors(for: gev)
        #expect(abs(f[0] - 1.5 * pow(pow(10, 0.5), -0.5)) < 1e-14)
    }
}
