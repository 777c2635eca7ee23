// wcslib headers for the Sky module's projection wrapper.
#include <wcslib/wcs.h>
#include <wcslib/wcshdr.h>
#include <wcslib/wcsfix.h>
#include <string.h>

// wcsprm's ctype/cunit are fixed-size char arrays that Swift imports as tuples.
static inline void gk_wcs_set_ctype(struct wcsprm *wcs, int i, const char *value) {
    strncpy(wcs->ctype[i], value, 71);
    wcs->ctype[i][71] = '\0';
}

static inline void gk_wcs_set_cunit(struct wcsprm *wcs, int i, const char *value) {
    strncpy(wcs->cunit[i], value, 71);
    wcs->cunit[i][71] = '\0';
}

static inline const char *gk_wcs_ctype(const struct wcsprm *wcs, int i) { return wcs->ctype[i]; }
