// Map plots rendered with cairo.
