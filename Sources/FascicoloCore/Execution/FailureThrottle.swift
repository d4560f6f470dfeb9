import Foundation
import Synchronization

/// Counts failed attempts (sign-ins, debtor codes, API tokens, share codes) per key in a 15-minute
/// window, so that guessing is slowed down. Memory only: a restart forgets, which is acceptable
/// for a throttle. Safe from any thread; no call waits for anything but the lock.
public final class FailureThrottle: Sendable {
    /// One attempt counted under its keys until it is known to have succeeded.
    public struct Attempt: Sendable {
        let keys: [String]
        let at: Date
    }

    private struct Table {
        var failures: [String: [Date]] = [:]
        var lastSweep = Date.distantPast
    }

    private let table = Mutex(Table())
    private let window: TimeInterval = 15 * 60

    public init() {}

    /// Counts an attempt under every key, if every key is still under its limit; nil when one is
    /// not (the caller refuses). The attempt counts from now, while its password or code is still
    /// being checked, so that attempts made in parallel cannot all pass the check before any
    /// failure is recorded: at most `limit` are ever evaluated. A successful attempt is given back
    /// with `succeeded`.
    public func reserve(_ limits: [(key: String, limit: Int)], now: Date = Date()) -> Attempt? {
        table.withLock { table in
            guard limits.allSatisfy({ recent(table, $0.key, now: now).count < $0.limit }) else { return nil }
            for (key, _) in limits { table.failures[key] = recent(table, key, now: now) + [now] }
            // Forget old entries at most once a minute, so that a flood of keys costs no rescans.
            if now.timeIntervalSince(table.lastSweep) > 60 {
                table.failures = table.failures.filter { !recent(table, $0.key, now: now).isEmpty }
                table.lastSweep = now
            }
            return Attempt(keys: limits.map(\.key), at: now)
        }
    }

    /// The attempt succeeded: it no longer counts as a failure.
    public func succeeded(_ attempt: Attempt) {
        table.withLock { table in
            for key in attempt.keys {
                guard var times = table.failures[key], let index = times.firstIndex(of: attempt.at) else { continue }
                times.remove(at: index)
                table.failures[key] = times.isEmpty ? nil : times
            }
        }
    }

    /// Forgets the failures under a key (after a success).
    public func reset(_ key: String) {
        table.withLock { _ = $0.failures.removeValue(forKey: key) }
    }

    private func recent(_ table: Table, _ key: String, now: Date) -> [Date] {
        (table.failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
