// cairo, for rendering map images (gammakit plot). Only MapPlots imports this module;
// no cairo pointer leaves it.
#include <cairo/cairo.h>

// cairo_text_extents_t is a plain struct: measure a string's advance and height in one call.
static inline void gk_cairo_text_size(cairo_t *cr, const char *text, double *width, double *height) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text, &extents);
    *width = extents.x_advance;
    *height = extents.height;
}
