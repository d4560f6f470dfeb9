import Foundation

/// Counts failures (sign-ins, debtor tokens) per key in a 15-minute window, so that guessing is
/// slowed down. Memory only: a restart forgets, which is acceptable for a throttle.
actor FailureThrottle {
    private var failures: [String: [Date]] = [:]
    private let window: TimeInterval = 15 * 60
    private var lastSweep = Date.distantPast

    /// Whether every key is still under its limit of failures in the window.
    func allows(_ limits: [(key: String, limit: Int)], now: Date = Date()) -> Bool {
        limits.allSatisfy { recent($0.key, now: now).count < $0.limit }
    }

    /// Records one failure under each key.
    func recordFailure(_ keys: [String], now: Date = Date()) {
        for key in keys { failures[key] = recent(key, now: now) + [now] }
        // Forget old entries at most once a minute, so that a flood of keys costs no rescans.
        if now.timeIntervalSince(lastSweep) > 60 {
            failures = failures.filter { !recent($0.key, now: now).isEmpty }
            lastSweep = now
        }
    }

    /// Forgets the failures under a key (after a success).
    func reset(_ key: String) { failures[key] = nil }

    private func recent(_ key: String, now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
    }
}
