/// The colour maps pictures use: matplotlib's `viridis` (CC0, sampled at 33 evenly spaced
/// points) for intensities and `RdBu_r` (ColorBrewer's RdBu, 11 classes, reversed: blue, white,
/// red) for signed maps such as significances; colours are interpolated linearly between samples.
public enum Colormap: String, Sendable, CaseIterable {
    case viridis
    case diverging = "RdBu_r"

    /// #053061 … #f7f7f7 … #67001f
    static let rdbuReversed: [(Double, Double, Double)] = [
        (0.0196, 0.1882, 0.3804), (0.1294, 0.4000, 0.6745), (0.2627, 0.5765, 0.7647), (0.5725, 0.7725, 0.8706),
        (0.8196, 0.8980, 0.9412), (0.9686, 0.9686, 0.9686), (0.9922, 0.8588, 0.7804), (0.9569, 0.6471, 0.5098),
        (0.8392, 0.3765, 0.3020), (0.6980, 0.0941, 0.1686), (0.4039, 0.0000, 0.1216),
    ]

    static let viridisSamples: [(Double, Double, Double)] = [
        (0.2670, 0.0049, 0.3294), (0.2770, 0.0503, 0.3757), (0.2823, 0.0950, 0.4173), (0.2829, 0.1359, 0.4534),
        (0.2788, 0.1755, 0.4834), (0.2706, 0.2141, 0.5071), (0.2590, 0.2515, 0.5247), (0.2450, 0.2877, 0.5373),
        (0.2297, 0.3224, 0.5457), (0.2143, 0.3556, 0.5512), (0.1994, 0.3876, 0.5546), (0.1856, 0.4186, 0.5568),
        (0.1727, 0.4488, 0.5579), (0.1607, 0.4785, 0.5581), (0.1490, 0.5081, 0.5573), (0.1378, 0.5375, 0.5549),
        (0.1276, 0.5669, 0.5506), (0.1206, 0.5964, 0.5436), (0.1206, 0.6258, 0.5335), (0.1323, 0.6550, 0.5197),
        (0.1579, 0.6838, 0.5017), (0.1966, 0.7118, 0.4792), (0.2461, 0.7389, 0.4520), (0.3041, 0.7647, 0.4199),
        (0.3692, 0.7889, 0.3829), (0.4401, 0.8111, 0.3410), (0.5160, 0.8312, 0.2943), (0.5958, 0.8487, 0.2433),
        (0.6785, 0.8637, 0.1895), (0.7624, 0.8764, 0.1371), (0.8456, 0.8873, 0.0997), (0.9261, 0.8973, 0.1041),
        (0.9932, 0.9062, 0.1439),
    ]

    /// The colour (r, g, b in [0, 1]) at `t` in [0, 1].
    func color(_ t: Double) -> (Double, Double, Double) {
        let samples = self == .viridis ? Self.viridisSamples : Self.rdbuReversed
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(samples.count - 1)
        let i = min(Int(x), samples.count - 2)
        let f = x - Double(i)
        let a = samples[i], b = samples[i + 1]
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }
}
