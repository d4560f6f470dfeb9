// swift-tools-version:6.1
import PackageDescription

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")

let package = Package(
    name: "Fascicolo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fascicolo", targets: ["fascicolo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "FascicoloCore"),
        .target(name: "FascicoloSchema", dependencies: ["FascicoloCore", "CYAML"]),
        .target(name: "FascicoloStore", dependencies: ["FascicoloCore", grdb]),
        .target(name: "FascicoloLua", dependencies: ["FascicoloCore", "CLua", "CLuaShim"]),
        .target(name: "FascicoloEngine", dependencies: ["FascicoloCore", "FascicoloSchema", "FascicoloStore", "FascicoloLua"]),
        .executableTarget(name: "fascicolo", dependencies: ["FascicoloEngine", "FascicoloSchema", argumentParser]),
        .executableTarget(name: "fascicolo-bench", dependencies: ["FascicoloEngine", "FascicoloStore", "FascicoloLua", grdb]),
        .executableTarget(name: "fascicolo-stress", dependencies: ["FascicoloEngine", argumentParser]),
        .target(name: "FascicoloTesting", dependencies: ["FascicoloEngine"]),
        .testTarget(name: "FascicoloCoreTests", dependencies: ["FascicoloCore", "FascicoloTesting"]),
        .testTarget(name: "FascicoloSchemaTests", dependencies: ["FascicoloSchema", "FascicoloTesting"]),
        .testTarget(name: "FascicoloEngineTests", dependencies: ["FascicoloEngine", "FascicoloTesting"]),
        .testTarget(name: "FascicoloLuaTests", dependencies: ["FascicoloLua", "FascicoloTesting"]),
        .testTarget(name: "FascicoloCLITests", dependencies: ["FascicoloTesting"]),
    ]
)
