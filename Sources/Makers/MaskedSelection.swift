import GammaMaps

/// The bins FoVBackgroundMaker sums over — inside the mask, where the background prediction
/// (background × the model's factor of its energy plane) is not NaN — handed out in order with
/// their counts (float32), total prediction (negative values set to 0) and background prediction.
struct MaskedSelection: PairwiseSumSource {
    struct Terms: AdditiveArithmetic {
        var counts: Float
        var npred: Double
        var background: Double

        static var zero: Terms { Terms(counts: 0, npred: 0, background: 0) }
        static func + (a: Terms, b: Terms) -> Terms {
            Terms(counts: a.counts + b.counts, npred: a.npred + b.npred, background: a.background + b.background)
        }
        static func - (a: Terms, b: Terms) -> Terms {
            Terms(counts: a.counts - b.counts, npred: a.npred - b.npred, background: a.background - b.background)
        }
    }

    let counts: UnsafeBufferPointer<Double>
    let background: UnsafeBufferPointer<Double>
    /// Empty: no mask.
    let mask: UnsafeBufferPointer<Bool>
    /// Per energy plane (cycled), or nil for the background as it is.
    let factors: [Double]?
    /// Bins per energy plane.
    let plane: Int
    /// The next bin to look at, and the end of its energy plane with that plane's factor.
    private var bin = 0
    private var planeEnd = 0
    private var factor = 1.0

    init(counts: UnsafeBufferPointer<Double>, background: UnsafeBufferPointer<Double>, mask: UnsafeBufferPointer<Bool>,
         factors: [Double]?, plane: Int) {
        self.counts = counts
        self.background = background
        self.mask = mask
        self.factors = factors
        self.plane = max(plane, 1)
    }

    @inline(__always)
    private func prediction(_ k: Int, factor: Double) -> Double {
        factors == nil ? background[k] : background[k] * factor
    }

    @inline(__always)
    private func factor(ofPlane index: Int) -> Double {
        factors.map { $0[index % $0.count] } ?? 1
    }

    /// How many bins are selected.
    func count() -> Int {
        var n = 0
        for start in stride(from: 0, to: counts.count, by: plane) {
            let f = factor(ofPlane: start / plane)
            for k in start..<min(start + plane, counts.count) {
                let keep = (mask.isEmpty || mask[k]) && !prediction(k, factor: f).isNaN
                n &+= keep ? 1 : 0
            }
        }
        return n
    }

    mutating func next() -> Terms {
        while true {
            if bin == planeEnd {
                factor = factor(ofPlane: bin / plane)
                planeEnd = min(bin + plane, counts.count)
            }
            let k = bin
            bin += 1
            let bk = prediction(k, factor: factor)
            if (mask.isEmpty || mask[k]) && !bk.isNaN {
                return Terms(counts: Float(counts[k]), npred: bk < 0 ? 0 : bk, background: bk)
            }
        }
    }
}
