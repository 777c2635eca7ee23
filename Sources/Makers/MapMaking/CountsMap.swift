import DL3
import GammaMaps
import IRF
import Sky

extension EventList {
    /// The events' map coordinates for a geometry with an `energy` axis (Gammapy's
    /// `EventList.map_coord`): RA/Dec in ICRS with their stored precision (a geometry in
    /// another frame transforms float32 columns as astropy does) and the energies in the axis's
    /// unit.
    func mapCoord(energyAxis: MapAxis) throws -> MapCoord {
        var energies = energy
        if !energyAxis.unit.isEmpty && energyAxis.unit != "TeV" {
            guard let factor = UnitConversion.factor(from: "TeV", to: energyAxis.unit) else {
                throw MapMakingError(.unsupported, "the energy axis unit '\(energyAxis.unit)' is not an energy unit")
            }
            energies = energies.map { $0 * factor }
        }
        return try MapCoord(lon: ra, lat: dec, frame: .icrs, axes: [energyAxis.name: energies],
                            lonPrecision: raPrecision, latPrecision: decPrecision)
    }

    /// The pointing written in the EVENTS header (RA_PNT, DEC_PNT; Gammapy's `pointing_radec`).
    func pointingRADec() throws -> SkyCoord {
        guard let ra = header.double("RA_PNT"), let dec = header.double("DEC_PNT") else {
            throw MapMakingError(.unsupported, "the EVENTS header has no RA_PNT/DEC_PNT pointing")
        }
        return SkyCoord(ra: ra, dec: dec)
    }
}

/// The counts map of an observation on a WCS geometry with an `energy` axis (Gammapy's
/// `Map.from_geom(geom).fill_events(events)`): events binned by RA/Dec and reconstructed
/// energy; events outside the map are dropped.
public func makeCountsMap(events: EventList, geom: WcsGeom) throws -> WcsNDMap<Double> {
    guard let energyAxis = geom.axes.first(where: { $0.name == "energy" }), geom.axes.count == 1 else {
        throw MapMakingError(.unsupported, "the counts map needs a geometry with one axis, energy; it has \(geom.axes.names)")
    }
    var counts = WcsNDMap<Double>.fromGeom(geom)
    try counts.fillByCoord(events.mapCoord(energyAxis: energyAxis))
    return counts
}

extension RegionGeom {
    /// The ON counts of an observation's `events` as Gammapy's makers take them: within RAD_MAX
    /// of a point ON region (point-like IRFs), else inside the region.
    /// - Throws: `MapMakingError(.unsupported)` for a point region of an observation without RAD_MAX.
    public func makeCounts(events: EventList, observation: Observation) throws -> RegionNDMap<Double> {
        guard region?.isAllPoints == true else { return try makeCounts(events: events) }
        guard let radMax = try observation.radMax() else {
            throw MapMakingError(.unsupported, "observation \(observation.obsID): a point ON region needs a RAD_MAX cut (point-like IRFs); this observation has none")
        }
        return try makeCountsRadMax(radMax: radMax, events: events)
    }
}

extension RegionGeom {
    /// ON counts in a point-like analysis (Gammapy's `make_counts_rad_max`): the events whose
    /// distance from the region's centre is at most the RAD_MAX cut at their reconstructed
    /// energy and at the centre's offset from the pointing (nearest-neighbour lookup in the
    /// RAD_MAX table, as Gammapy's `select_rad_max`), binned in this geometry's energy axis.
    /// The pointing is the EVENTS header's RA_PNT/DEC_PNT.
    public func makeCountsRadMax(radMax: RadMax2D, events: EventList) throws -> RegionNDMap<Double> {
        guard let region else {
            throw MapMakingError(.unsupported, "RAD_MAX counts need a region geometry with a region")
        }
        var counts = RegionNDMap<Double>.fromGeom(self)
        try fillRadMax(&counts, radMax: radMax, events: events, position: region.center)
        return counts
    }

    /// OFF counts of a point-like analysis (Gammapy's `make_counts_off_rad_max`): for each OFF
    /// point, the events within RAD_MAX of it (at the OFF point's own offset), added up in this
    /// geometry's energy axis, on the points' union in `wcs` (the finder's geometry, as for
    /// `makeCountsOff`); overlaps are not checked here (`RadMaxOverlap`). Nil without regions.
    public func makeCountsOffRadMax(radMax: RadMax2D, events: EventList, regions: [SkyRegion], wcs: WcsGeom) throws -> RegionNDMap<Double>? {
        guard !regions.isEmpty else { return nil }
        var counts = RegionNDMap<Double>.fromGeom(try RegionGeom.fromRegions(regions, axes: Array(axes), wcs: wcs))
        for region in regions { try fillRadMax(&counts, radMax: radMax, events: events, position: region.center) }
        return counts
    }

    /// Adds the events within RAD_MAX of `position` (Gammapy's `select_rad_max` + `fill_events`).
    private func fillRadMax(_ counts: inout RegionNDMap<Double>, radMax: RadMax2D, events: EventList, position: SkyCoord) throws {
        guard let energyAxis = axes.first(where: { $0.name == "energy" }), axes.count == 1 else {
            throw MapMakingError(.unsupported, "RAD_MAX counts need a geometry with one axis, energy; it has \(axes.names)")
        }
        let pointing = try events.pointingRADec()
        let offset = position.separation(to: pointing)
        let separations = position.separations(lon: events.ra, lat: events.dec, frame: .icrs)
        let cut = try radMax.degrees(radMax.evaluate(energy: ShapedArray(events.energy), offset: ShapedArray(scalar: offset),
                                                     method: .nearest).values)
        let selected = events.energy.indices.filter { separations[$0] <= cut[$0] }
        let all = try events.mapCoord(energyAxis: energyAxis)
        let energies = all.axes[energyAxis.name]!
        let coord = try MapCoord(lon: selected.map { all.lon[$0] }, lat: selected.map { all.lat[$0] }, frame: .icrs,
                                 axes: [energyAxis.name: selected.map { energies[$0] }],
                                 lonPrecision: all.lonPrecision, latPrecision: all.latPrecision)
        try counts.fillByCoord(coord)
    }
}

extension RegionGeom {
    /// ON counts of a spectrum (Gammapy's `RegionNDMap.from_geom(geom).fill_events(events)`):
    /// the events inside the region, decided in the geometry's WCS pixels, binned in its
    /// `energy` axis.
    public func makeCounts(events: EventList) throws -> RegionNDMap<Double> {
        guard let energyAxis = axes.first(where: { $0.name == "energy" }), axes.count == 1 else {
            throw MapMakingError(.unsupported, "the counts spectrum needs a geometry with one axis, energy; it has \(axes.names)")
        }
        var counts = RegionNDMap<Double>.fromGeom(self)
        try counts.fillByCoord(events.mapCoord(energyAxis: energyAxis))
        return counts
    }

    /// OFF counts of the reflected-regions method (Gammapy's `make_counts_off`): the events
    /// inside any of `regions` — their union, so an event in two overlapping regions counts
    /// once — decided in the pixels of `wcs`, the finder's reference geometry, and binned in
    /// this geometry's `energy` axis. Nil without regions (Gammapy's `counts_off = None`).
    public func makeCountsOff(events: EventList, regions: [SkyRegion], wcs: WcsGeom) throws -> RegionNDMap<Double>? {
        guard !regions.isEmpty else { return nil }
        let off = try RegionGeom.fromRegions(regions, axes: Array(axes), wcs: wcs)
        return try off.makeCounts(events: events)
    }
}
