import Foundation
import GammaKit

/// Times the hot paths of each layer, for finding where a reduction spends its time:
/// `gammakit-bench parts DATASTORE [sky|maps|irf|makers]` (a release build: `swift run -c release
/// gammakit-bench parts $GAMMAPY_DATA/hess-dl3-dr1`). Prints best-of-N times, one line each;
/// Gammapy's figures for the makers' calls come from `scripts/reference/mapmaker_reference.py --bench`.
/// `make bench` compares whole programs; this is for profiling work, not a comparison.
enum PartsBenchmark {
    static func run(dataStore: String, only: String?) throws {
        if only == nil || only == "sky" { try sky() }
        if only == nil || only == "maps" { try maps() }
        if only == nil || only == "irf" { try irf(dataStore: dataStore) }
        if only == nil || only == "makers" { try makers(dataStore: dataStore) }
    }

    static func time(_ label: String, repeats: Int = 5, _ body: () throws -> Void) rethrows {
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        print("\(label.padding(toLength: 60, withPad: " ", startingAt: 0)) best \(String(format: "%8.2f", times[0])) ms, "
              + "median \(String(format: "%8.2f", times[times.count / 2])) ms")
    }

    /// Coordinate transforms, separations, WCS and AltAz for 1e6 random directions.
    static func sky() throws {
        let n = 1_000_000
        var rng = SystemRandomNumberGenerator()
        let lon = (0..<n).map { _ in Double.random(in: 0..<360, using: &rng) }
        let lat = (0..<n).map { _ in asin(Double.random(in: -1...1, using: &rng)) * 180 / .pi }
        let centre = SkyCoord(ra: 83.63, dec: 22.01)
        time("sky: ICRS → Galactic, 1e6") { _ = SkyCoord.transform(lon: lon, lat: lat, from: .icrs, to: .galactic) }
        let lon32 = lon.map { Double(Float($0)) }, lat32 = lat.map { Double(Float($0)) }
        time("sky: ICRS → Galactic as astropy, float32 input, 1e6") {
            _ = SkyCoord.transformAsAstropy(lon: lon32, lat: lat32, lonPrecision: .float32, latPrecision: .float32,
                                            from: .icrs, to: .galactic)
        }
        time("sky: separations, 1e6") { _ = centre.separations(lon: lon, lat: lat, frame: .icrs) }
        time("sky: FoV offsets, 1e6") { _ = SkyCoord.fovOffsets(of: lon, lat: lat, frame: .icrs, origin: centre) }
        let x = (0..<n).map { Double($0 % 1000) }, y = (0..<n).map { Double($0 / 1000) }
        for code in ["CAR", "TAN", "AIT"] {
            let w = try WCSProjection(ctype: ("RA---" + code, "DEC--" + code), crval: (83.63, 22.01), crpix: (500.5, 500.5),
                                      cdelt: (-0.01, 0.01))
            var world: (lon: [Double], lat: [Double]) = ([], [])
            time("sky: pixel → world \(code), 1e6") { world = w.pixelToWorld(x: x, y: y) }
            time("sky: world → pixel \(code), 1e6") { _ = w.worldToPixel(lon: world.lon, lat: world.lat) }
        }
        let t = try Time(mjd: 53090.13, scale: .tt)
        let m = 100_000
        time("sky: AltAz at one time, 1e5") {
            _ = SkyCoord.altAz(lon: Array(lon.prefix(m)), lat: Array(lat.prefix(m)), frame: .icrs, at: t, location: .hess)
        }
    }

