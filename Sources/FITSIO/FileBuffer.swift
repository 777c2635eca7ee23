import CDeflate
import CFITSIO
import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// A FITS file's bytes in memory, in a buffer that cfitsio may own (see `gk_buffer_alloc`).
/// gzip files are inflated here rather than by cfitsio, whose `.gz` path holds a global lock and
/// so serialises parallel opens: a single member whose trailer gives its size (DL3 files) by
/// libdeflate in one call, anything else (several members, a damaged or truncated file) by zlib
/// step by step, which also says what is wrong.
struct FileBuffer {
    /// Start of the data (after the hidden prefix); free with `gk_buffer_free`.
    var pointer: UnsafeMutableRawPointer
    var count: Int

    /// Headroom cfitsio may grow a buffer by on hostile input before its realloc is refused.
    static let growthCap = 64 << 20

    /// Reads a whole file, inflating it when it starts with the gzip magic bytes.
    static func read(path: String) throws -> FileBuffer {
        let raw = try readAll(path: path)
        if raw.count >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
            return try inflate(raw, file: path)
        }
        return try copy(raw, file: path)
    }

    /// Wraps bytes that are already in memory (a fuzzer's input, a test's fixture).
    static func from(bytes: [UInt8], file: String) throws -> FileBuffer {
        if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
            return try inflate(bytes, file: file)
        }
        return try copy(bytes, file: file)
    }

    private static func copy(_ bytes: [UInt8], file: String) throws -> FileBuffer {
        guard let p = gk_buffer_alloc(max(bytes.count, 1), bytes.count + growthCap) else {
            throw FITSError(.other, file: file, message: "out of memory for \(bytes.count) bytes")
        }
        bytes.withUnsafeBytes { src in
            if let base = src.baseAddress { p.copyMemory(from: base, byteCount: bytes.count) }
        }
        return FileBuffer(pointer: p, count: bytes.count)
    }

    private static func readAll(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw FITSError(.cannotOpen, file: path, message: "cannot open: \(reason)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw FITSError(.cannotOpen, file: path, message: "cannot stat: \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw FITSError(.cannotOpen, file: path, message: "is a directory, not a FITS file")
        }
        let size = Int(info.st_size)
        var done = 0
        var failed: Int32?
        // Uninitialised: every byte is overwritten by the read (zero-filling it first costs as
        // much as reading a cached file).
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { dst, initialized in
            while done < size {
                let n = Glibc.read(fd, dst.baseAddress! + done, size - done)
                if n < 0 { if errno == EINTR { continue }; failed = errno; break }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if let failed {
            throw FITSError(.cannotOpen, file: path, message: "read error: \(String(cString: strerror(failed)))")
        }
        if bytes.count > done { bytes.removeLast(bytes.count - done) }
        return bytes
    }

    /// One gzip member of exactly `size` inflated bytes (zero padding may follow), inflated by
    /// libdeflate; nil for anything else, which the zlib path then reads or explains.
    private static func inflateSingleMember(_ compressed: [UInt8], size: Int) -> FileBuffer? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        guard let out = gk_buffer_alloc(size, 0) else { return nil }
        var consumed = 0, produced = 0
        let result = compressed.withUnsafeBufferPointer { input in
            libdeflate_gzip_decompress_ex(decompressor, input.baseAddress, input.count, out, size, &consumed, &produced)
        }
        guard result == LIBDEFLATE_SUCCESS, produced == size, compressed[consumed...].allSatisfy({ $0 == 0 }) else {
            gk_buffer_free(out)
            return nil
        }
        gk_buffer_set_cap(out, produced + growthCap)
        return FileBuffer(pointer: out, count: produced)
    }

    /// Inflates one or more concatenated gzip members.
    private static func inflate(_ compressed: [UInt8], file: String) throws -> FileBuffer {
        // The gzip trailer holds the inflated size mod 2^32: a good first guess for one member.
        var capacity = compressed.count * 4
        if compressed.count >= 18 {
            let n = compressed.count
            let isize = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8
                | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
            if isize >= compressed.count / 2 && isize <= compressed.count * 1100 { capacity = isize }
        }
        capacity = max(capacity, 2880)
        if let whole = inflateSingleMember(compressed, size: capacity) { return whole }
        guard var out = gk_buffer_alloc(capacity, 0) else {
            throw FITSError(.other, file: file, message: "out of memory inflating gzip")
        }
        var produced = 0
        var stream = z_stream()
        var result: Int32 = Z_OK
        var failure: (kind: FITSError.Kind, message: String)?
        compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            guard gk_inflate_init(&stream) == Z_OK else { failure = (.other, "zlib could not start"); return }
            defer { inflateEnd(&stream) }
            while true {
                if produced == capacity {
                    let grown = capacity * 2
                    guard let bigger = gk_buffer_resize(out, grown) else { failure = (.other, "out of memory inflating gzip"); return }
                    out = bigger
                    capacity = grown
                }
                stream.next_out = out.assumingMemoryBound(to: UInt8.self) + produced
                let space = min(capacity - produced, Int(UInt32.max))
                stream.avail_out = UInt32(space)
                result = CZlib.inflate(&stream, Z_NO_FLUSH)
                produced += space - Int(stream.avail_out)
                if result == Z_STREAM_END {
                    // Another member may follow (gzip allows concatenation); skip zero padding.
                    while stream.avail_in > 0 && stream.next_in.pointee == 0 { stream.next_in += 1; stream.avail_in -= 1 }
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else { failure = (.notFITS, "corrupt gzip member"); return }
                    continue
                }
                if result == Z_BUF_ERROR && stream.avail_in == 0 {
                    failure = (.truncated, "gzip stream ends early: the file is truncated")
                    return
                }
                if result != Z_OK && result != Z_BUF_ERROR {
                    let detail = stream.msg.map { String(cString: $0) } ?? "error \(result)"
                    failure = (.notFITS, "corrupt gzip data (\(detail))")
                    return
                }
            }
        }
        if let failure {
            gk_buffer_free(out)
            throw FITSError(failure.kind, file: file, message: failure.message)
        }
        gk_buffer_set_cap(out, produced + growthCap)
        return FileBuffer(pointer: out, count: produced)
    }
}
