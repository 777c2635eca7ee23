// Thin shim over cfitsio: the library's long names are macros Swift cannot import,
// so the Swift wrapper calls the ff* functions; this header adds only what Swift
// cannot express itself.
#include <fitsio.h>
#include <stdlib.h>
#include <string.h>

// A memory buffer handed to cfitsio carries a hidden 16-byte prefix with the largest size
// it may grow to. cfitsio's memory driver with a NULL realloc over-reads the heap on
// hostile files whose last HDU claims more data than the buffer holds (see
// docs/C-LIBRARIES.md); a realloc that really grows, up to a cap, keeps reads in bounds.
#define GK_PREFIX 16

static inline void *gk_buffer_alloc(size_t size, size_t cap) {
    unsigned char *raw = (unsigned char *)malloc(size + GK_PREFIX);
    if (!raw) return NULL;
    memcpy(raw, &cap, sizeof(size_t));
    return raw + GK_PREFIX;
}

static inline void gk_buffer_free(void *p) {
    if (p) free((unsigned char *)p - GK_PREFIX);
}

static inline void *gk_capped_realloc(void *p, size_t newsize) {
    size_t cap = 0;
    unsigned char *raw = p ? (unsigned char *)p - GK_PREFIX : NULL;
    if (raw) memcpy(&cap, raw, sizeof(size_t));
    if (!raw || newsize > cap) return NULL;
    unsigned char *grown = (unsigned char *)realloc(raw, newsize + GK_PREFIX);
    return grown ? grown + GK_PREFIX : NULL;
}

// Open a buffer made by gk_buffer_alloc read-only. cfitsio keeps `buffer` and `size` for the
// life of the file, so both must live on the heap until after ffclos.
static inline int gk_open_memory(fitsfile **fptr, const char *name, void **buffer, size_t *size,
                                 int *status) {
    return ffomem(fptr, name, READONLY, buffer, size, 0, gk_capped_realloc, status);
}

// Grow or shrink a gk buffer without the cap check (used while inflating, before the cap
// is known); returns NULL on failure, leaving the old buffer valid.
static inline void *gk_buffer_resize(void *p, size_t newsize) {
    unsigned char *grown = (unsigned char *)realloc((unsigned char *)p - GK_PREFIX, newsize + GK_PREFIX);
    return grown ? grown + GK_PREFIX : NULL;
}

static inline void gk_buffer_set_cap(void *p, size_t cap) {
    memcpy((unsigned char *)p - GK_PREFIX, &cap, sizeof(size_t));
}
