import FascicoloCore
import FascicoloEngine
import FascicoloLua
import Foundation

/// The plugin budgets: an empty hook with a pratica view, fee throughput, loading, a runaway stop,
/// and whether a pool of states beats one state behind a lock under concurrent calls.
struct PluginBenchmarks {
    let engine: Engine
    let actor: Actor
    let root: URL

    func run() throws {
        let pratica = try engine.list(ListRequest(type: "crisi-sovraindebitamento"), actor: actor).pratiche[0]
        var view = pratica.fields
        view["stato"] = .text(pratica.state)
        let empty = try Plugin(source: "return { validate = function(p, ctx) end }", file: "plugins/vuoto.lua")
        try Timing.measure("empty hook with a pratica view (\(pratica.fields.count) fields)", runs: 20_000, warmup: 1_000) {
            _ = try empty.call(.validate, [.readOnly(.record(view)), .readOnly(.record(["today": .text("2026-11-24")]))])
        }.reportMicro(budget: 0.010)

        let input = FeeInput(
            kind: "piano", attivo: Money(cents: 10_000_000), passivo: Money(cents: 25_000_000),
            riduzione: ExactDecimal(20), rimborso: ExactDecimal(15))
        let calls = 20_000
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { _ = try engine.computeFees(typeId: "crisi-sovraindebitamento", input: input) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        say(
            "fee computations, one thread: \(Int(Double(calls) / seconds)) per second (budget ≥ 20,000: \(Double(calls) / seconds >= 20_000 ? "OK" : "OVER"))"
        )

        let plugins = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("plugins").path)) ?? [])
            .filter { $0.hasSuffix(".lua") }.map { String($0.dropLast(4)) }
        try Timing.measure("load all plugins (\(plugins.count))", runs: 50, warmup: 3) {
            for id in plugins { _ = try Plugin(root: root, id: id) }
        }.report(budget: 50)

        let runaway = try Plugin(source: "return { validate = function() while true do end end }", file: "plugins/ciclo.lua")
        try Timing.measure("runaway hook stopped (default limits)", runs: 10, warmup: 1) {
            do {
                _ = try runaway.call(.validate, [])
                throw BenchFailure("the runaway hook returned")
            } catch LuaError.timeout(_) {
                // Stopped by the instruction limit, as it must be.
            }
        }.report(budget: 100)

        try compareConcurrency(input: input)
        try executorOverhead(input: input)
    }

    /// What the execution path of the web front adds to a call: the fee calculator (a plugin
    /// call) called directly, and through `Engine.perform` from async code (a hop to the engine's
    /// threads under a budget, and back); and `perform` of no work at all.
    private func executorOverhead(input: FeeInput) throws {
        let calls = 20_000
        let engine = self.engine
        let direct = try Timing.measure("fee calculator, called directly", runs: calls, warmup: 500) {
            _ = try engine.computeFees(typeId: "crisi-sovraindebitamento", input: input)
        }
        let budgeted = try Timing.measure("fee calculator, under a budget on the calling thread", runs: calls, warmup: 500) {
            _ = try ExecutionBudget(.seconds(10)).run { try engine.computeFees(typeId: "crisi-sovraindebitamento", input: input) }
        }
        let through = Self.microsecondsPerCall(calls) {
            _ = try await engine.perform { try $0.computeFees(typeId: "crisi-sovraindebitamento", input: input) }
        }
        let hop = Self.microsecondsPerCall(calls) { try await engine.perform { _ in } }
        let added = through - direct.median * 1000
        say(
            "executor: fee calculator direct \(Timing.format(direct.median * 1000)) µs, through Engine.perform \(Timing.format(through)) µs "
                + "(added \(Timing.format(added)) µs per call, budget ≤ 50 µs: \(added <= 50 ? "OK" : "OVER")); perform of no work \(Timing.format(hop)) µs; "
                + "under a budget on the calling thread \(Timing.format(budgeted.median * 1000)) µs"
        )
    }

    /// The mean time of `calls` awaited calls of `body` in a loop, in µs (after 500 of warm-up).
    private static func microsecondsPerCall(_ calls: Int, _ body: @escaping @Sendable () async throws -> Void) -> Double {
        final class Outcome: @unchecked Sendable { var microseconds = 0.0 }
        let result = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            for _ in 0..<500 { try? await body() }
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<calls { try? await body() }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
            result.microseconds = elapsed / Double(calls) / 1000
            done.signal()
        }
        done.wait()
        return result.microseconds
    }

    /// Two threads computing fees: through the engine's pool (one state per caller) versus one
    /// shared state serialised by a lock (what an actor would do).
    private func compareConcurrency(input: FeeInput) throws {
        let perThread = 10_000
        let pooled = timeThreads(2, perThread) { _ = try? engine.computeFees(typeId: "crisi-sovraindebitamento", input: input) }
        let shared = LockedPlugin(try Plugin(root: root, id: "crisi-sovraindebitamento"), input: input)
        let serialised = timeThreads(2, perThread) { shared.computeFees() }
        say(
            "2 threads x \(perThread) fee computations: pool \(Int(Double(2 * perThread) / pooled))/s, one locked state \(Int(Double(2 * perThread) / serialised))/s"
        )
    }

    private func timeThreads(_ threads: Int, _ iterations: Int, _ body: @escaping @Sendable () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<iterations { body() }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// One plugin state shared by threads behind a lock: the alternative to a pool, measured above.
final class LockedPlugin: @unchecked Sendable {
    private let plugin: Plugin
    private let lock = NSLock()
    private let argument: Value

    init(_ plugin: Plugin, input: FeeInput) {
        self.plugin = plugin
        argument = .record([
            "kind": .text(input.kind), "attivo": .money(input.attivo), "passivo": .money(input.passivo),
            "riduzione": .decimal(input.riduzione), "rimborso": .decimal(input.rimborso),
        ])
    }

    func computeFees() {
        lock.lock()
        defer { lock.unlock() }
        _ = try? plugin.call(.fees, [.readOnly(argument), .readOnly(.record([:]))])
    }
}

extension Timing {
    /// Microsecond figures read better for hook calls.
    func reportMicro(budget: Double) {
        say(
            "\(label) median \(Timing.format(median * 1000)) µs  p95 \(Timing.format(p95 * 1000)) µs | budget \(Timing.format(budget * 1000)) µs: \(median <= budget ? "OK" : "OVER")"
        )
    }
}
