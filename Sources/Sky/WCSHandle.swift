import CWCSLIB
import Foundation
import Synchronization

/// Owns wcslib `wcsprm` structs for one set of WCS parameters: a template, set up once with
/// `wcsset`, and a pool of deep copies (`wcssub`) lent to one caller at a time. wcslib's
/// `wcsp2s`/`wcss2p` write into the struct, so concurrent callers each borrow their own copy;
/// the lock is held only to take or return a pointer. No `wcsprm` escapes this file.
final class WCSHandle: Sendable {
    private nonisolated(unsafe) let template: UnsafeMutablePointer<wcsprm>
    private let pool = Mutex<[Borrowed]>([])

    /// A pooled copy: only ever used by the one caller that took it out of the pool.
    private struct Borrowed: @unchecked Sendable { let wcs: UnsafeMutablePointer<wcsprm> }
    private static let poolLimit = 64

    /// Turns on wcslib's error messages once per process (a global flag in wcslib).
    private static let enableMessages: Void = { _ = wcserr_enable(1) }()

    /// Builds and validates the struct; `configure` fills in the parameters after `wcsini`.
    init(naxis: Int32, configure: (UnsafeMutablePointer<wcsprm>) -> Void) throws {
        _ = WCSHandle.enableMessages
        let p = UnsafeMutablePointer<wcsprm>.allocate(capacity: 1)
        p.initialize(to: wcsprm())
        p.pointee.flag = -1
        let status = wcsini(1, naxis, p)
        if status != 0 {
            WCSHandle.release(p)
            throw SkyError(.wcslib(status), subject: "WCS", message: "wcsini failed (wcslib status \(status))")
        }
        configure(p)
        _ = datfix(p)  // as Gammapy's WcsGeom.create (fills MJDREF from the absent DATEREF: 0)
        let set = wcsset(p)
        if set != 0 {
            let message = String(cString: gk_wcs_errmsg(p))
            WCSHandle.release(p)
            throw SkyError(.wcslib(set), subject: "WCS", message: "wcsset failed: \(message) (wcslib status \(set))")
        }
        template = p
    }

    deinit {
        WCSHandle.release(template)
        for borrowed in pool.withLock({ $0 }) { WCSHandle.release(borrowed.wcs) }
    }

    private static func release(_ p: UnsafeMutablePointer<wcsprm>) {
        wcsfree(p)
        p.deinitialize(count: 1)
        p.deallocate()
    }

    /// Read-only access to the set-up template (for values wcslib settled on, e.g. LONPOLE).
    func withTemplate<R>(_ body: (UnsafePointer<wcsprm>) -> R) -> R { body(template) }

    /// Lends a set-up copy of the struct for the duration of `body`.
    func withCopy<R>(_ body: (UnsafeMutablePointer<wcsprm>) -> R) -> R {
        let copy = pool.withLock { $0.popLast() } ?? Borrowed(wcs: makeCopy())
        defer {
            let kept = pool.withLock { list -> Bool in
                guard list.count < WCSHandle.poolLimit else { return false }
                list.append(copy)
                return true
            }
            if !kept { WCSHandle.release(copy.wcs) }
        }
        return body(copy.wcs)
    }

    private func makeCopy() -> UnsafeMutablePointer<wcsprm> {
        let p = UnsafeMutablePointer<wcsprm>.allocate(capacity: 1)
        p.initialize(to: wcsprm())
        p.pointee.flag = -1
        // The template was set up successfully, so copying and setting up again cannot fail
        // except for lack of memory.
        let status = wcssub(1, template, nil, nil, p)
        precondition(status == 0, "wcslib could not copy a WCS (status \(status))")
        let set = wcsset(p)
        precondition(set == 0, "wcslib could not set up a copied WCS (status \(set))")
        return p
    }
}
