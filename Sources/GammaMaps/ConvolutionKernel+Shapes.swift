/// The kernels of astropy's `convolution` module that Gammapy's ring and excess makers use, in
/// pixels and peak-normalised (exact 0/1 values), on an odd square of side ⌈2 r⌉ (astropy's
/// `_round_up_to_odd_integer`), sampled at the pixel centres (astropy's `mode="center"`).
extension ConvolutionKernel {
    /// `Ring2DKernel(innerRadius, width)`: 1 where the squared offset lies in [r_in², r_out²],
    /// r_out = r_in + width, boundaries included.
    public static func ring(innerRadius: Double, width: Double) throws -> ConvolutionKernel {
        let outer = innerRadius + width
        return try disk(size: oddSize(2 * outer)) { $0 >= innerRadius * innerRadius && $0 <= outer * outer }
    }

    /// `Tophat2DKernel(radius)`: 1 where the squared offset is at most r².
    public static func tophat(radius: Double) throws -> ConvolutionKernel {
        try disk(size: oddSize(2 * radius)) { $0 <= radius * radius }
    }

    private static func oddSize(_ value: Double) -> Int {
        let size = Int(value.rounded(.up))
        return size % 2 == 0 ? size + 1 : size
    }

    private static func disk(size: Int, inside: (Double) -> Bool) throws -> ConvolutionKernel {
        let c = size / 2
        var values = [Double](repeating: 0, count: size * size)
        for j in 0..<size {
            for i in 0..<size where inside(Double((i - c) * (i - c) + (j - c) * (j - c))) { values[j * size + i] = 1 }
        }
        return try ConvolutionKernel(width: size, height: size, values: values)
    }
}
