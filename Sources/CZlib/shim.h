// zlib's inflateInit2 is a macro; this wraps it so Swift can call it.
#include <zlib.h>

// windowBits 15 + 32: accept gzip or zlib streams, detected from the header.
static inline int gk_inflate_init(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
