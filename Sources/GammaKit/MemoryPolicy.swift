/// How the process's allocator treats the large arrays of a reduction (call once, first thing
/// in `main`, before other threads start).
///
/// A reduction allocates and frees tens of megabytes per observation (maps, their
/// temporaries). By default glibc gives every block above a few hundred kilobytes its own
/// `mmap` and returns it with `munmap` when freed, and it splits threads over several arenas,
/// so each new map lands on fresh pages: every 4 kB page costs a page fault and the kernel's
/// zeroing (a third of a 4-run reduction's time was system time). Keeping blocks up to 32 MB
/// (glibc's maximum) in one heap that is never trimmed lets the next map reuse the pages the
/// last one freed. Peak memory is unchanged: the pages are reused, not added.
///
/// Transparent huge pages for this heap (what `glibc.malloc.hugetlb=1` does) were tried and
/// left out: in back-to-back runs they cut page faults 20-fold (seed-3d-stacked 221 → 181 ms),
/// but on a VM that hands free memory back to its host (page reporting), a run started after
/// a few idle seconds — as in `make bench`, between Gammapy runs — got its 2 MB pages from
/// returned memory and took 0.36-0.45 s instead of 0.22 s.
public enum MemoryPolicy {
    public static func reuseFreedMemory() {
        #if os(Linux)
        // <malloc.h>, which Swift's Glibc module does not import
        _ = mallopt(-3 /* M_MMAP_THRESHOLD */, 32 << 20)
        _ = mallopt(-1 /* M_TRIM_THRESHOLD */, Int32.max)
        _ = mallopt(-8 /* M_ARENA_MAX */, 1)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
