import Foundation

/// Counts failures (sign-ins, debtor tokens) per key in a 15-minute window, so that guessing is
/// slowed down. Memory only: a restart forgets, which is acceptable for a throttle.
actor FailureThrottle {
    private var failures: [String: [Date]] = [:]
    private let window: TimeInterval = 15 * 60
    private var lastSweep = Date.distantPast

    /// One attempt counted under its keys until it is known to have succeeded.
    struct Attempt: Sendable {
        let keys: [String]
        let at: Date
    }

    /// Counts an attempt under every key, if every key is still under its limit; nil when one is
    /// not (the caller answers 429). The attempt counts from now, while its password or code is
    /// still being checked, so that attempts sent in parallel cannot all pass the check before
    /// any failure is recorded: at most `limit` are ever evaluated. A successful attempt is given
    /// back with `succeeded`.
    func reserve(_ limits: [(key: String, limit: Int)], now: Date = Date()) -> Attempt? {
        guard limits.allSatisfy({ recent($0.key, now: now).count < $0.limit }) else { return nil }
        for (key, _) in limits { failures[key] = recent(key, now: now) + [now] }
        // Forget old entries at most once a minute, so that a flood of keys costs no rescans.
        if now.timeIntervalSince(lastSweep) > 60 {
            failures = failures.filter { !recent($0.key, now: now).isEmpty }
            lastSweep = now
        }
        return Attempt(keys: limits.map(\.key), at: now)
    }

    /// The attempt succeeded: it no longer counts as a failure.
    func succeeded(_ attempt: Attempt) {
        for key in attempt.keys {
            guard var times = failures[key], let index = times.firstIndex(of: attempt.at) else { continue }
            times.remove(at: index)
            failures[key] = times.isEmpty ? nil : times
        }
    }

    /// Forgets the failures under a key (after a success).
    func reset(_ key: String) { failures[key] = nil }

    private func recent(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
