// cairo, for rendering map images (gammakit plot).
#include <cairo/cairo.h>
