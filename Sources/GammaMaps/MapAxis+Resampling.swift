import Foundation

extension MapAxis {
    /// The axis squashed into one bin spanning the first to the last edge (Gammapy's `squash`);
    /// fails, as Gammapy does, when those edges coincide (a single-node axis).
    public func squash() throws -> MapAxis {
        try MapAxis.fromBounds(edges[0], edges[edges.count - 1], nbin: 1, name: name, unit: unit, interp: interp)
    }

    /// The axis extended by `low` bins below and `high` bins above, continuing the pixel ↔
    /// coordinate mapping linearly in the `interp` scale (Gammapy's `pad`).
    public func pad(_ width: Int) throws -> MapAxis { try pad(low: width, high: width) }

    /// Pads with different numbers of bins at the low and high end.
    public func pad(low: Int, high: Int) throws -> MapAxis {
        switch nodeType {
        case .edges:
            let pix = (-low...(nbin + high)).map { Double($0) - 0.5 }
            return try MapAxis.fromEdges(pixToCoord(pix), name: name, unit: unit, interp: interp)
        case .center:
            let pix = (-low..<(nbin + high)).map(Double.init)
            return try MapAxis.fromNodes(pixToCoord(pix), name: name, unit: unit, interp: interp)
        }
    }

    /// An axis with `factor` times finer bins (Gammapy's `upsample`): for edges `nbin × factor`
    /// bins, for centres `(nbin − 1) × factor + 1` nodes, evenly spaced in pixel coordinates, the
    /// original nodes kept.
    public func upsample(_ factor: Int) throws -> MapAxis {
        switch nodeType {
        case .edges:
            let pix = coordToPix(edges)
            let count = nbin * factor + 1
            let fine = NumpyCompat.linspace(pix.min()!, pix.max()!, count)
            return try MapAxis.fromEdges(pixToCoord(fine), name: name, unit: unit, interp: interp)
        case .center:
            let pix = coordToPix(centers)
            let count = (nbin - 1) * factor + 1
            let fine = NumpyCompat.linspace(pix.min()!, pix.max()!, count)
            return try MapAxis.fromNodes(pixToCoord(fine), name: name, unit: unit, interp: interp)
        }
    }

    /// An axis keeping every `factor`-th node (Gammapy's `downsample`). With `strict` the number
    /// of bins (of nodes − 1 for centres) must divide by `factor`; otherwise the remainder goes
    /// into the last bin.
    public func downsample(_ factor: Int, strict: Bool = true) throws -> MapAxis {
        guard factor >= 1 else { throw MapAxisError("axis '\(name)': downsampling factor must be at least 1") }
        switch nodeType {
        case .edges:
            var kept = Swift.stride(from: 0, to: edges.count, by: factor).map { edges[$0] }
            if kept.last! != edges.last! {
                if strict { throw MapAxisError("number of \(name) bins (\(nbin)) is not divisible by \(factor)") }
                kept.append(edges.last!)
            }
            return try MapAxis.fromEdges(kept, name: name, unit: unit, interp: interp)
        case .center:
            var kept = Swift.stride(from: 0, to: centers.count, by: factor).map { centers[$0] }
            if kept.last! != centers.last! {
                if strict { throw MapAxisError("number of \(name) bins - 1 (\(nbin - 1)) is not divisible by \(factor)") }
                kept.append(centers.last!)
            }
            return try MapAxis.fromNodes(kept, name: name, unit: unit, interp: interp)
        }
    }

    /// The sub-axis of bins `range` (Gammapy's `slice`), built from the original nodes.
    public func slice(_ range: Range<Int>) throws -> MapAxis {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= nbin else {
            throw MapAxisError("axis '\(name)': bin range \(range) outside 0..<\(nbin)")
        }
        // Gammapy finds the node indices back from the bin centres
        var idx = range.map { coordToIndex(centers[$0]) }
        if nodeType == .edges { idx.append(idx[idx.count - 1] + 1) }
        let selected = idx.map { nodes[$0 < 0 ? nodes.count + $0 : $0] }
        return try MapAxis(nodes: selected, interp: interp, name: name, nodeType: nodeType, unit: unit)
    }
}
