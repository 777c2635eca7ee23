#if canImport(Glibc)
import Glibc
#endif

/// How the process's allocator treats the large arrays of a reduction (call once, first thing
/// in `main`, before other threads start).
///
/// A reduction allocates and frees tens of megabytes per observation (maps, their
/// temporaries). By default glibc gives every block above a few hundred kilobytes its own
/// `mmap` and returns it with `munmap` when freed, and it splits threads over several arenas,
/// so each new map lands on fresh pages: every 4 kB page costs a page fault and the kernel's
/// zeroing (a third of a 4-run reduction's time was system time). Keeping blocks up to 32 MB
/// (glibc's maximum) in one heap that is never trimmed lets the next map reuse the pages the
/// last one freed.
///
/// The heap is then reserved up front (address space only) and marked for transparent huge
/// pages, what glibc's `glibc.malloc.hugetlb=1` tunable does but without the environment
/// variable: the pages a reduction does touch come 2 MB at a time, one fault each instead of
/// 512 (seed-3d-stacked: 55,000 page faults → 3,000, 105 → 55 ms of system time). Peak
/// resident memory stays within a few megabytes; where the kernel has no huge pages to give,
/// the advice is ignored.
public enum MemoryPolicy {
    public static func reuseFreedMemory() {
        #if os(Linux)
        // <malloc.h>, which Swift's Glibc module does not import
        _ = mallopt(-3 /* M_MMAP_THRESHOLD */, 32 << 20)
        _ = mallopt(-1 /* M_TRIM_THRESHOLD */, Int32.max)
        _ = mallopt(-8 /* M_ARENA_MAX */, 1)
        reserveHugePageHeap(bytes: 1 << 30)
        #endif
    }

    #if os(Linux)
    /// Grows the heap by `bytes` of address space (a block allocated and freed with that much
    /// top padding) and advises huge pages for it.
    static func reserveHugePageHeap(bytes: Int) {
        let hugePage = 2 << 20
        let before = UInt(bitPattern: sbrk(0))
        _ = mallopt(-2 /* M_TOP_PAD */, Int32(bytes))
        let block = malloc(1 << 20)
        _ = malloc_usable_size(block)  // an opaque use: the compiler would drop an unused malloc/free pair
        free(block)
        _ = mallopt(-2 /* M_TOP_PAD */, 128 << 10)  // glibc's default again
        let after = UInt(bitPattern: sbrk(0))
        // a heap glibc could not grow with brk has no such range: nothing to advise
        let start = (before + UInt(hugePage) - 1) & ~UInt(hugePage - 1)
        guard before != 0, after > start + UInt(hugePage) else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(after - start), 14 /* MADV_HUGEPAGE */)
    }
    #endif
}

#if os(Linux)
@_silgen_name("malloc_usable_size")
private func malloc_usable_size(_ block: UnsafeMutableRawPointer?) -> Int

@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
