import Datasets
import FITSIO
import Foundation
import GammaMaps
import Sky
import Testing
import TestSupport
@testable import Makers

/// Exclusion masks read from FITS files, and what happens with bad ones.
@Suite struct FoVExclusionMaskTests {
    @Test func readsMasksGammapyWrites() throws {
        let dir = TemporaryDirectory()
        let geom = try FoVSupport.geom(width: 3, binsz: 0.05)
        // 2D, written as Gammapy writes masks (int64 0/1 in the primary HDU), gzip-compressed
        let image = geom.toImage().regionMask([.circle(center: geom.centerSkyDir, radius: 0.3)], inside: false)
        try image.write(to: dir.file("excl.fits"))
        let read = try ExclusionMask.read(from: try gzipFile(dir.file("excl.fits")))
        #expect(read == image)
        // 3D with an energy axis, in a named extension
        var cube = WcsNDMap<Bool>.fromGeom(geom, fill: true)
        cube.data = cube.data.indices.map { $0 >= geom.spatialPixelCount }
        try cube.write(to: dir.file("cube.fits"), hdu: "EXCLUSION")
        #expect(try ExclusionMask.read(from: dir.file("cube.fits")) == cube)
        #expect(try ExclusionMask.read(from: dir.file("cube.fits"), hdu: "EXCLUSION") == cube)
        // a float image of 0.0/1.0 is a mask too
        let floats = image.converted(to: Float.self)
        try floats.write(to: dir.file("float.fits"))
        #expect(try ExclusionMask.read(from: dir.file("float.fits")).data == image.data)
    }

    @Test func badFilesGiveErrorsNamingTheFile() throws {
        let dir = TemporaryDirectory()
        let missing = dir.file("nope.fits")
        #expect {
            try ExclusionMask.read(from: missing)
        } throws: { error in
            (error as? ExclusionMaskError)?.kind == .fileNotFound && "\(error)".contains(missing)
        }
        // a counts map is not a mask
        let geom = try FoVSupport.geom()
        let counts = FoVSupport.dataset(geom: geom).counts!
        try counts.write(to: dir.file("counts.fits"))
        #expect {
            try ExclusionMask.read(from: dir.file("counts.fits"))
        } throws: { error in
            guard let e = error as? ExclusionMaskError else { return false }
            return e.kind == .notAMask && "\(e)".contains("counts.fits") && "\(e)".contains("neither 0 nor 1")
        }
        // NaN is not a mask value either
        var nan = WcsNDMap<Double>.fromGeom(geom.toImage(), fill: 1)
        nan.data[3] = .nan
        try nan.write(to: dir.file("nan.fits"))
        #expect(throws: ExclusionMaskError.self) { try ExclusionMask.read(from: dir.file("nan.fits")) }
        // a FITS table, and a file that is not FITS
        let writer = try FITSWriter(path: dir.file("table.fits"))
        try writer.writeEmptyPrimary()
        try writer.writeTable(name: "EVENTS", columns: [FITSColumn("ENERGY", .double([1.0, 2.0]))], rowCount: 2)
        try writer.commit()
        try Data("not fits".utf8).write(to: URL(fileURLWithPath: dir.file("text.fits")))
        for name in ["table.fits", "text.fits"] {
            #expect {
                try ExclusionMask.read(from: dir.file(name))
            } throws: { error in
                (error as? ExclusionMaskError)?.kind == .notAMap && "\(error)".contains(name)
            }
        }
        // a directory
        #expect(throws: ExclusionMaskError.self) { try ExclusionMask.read(from: dir.path) }
    }

    /// A mask that does not cover the dataset excludes what lies outside it (Gammapy's
    /// `interp_to_geom` fill value 0), and a mask that excludes everything is Gammapy's
    /// "non-finite normalisation" case, not a crash.
    @Test func coverageAndEverythingExcluded() throws {
        let geom = try FoVSupport.geom(width: 2)
        let small = try WcsGeom.create(skydir: geom.centerSkyDir, width: LonLat(1), binsz: LonLat(0.1))
        let projected = try ExclusionMask.reproject(WcsNDMap<Bool>.fromGeom(small, fill: true), to: geom)
        let inside = projected.data.filter { $0 }.count
        #expect(inside == 10 * 10 * geom.axes[0].nbin)
        let d = FoVSupport.dataset(name: "x", geom: geom)
        let sink = WarningSink()
        var maker = FoVBackgroundMaker(exclusionMask: WcsNDMap<Bool>.fromGeom(small, fill: false))
        maker.warningHandler = { sink.append($0) }
        let out = try maker.run(d)
        #expect(sink.messages == ["FoVBackgroundMaker failed. Non-finite normalisation value for x. Setting mask to False."])
        #expect(!out.maskSafe!.data.contains(true))
    }
}
