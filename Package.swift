// swift-tools-version:6.2
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let mustache = Target.Dependency.product(name: "Mustache", package: "swift-mustache")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let zip = Target.Dependency.product(name: "ZIPFoundation", package: "ZIPFoundation")

let package = Package(
    name: "Fascicolo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fascicolo", targets: ["fascicolo"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "CBcrypt", exclude: ["generate-constants.py"]),
        .target(name: "FascicoloCore"),
        .target(name: "FascicoloSchema", dependencies: ["FascicoloCore", "CYAML"]),
        .target(name: "FascicoloStore", dependencies: ["FascicoloCore", grdb, .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "FascicoloLua", dependencies: ["FascicoloCore", "CLua", "CLuaShim", logging]),
        .target(name: "FascicoloEngine", dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloStore", "FascicoloLua", "CBcrypt", crypto]),
        .target(name: "FascicoloDocuments", dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloEngine", zip]),
        .target(
            name: "FascicoloWeb",
            dependencies: [
                "FascicoloCore", "FascicoloSchema", "FascicoloEngine", "FascicoloDocuments", hummingbird, mustache, logging, httpTypes,
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "fascicolo",
            dependencies: [
                "FascicoloCore", "FascicoloSchema", "FascicoloEngine", "FascicoloDocuments", "FascicoloWeb", hummingbird, logging, argumentParser,
            ]),
        .executableTarget(name: "fascicolo-bench", dependencies: ["FascicoloCore", "FascicoloEngine", "FascicoloDocuments", "FascicoloLua", grdb]),
        .executableTarget(name: "fascicolo-stress", dependencies: ["FascicoloCore", "FascicoloEngine", argumentParser]),
        .target(name: "FascicoloTesting", dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloEngine"]),
        .testTarget(name: "FascicoloCoreTests", dependencies: ["FascicoloCore"]),
        .testTarget(name: "FascicoloSchemaTests", dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloTesting"]),
        .testTarget(name: "FascicoloEngineTests", dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloEngine", "FascicoloTesting"]),
        .testTarget(name: "FascicoloLuaTests", dependencies: ["FascicoloCore", "FascicoloLua", "FascicoloTesting"]),
        .testTarget(
            name: "FascicoloDocumentsTests",
            dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloEngine", "FascicoloDocuments", "FascicoloTesting", zip]),
        .testTarget(name: "FascicoloCLITests", dependencies: ["FascicoloTesting"]),
        .testTarget(
            name: "FascicoloWebTests",
            dependencies: [
                "FascicoloCore", "FascicoloSchema", "FascicoloEngine", "FascicoloDocuments", "FascicoloWeb", "FascicoloTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

// The project's own code builds in the Swift 6 language mode (complete concurrency checking) with
// every warning an error, Swift and C alike; dependencies keep their own settings.
for target in package.targets where target.type != .system {
    if ["CLuaShim", "CBcrypt"].contains(target.name) {
        target.cSettings = (target.cSettings ?? []) + [.treatAllWarnings(as: .error)]
    } else {
        target.swiftSettings = (target.swiftSettings ?? []) + [.swiftLanguageMode(.v6), .treatAllWarnings(as: .error)]
    }
}
