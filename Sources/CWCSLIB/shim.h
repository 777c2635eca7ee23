// wcslib headers for the Sky module's projection wrapper.
#include <wcslib/wcs.h>
#include <wcslib/wcshdr.h>
#include <wcslib/wcsfix.h>
#include <wcslib/wcserr.h>
#include <wcslib/wcsutil.h>
#include <wcslib/wcsmath.h>
#include <string.h>

// wcsprm's ctype/cunit/radesys are fixed-size char arrays that Swift imports as tuples.
static inline void gk_wcs_set_ctype(struct wcsprm *wcs, int i, const char *value) {
    strncpy(wcs->ctype[i], value, 71);
    wcs->ctype[i][71] = '\0';
}

static inline void gk_wcs_set_cunit(struct wcsprm *wcs, int i, const char *value) {
    strncpy(wcs->cunit[i], value, 71);
    wcs->cunit[i][71] = '\0';
}

static inline void gk_wcs_set_radesys(struct wcsprm *wcs, const char *value) {
    strncpy(wcs->radesys, value, 71);
    wcs->radesys[71] = '\0';
}

static inline const char *gk_wcs_ctype(const struct wcsprm *wcs, int i) { return wcs->ctype[i]; }
static inline const char *gk_wcs_radesys(const struct wcsprm *wcs) { return wcs->radesys; }

// The message wcslib left in wcs->err (empty when none; needs wcserr_enable(1)).
static inline const char *gk_wcs_errmsg(const struct wcsprm *wcs) {
    return (wcs && wcs->err) ? wcs->err->msg : "";
}

// wcslib's UNDEFINED marker (987654321.0e99) for unset double parameters.
static inline double gk_wcs_undefined(void) { return UNDEFINED; }
