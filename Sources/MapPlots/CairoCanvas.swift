import CCairo
import Foundation

/// A drawing surface over cairo: owns one image surface and its context and releases both in
/// `deinit`. Coordinates are canvas pixels, y down. Internal to MapPlots: no cairo handle
/// leaves this file. One canvas is used by one thread at a time; separate canvases are
/// independent.
final class CairoCanvas {
    let width: Int
    let height: Int
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    init(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw MapPlotError("picture size \(width) × \(height) is out of range (1 to 16384 pixels)")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw MapPlotError("cairo cannot create a \(width) × \(height) image")
        }
        guard let cr = cairo_create(surface), cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw MapPlotError("cairo cannot create a drawing context")
        }
        self.width = width
        self.height = height
        self.surface = surface
        self.cr = cr
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    func fill(_ r: Double, _ g: Double, _ b: Double) {
        cairo_set_source_rgb(cr, r, g, b)
        cairo_paint(cr)
    }

    func setColor(_ r: Double, _ g: Double, _ b: Double, alpha: Double = 1) {
        cairo_set_source_rgba(cr, r, g, b, alpha)
    }

    func rectangle(x: Double, y: Double, width: Double, height: Double, fill: Bool) {
        cairo_rectangle(cr, x, y, width, height)
        if fill { cairo_fill(cr) } else { cairo_stroke(cr) }
    }

    func line(_ points: [(Double, Double)], width: Double = 1) {
        guard let first = points.first, points.count > 1 else { return }
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, first.0, first.1)
        for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
        cairo_stroke(cr)
    }

    /// Restricts drawing to a rectangle until `resetClip`.
    func clip(x: Double, y: Double, width: Double, height: Double) {
        cairo_save(cr)
        cairo_rectangle(cr, x, y, width, height)
        cairo_clip(cr)
    }

    func resetClip() { cairo_restore(cr) }

    /// Width and height of `text` at `size` points.
    func textSize(_ text: String, size: Double) -> (width: Double, height: Double) {
        cairo_set_font_size(cr, size)
        var w = 0.0, h = 0.0
        gk_cairo_text_size(cr, text, &w, &h)
        return (w, h)
    }

    /// Draws `text` with its anchor (0 = left/top, 0.5 = centre, 1 = right/bottom) at (x, y),
    /// rotated by `angle` radians about that point.
    func text(_ text: String, x: Double, y: Double, size: Double, anchorX: Double = 0, anchorY: Double = 0, angle: Double = 0) {
        let s = textSize(text, size: size)
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle)
        cairo_move_to(cr, -anchorX * s.width, (1 - anchorY) * s.height)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }

    /// Paints an RGB image (rows top to bottom, `rgb` of `columns × rows × 3` bytes) into a
    /// rectangle, each image pixel as a sharp block.
    func image(_ rgb: [UInt8], columns: Int, rows: Int, x: Double, y: Double, width: Double, height: Double) throws {
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)),
              cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
            throw MapPlotError("cairo cannot create a \(columns) × \(rows) image")
        }
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image))
        guard let base = cairo_image_surface_get_data(image) else { throw MapPlotError("cairo gave no image buffer") }
        for r in 0..<rows {
            let row = (base + r * stride).withMemoryRebound(to: UInt32.self, capacity: columns) { $0 }
            for c in 0..<columns {
                let k = 3 * (r * columns + c)
                row[c] = UInt32(rgb[k]) << 16 | UInt32(rgb[k + 1]) << 8 | UInt32(rgb[k + 2])
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, width / Double(columns), height / Double(rows))
        cairo_set_source_surface(cr, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(columns), Double(rows))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// The picture as PNG bytes.
    func pngData() throws -> [UInt8] {
        cairo_surface_flush(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw MapPlotError("cairo could not encode the PNG: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.bytes
    }
}
