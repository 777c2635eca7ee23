import FITSIO
import Foundation
let dir = "/work/shared/gammapy-data/hess-dl3-dr1/data/"
let files = try! FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { dir + $0 }
let t0 = Date()
nonisolated(unsafe) var sums = [Double](repeating: 0, count: files.count)
DispatchQueue.concurrentPerform(iterations: files.count) { i in
    let f = try! FITSFile(path: files[i])
    let e = try! f.table("EVENTS").column("ENERGY", as: Double.self)
    sums[i] = e.reduce(0, +)
}
print(Date().timeIntervalSince(t0), sums.reduce(0,+))
let f = try! FITSFile(path: files[0])
for h in f.hdus { print(h.index, h.name, h.kind, h.header.string("HDUCLAS2") ?? "", h.header.string("HDUCLAS4") ?? "") }
let t = try! f.table("AEFF")
for c in t.columns { print(c.name, c.typeCode, c.repeatCount, c.dimensions, c.unit) }