    /// Solid angles, region masks, event filling, reprojection and map FITS I/O on the tutorial's
    /// 250 × 250 × 11 geometry.
    static func maps() throws {
        let axis = try MapAxis.fromEnergyBounds(1, 10, nbin: 11, unit: "TeV")
        let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: 0.02, axes: [axis])
        let image = geom.toImage()
        time("maps: solid angle, 250 × 250 CAR") { _ = image.solidAngle() }
        time("maps: region mask, 250 × 250, circle") {
            _ = image.regionMask([.circle(center: image.centerSkyDir, radius: 0.2)], inside: false)
        }
        var rng = SystemRandomNumberGenerator()
        let n = 1_000_000
        let ra = (0..<n).map { _ in 83.63 + Double.random(in: -3...3, using: &rng) }
        let dec = (0..<n).map { _ in 22.01 + Double.random(in: -3...3, using: &rng) }
        let energy = (0..<n).map { _ in pow(10, Double.random(in: -0.2...1.2, using: &rng)) }
        let coord = try MapCoord(lon: ra, lat: dec, frame: .icrs, axes: ["energy": energy])
        var counts = WcsNDMap<Float>.fromGeom(geom)
        try time("maps: fill 1e6 events into 250 × 250 × 11", repeats: 3) {
            counts = WcsNDMap<Float>.fromGeom(geom)
            try counts.fillByCoord(coord)
        }
        let target = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 4, binsz: 0.05, frame: .galactic,
                                        proj: "TAN", axes: [axis])
        try time("maps: interp_to_geom, 250 × 250 × 11 → Galactic TAN 80 × 80 × 11") { _ = try counts.interpToGeom(target) }
        try time("maps: cutout 2° of 250 × 250 × 11") { _ = try counts.cutout(position: SkyCoord(ra: 84, dec: 22.5), width: 2) }
        let path = NSTemporaryDirectory() + "gammakit-bench-\(getpid()).fits"
        defer { unlink(path) }
        try time("maps: write 250 × 250 × 11 map") { try counts.write(to: path, overwrite: true) }
        try time("maps: read 250 × 250 × 11 map") { _ = try WcsNDMap<Float>.read(from: path) }
    }

    /// IRF evaluation on map-sized batches: effective area at 40 energies × 250,000 offsets, and
    /// the log-log energy integral of a `bkg_3d` over 20 bins at 250,000 FoV positions.
    static func irf(dataStore: String) throws {
        let observation = try DataStore(directory: dataStore).observation(23523)
        guard case .aeff2D(let aeff) = try observation.irf("aeff"), case .bkg3D(let bkg) = try observation.irf("bkg") else {
            throw DL3Error(.unreadable, "observation 23523: expected aeff_2d and bkg_3d")
        }
        let filled = try bkg.interpolatingMissingData()
        let pixels = 250_000
        let offsets = ShapedArray((0..<pixels).map { Double($0 % 500) * 0.005 }, shape: [1, pixels])
        let energies = ShapedArray((0..<40).map { 0.1 * pow(1.2, Double($0)) }, shape: [40, 1])
        try time("irf: aeff_2d at 40 × 250,000 points") { _ = try aeff.evaluate(energyTrue: energies, offset: offsets) }
        let lon = ShapedArray((0..<pixels).map { Double($0 % 500) * 0.01 - 2.5 }, shape: [pixels])
        let lat = ShapedArray((0..<pixels).map { Double($0 / 500) * 0.01 - 2.5 }, shape: [pixels])
        let edges = (0...20).map { 0.1 * pow(10, Double($0) * 0.15) }
        try time("irf: bkg_3d integral, 20 bins × 250,000 positions") {
            _ = try filled.integrate(energyEdges: edges, fovLon: lon, fovLat: lat)
        }
    }

    /// Each map of `MapDatasetMaker` for H.E.S.S. run 23592 on the tutorial geometry (0.05° and
    /// 0.02° bins), events and IRFs loaded once before.
    static func makers(dataStore: String) throws {
        let observation = try DataStore(directory: dataStore).observation(23592)
        for hdu in ["aeff", "edisp", "psf", "bkg"] { _ = try observation.irf(hdu) }
        _ = try observation.events()
        _ = try observation.gti()
        let energyTrue = try MapAxis.fromEnergyBounds(0.3, 10, nbin: 31, name: "energy_true")
        for binsz in [0.05, 0.02] {
            let geom = try WcsGeom.create(skydir: SkyCoord(ra: 83.63, dec: 22.01), width: 5, binsz: LonLat(binsz),
                                          axes: [MapAxis.fromEnergyBounds(1, 10, nbin: 11)])
            let geoms = try MapDatasetGeoms.create(geom: geom, energyAxisTrue: energyTrue)
            guard let exposureGeom = geoms.exposure, let psfGeom = geoms.psf, let edispGeom = geoms.edisp else { continue }
            let maker = MapDatasetMaker()
            let label = "makers: \(geom.npix.lon) × \(geom.npix.lat) at \(binsz)°,"
            try time("\(label) counts") { _ = try maker.makeCounts(geom: geom, observation: observation) }
            try time("\(label) exposure") { _ = try maker.makeExposure(geom: exposureGeom, observation: observation) }
            try time("\(label) background") { _ = try maker.makeBackground(geom: geom, observation: observation) }
            try time("\(label) psf") { _ = try maker.makePSF(geom: psfGeom, observation: observation) }
            try time("\(label) edisp") { _ = try maker.makeEDispKernel(geom: edispGeom, observation: observation) }
            try time("\(label) all maps, concurrently") { _ = try maker.run(on: geoms, name: "bench", observation: observation) }
        }
    }
}
