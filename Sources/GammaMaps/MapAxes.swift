/// The non-spatial axes of a geometry, in Gammapy's order (Gammapy's `MapAxes`).
///
/// Axis `0` is the one that varies fastest after the spatial axes: a map's data are laid out
/// `(axis[n-1], ..., axis[0], lat, lon)` in C order, exactly numpy's `map.data`. Names are
/// unique; an unnamed axis is called `axis<i>` by its position, as Gammapy's
/// `MapAxes.from_default` does.
public struct MapAxes: Sendable, Equatable, RandomAccessCollection {
    public private(set) var axes: [MapAxis]

    /// No axes (an image geometry).
    public init() { axes = [] }

    /// Axes in Gammapy's order; throws when two axes share a name.
    public init(_ axes: [MapAxis]) throws {
        var named: [MapAxis] = []
        for (i, axis) in axes.enumerated() {
            named.append(axis.name.isEmpty ? axis.renamed("axis\(i)") : axis)
        }
        var seen = Set<String>()
        for axis in named where !seen.insert(axis.name).inserted {
            throw MapError(.axis, subject: "axis '\(axis.name)'", message: "axis names must be unique, got '\(axis.name)' twice")
        }
        self.axes = named
    }

    public var startIndex: Int { axes.startIndex }
    public var endIndex: Int { axes.endIndex }
    public subscript(position: Int) -> MapAxis { axes[position] }

    /// Axis names in order.
    public var names: [String] { axes.map(\.name) }

    /// Number of bins per axis, in axis order (Gammapy's `MapAxes.shape`).
    public var shape: [Int] { axes.map(\.nbin) }

    /// The data shape of the axes: `shape` reversed (numpy order).
    public var dataShape: [Int] { shape.reversed() }

    /// Total number of bins over all axes (1 without axes).
    public var binCount: Int { shape.reduce(1, *) }

    /// Position of the axis called `name` in the list.
    public func index(of name: String) -> Int? { axes.firstIndex { $0.name == name } }

    /// The axis called `name`.
    public func axis(named name: String) throws -> MapAxis {
        guard let i = index(of: name) else { throw missing(name) }
        return axes[i]
    }

    /// Index of the axis's dimension in the non-spatial part of the data shape (Gammapy's
    /// `index_data`): the last axis is data dimension 0.
    public func dataIndex(of name: String) throws -> Int {
        guard let i = index(of: name) else { throw missing(name) }
        return axes.count - i - 1
    }

    func missing(_ name: String) -> MapError {
        MapError(.axis, subject: "axis '\(name)'", message: "no such axis; the axes are \(names)")
    }

    /// These axes followed by `other`'s (Gammapy's `axes + other`).
    public func appending(_ other: MapAxes) throws -> MapAxes { try MapAxes(axes + other.axes) }

    /// A copy with `transform` applied to the axis called `name`.
    func replacing(_ name: String, _ transform: (MapAxis) throws -> MapAxis) throws -> MapAxes {
        guard let i = index(of: name) else { throw missing(name) }
        var copy = axes
        copy[i] = try transform(axes[i])
        return try MapAxes(copy)
    }

    /// The axis called `name` squashed into one bin (Gammapy's `squash`).
    public func squash(_ name: String) throws -> MapAxes { try replacing(name) { try $0.squash() } }

    /// Without the axis called `name` (Gammapy's `drop`).
    public func drop(_ name: String) throws -> MapAxes {
        guard index(of: name) != nil else { throw missing(name) }
        return try MapAxes(axes.filter { $0.name != name })
    }

    /// The axis called `name` padded by `low` and `high` bins (Gammapy's `pad`).
    public func pad(_ name: String, low: Int, high: Int) throws -> MapAxes {
        try replacing(name) { try $0.pad(low: low, high: high) }
    }

    /// The axis called `name` upsampled (Gammapy's `upsample`).
    public func upsample(_ factor: Int, axisName name: String) throws -> MapAxes {
        try replacing(name) { try $0.upsample(factor) }
    }

    /// The axis called `name` downsampled (Gammapy's `downsample`).
    public func downsample(_ factor: Int, axisName name: String) throws -> MapAxes {
        try replacing(name) { try $0.downsample(factor) }
    }

    /// The axis with `axis`'s name replaced by `axis` (Gammapy's `replace`).
    public func replace(_ axis: MapAxis) throws -> MapAxes { try replacing(axis.name) { _ in axis } }

    /// Each axis's bin range, `nil` keeping an axis whole; axes given an `Int` in Gammapy's
    /// `slice_by_idx` are dropped (use `drop` after slicing to one bin for that).
    public func slice(_ ranges: [String: Range<Int>]) throws -> MapAxes {
        for name in ranges.keys where index(of: name) == nil { throw missing(name) }
        return try MapAxes(axes.map { axis in try ranges[axis.name].map { try axis.slice($0) } ?? axis })
    }

    /// Bin volumes over the axes (products of bin widths), flat in numpy order of `dataShape`.
    public func binVolume() -> [Double] {
        var volume = [1.0]
        // numpy order: the last axis is slowest
        for axis in axes.reversed() {
            let widths = axis.binWidths
            var next = [Double]()
            next.reserveCapacity(volume.count * widths.count)
            for v in volume { for w in widths { next.append(v * w) } }
            volume = next
        }
        return volume
    }

    /// Gammapy's `MapAxes.is_allclose`, axis by axis. Gammapy zips the two lists (so a prefix
    /// compares equal); here the counts must match too.
    public func isAllClose(_ other: MapAxes, rtol: Double = 1e-6, atol: Double = 1e-6) -> Bool {
        axes.count == other.axes.count && zip(axes, other.axes).allSatisfy { $0.isAllClose($1, rtol: rtol, atol: atol) }
    }

    /// Gammapy's `==`: `isAllClose` with `rtol = atol = 1e-6`.
    public static func == (lhs: MapAxes, rhs: MapAxes) -> Bool {
        lhs.isAllClose(rhs, rtol: 1e-6, atol: 1e-6)
    }
}
