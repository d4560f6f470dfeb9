import FascicoloCore
import FascicoloEngine
import Foundation
import GRDB

/// Release-mode benchmark of the engine on 100,000 demo pratiche, with SQLite's own time for the
/// same query shapes. Prints one line per budget; `make bench` runs it.
@main
struct Bench {
    static func main() throws {
        let arguments = CommandLine.arguments
        let root = URL(fileURLWithPath: value(of: "--root", in: arguments) ?? ".")
        let count = Int(value(of: "--pratiche", in: arguments) ?? "100000")!
        let binDirectory = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent()
        let cli = binDirectory.appendingPathComponent("fascicolo").path
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("fascicolo-bench-\(count)")
        let queriesOnly = arguments.contains("--queries-only")
        if let count = value(of: "--urls", in: arguments).flatMap(Int.init) {
            let data = URL(fileURLWithPath: value(of: "--data", in: arguments) ?? ".")
            let urls = try ListURLs.make(
                count: count, front: value(of: "--for", in: arguments) ?? "json", raw: try rawQueue(data),
                seed: UInt64(value(of: "--seed", in: arguments) ?? "7")!)
            print(urls.joined(separator: "\n"))
            return
        }
        say("Machine: \(machineDescription())")
        if arguments.contains("--writes-only"), let data = value(of: "--data", in: arguments).map({ URL(fileURLWithPath: $0) }) {
            let engine = try Engine(
                project: try Project.loadStrict(root: root), dataDirectory: data, configuration: EngineConfiguration(listCacheCapacity: 0))
            try WriteBenchmarks(engine: engine, actor: Actor(accountId: try engine.accounts()[0].id, name: "bench")).run()
            return
        }
        if arguments.contains("--matrix") {
            try runMatrix(root: root, arguments: arguments, cli: cli)
            return
        }
        if arguments.contains("--documents-only") {
            let engine = try Engine(
                project: try Project.loadStrict(root: root), dataDirectory: try demoData(cli: cli, root: root, count: count, data: data),
                configuration: EngineConfiguration(listCacheCapacity: 0))
            try DocumentBenchmarks(engine: engine, actor: Actor(accountId: try engine.accounts()[0].id, name: "bench")).run()
            return
        }
        if arguments.contains("--plugins-only") {
            let engine = try Engine(
                project: try Project.loadStrict(root: root), dataDirectory: try demoData(cli: cli, root: root, count: count, data: data),
                configuration: EngineConfiguration(listCacheCapacity: 0))
            try PluginBenchmarks(engine: engine, actor: Actor(accountId: try engine.accounts()[0].id, name: "bench"), root: root).run()
            return
        }
        if queriesOnly {
            let engine = try Engine(
                project: try Project.loadStrict(root: root), dataDirectory: try demoData(cli: cli, root: root, count: count, data: data),
                configuration: EngineConfiguration(listCacheCapacity: 0))
            try QueryBenchmarks(engine: engine, actor: Actor(accountId: try engine.accounts()[0].id, name: "bench"), raw: try rawQueue(data)).run()
            return
        }

        let check = try timeProcess(cli, ["check", "--root", root.path])
        say("fascicolo check (process, cold): \(Timing.format(check * 1000)) ms, budget 200 ms: \(check <= 0.2 ? "OK" : "OVER")")
        let load = Timing.measure("load and check every type (in process)", runs: 20, warmup: 2) { _ = Project.load(root: root) }
        load.report(budget: 200)

        let engine = try Engine(
            project: try Project.loadStrict(root: root), dataDirectory: try demoData(cli: cli, root: root, count: count, data: data),
            configuration: EngineConfiguration(listCacheCapacity: 0))
        let actor = Actor(accountId: try engine.accounts()[0].id, name: "bench")
        try QueryBenchmarks(engine: engine, actor: actor, raw: try rawQueue(data)).run()
        try WriteBenchmarks(engine: engine, actor: actor).run()
        try PluginBenchmarks(engine: engine, actor: actor, root: root).run()
        try DocumentBenchmarks(engine: engine, actor: actor).run()
    }

    /// The list matrix (`--matrix [--data DIR] [--pratiche N] [--runs R] [--seed S]`) on a database
    /// built by `fascicolo demo`: first with SQLite's statistics removed, then after ANALYZE.
    static func runMatrix(root: URL, arguments: [String], cli: String) throws {
        let count = Int(value(of: "--pratiche", in: arguments) ?? "1000000")!
        let data =
            try value(of: "--data", in: arguments).map { URL(fileURLWithPath: $0) }
            ?? demoData(
                cli: cli, root: root, count: count, data: FileManager.default.temporaryDirectory.appendingPathComponent("fascicolo-bench-\(count)"))
        let runs = Int(value(of: "--runs", in: arguments) ?? "15")!
        let seed = UInt64(value(of: "--seed", in: arguments) ?? "2026")!
        let path = data.appendingPathComponent("fascicolo.sqlite").path
        for analyzed in [false, true] {
            let writer = try DatabaseQueue(path: path)
            try writer.write { db in
                if analyzed {
                    let start = Date()
                    try db.execute(sql: "ANALYZE")
                    say("ANALYZE: \(Timing.format(Date().timeIntervalSince(start))) s")
                } else {
                    for table in ["sqlite_stat1", "sqlite_stat4"] where try db.tableExists(table) { try db.execute(sql: "DELETE FROM \(table)") }
                }
            }
            try writer.close()
            let engine = try Engine(
                project: try Project.loadStrict(root: root), dataDirectory: data, configuration: EngineConfiguration(listCacheCapacity: 0))
            let pratiche = try engine.list(ListRequest(), actor: Actor(accountId: try engine.accounts()[0].id, name: "bench")).total
            var matrix = ListMatrix(
                engine: engine, actor: Actor(accountId: try engine.accounts()[0].id, name: "bench"), raw: try rawQueue(data), runs: runs,
                random: BenchRandom(seed: seed))
            _ = try matrix.run(label: "\(pratiche) pratiche, \(analyzed ? "with statistics (after ANALYZE)" : "without statistics")")
        }
    }

    /// The demo data directory, created (and its creation timed) on first use.
    static func demoData(cli: String, root: URL, count: Int, data: URL) throws -> URL {
        if !FileManager.default.fileExists(atPath: data.appendingPathComponent("fascicolo.sqlite").path) {
            _ = try timeProcess(cli, ["init", "--root", root.path, "--data", data.path])
            let demo = try timeProcess(cli, ["demo", "--root", root.path, "--data", data.path, "--pratiche", String(count)])
            say("fascicolo demo --pratiche \(count): \(Timing.format(demo)) s, budget 60 s: \(demo <= 60 ? "OK" : "OVER")")
        } else {
            say("reusing demo data in \(data.path) (delete it to time demo again)")
        }
        return data
    }

    /// SQLite alone, with the same read settings as the product's connections.
    static func rawQueue(_ data: URL) throws -> DatabaseQueue {
        var settings = Configuration()
        settings.readonly = true
        settings.prepareDatabase { db in
            try db.execute(sql: "PRAGMA mmap_size = 0")
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        return try DatabaseQueue(path: data.appendingPathComponent("fascicolo.sqlite").path, configuration: settings)
    }

    static func value(of option: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }
}
