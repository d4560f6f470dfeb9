import Foundation
import Synchronization

/// Counts the share attempts of each account with a code that belongs to no account: ten in 15
/// minutes, then every attempt is refused until the window passes. A code is six digits, so
/// without this limit an account could try them all and learn which exist and, by sharing, whose
/// they are. An attempt counts from the moment it is made (reserved before the lookup), so that
/// attempts sent in parallel cannot all pass.
final class ShareCodeGuard: Sendable {
    static let limit = 10
    static let window: TimeInterval = 15 * 60
    private let attempts = Mutex<[Int64: [Date]]>([:])

    /// Reserves an attempt for `account`; false when it has used up its wrong codes.
    func reserve(_ account: Int64, now: Date = Date()) -> Bool {
        attempts.withLock { table in
            let recent = (table[account] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            guard recent.count < Self.limit else {
                table[account] = recent
                return false
            }
            table[account] = recent + [now]
            return true
        }
    }

    /// The code belonged to an account: the attempt does not count.
    func release(_ account: Int64) {
        attempts.withLock { table in
            guard var recent = table[account], !recent.isEmpty else { return }
            recent.removeLast()
            table[account] = recent.isEmpty ? nil : recent
        }
    }
}
