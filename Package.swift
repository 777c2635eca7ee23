// swift-tools-version:6.0
// GammaKit: IACT DL3 data reduction, a faithful and fast reimplementation of Gammapy's makers.
// Layers follow the data flow (docs/ARCHITECTURE.md): each target imports only targets below it.
import Foundation
import PackageDescription

let package = Package(
    name: "GammaKit",
    products: [
        .library(name: "GammaKit", targets: ["GammaKit"]),
        .executable(name: "gammakit", targets: ["gammakit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // The field's C libraries, each wrapped once, thinly.
        .systemLibrary(name: "CFITSIO", pkgConfig: "cfitsio", providers: [.apt(["libcfitsio-dev"])]),
        .systemLibrary(name: "CWCSLIB", pkgConfig: "wcslib", providers: [.apt(["wcslib-dev"])]),
        .systemLibrary(name: "CERFA", pkgConfig: "erfa", providers: [.apt(["liberfa-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),

        // Our one C kernel: glibc's exp four values at a time, where the CPU has AVX2 and FMA.
        .target(name: "CVectorMath"),

        .target(name: "FITSIO", dependencies: ["CFITSIO", "CZlib", "CDeflate"]),
        .target(name: "Sky", dependencies: ["CWCSLIB", "CERFA"]),
        .target(name: "GammaMaps", dependencies: ["FITSIO", "Sky", "CVectorMath"]),
        .target(name: "IRF", dependencies: ["GammaMaps", "FITSIO", "Sky"]),
        .target(name: "DL3", dependencies: ["IRF", "GammaMaps", "FITSIO", "Sky"]),
        .target(name: "Datasets", dependencies: ["DL3", "IRF", "GammaMaps", "FITSIO", "Sky", "Yams"]),
        .target(name: "Makers", dependencies: ["Datasets", "DL3", "IRF", "GammaMaps", "FITSIO", "Sky"]),
        .target(name: "MapPlots", dependencies: ["GammaMaps", "CCairo"]),
        .target(name: "Analysis", dependencies: ["Makers", "Datasets", "DL3", "IRF", "GammaMaps", "FITSIO", "Sky", "Yams"]),
        // Schedulers that run a sharded reduction on a cluster (Slurm), through their own commands.
        .target(name: "BatchEngines", dependencies: ["Analysis", "FITSIO", "Yams"]),
        .target(name: "GammaKit", dependencies: ["BatchEngines", "Analysis", "Makers", "Datasets", "DL3", "IRF", "GammaMaps", "FITSIO", "Sky"]),
        .executableTarget(name: "gammakit", dependencies: [
            "GammaKit", "MapPlots",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "gammakit-bench", dependencies: ["GammaKit"], path: "Benchmarks/gammakit-bench"),
        .executableTarget(name: "makers-tutorial", dependencies: ["GammaKit", "MapPlots"], path: "Examples/makers-tutorial"),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FITSIOTests", dependencies: ["FITSIO", "TestSupport"]),
        .testTarget(name: "SkyTests", dependencies: ["Sky", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GammaMapsTests", dependencies: ["GammaMaps", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "IRFTests", dependencies: ["IRF", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MapPlotsTests", dependencies: ["MapPlots", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "BatchEngines", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Makers", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MakersTests", dependencies: ["Makers", "Datasets", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["FITSIO", "TestSupport"]),
        .testTarget(name: "DL3Tests", dependencies: ["DL3", "TestSupport"], resources: [.copy("Fixtures")]),
    ]
)

// The libFuzzer targets link only when built with -sanitize=fuzzer, so they are declared only on
// request: GAMMAKIT_FUZZ=1 swift build ... (see README, "Fuzzing").
if ProcessInfo.processInfo.environment["GAMMAKIT_FUZZ"] != nil {
    package.targets += [
        .systemLibrary(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"),
        .executableTarget(name: "fuzz-dl3", dependencies: ["DL3", "IRF", "CFuzzerDriver"], path: "Fuzz/fuzz-dl3"),
        .executableTarget(name: "fuzz-config", dependencies: ["Analysis", "CFuzzerDriver"], path: "Fuzz/fuzz-config"),
    ]
}
