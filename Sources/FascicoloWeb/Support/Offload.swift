import Dispatch

/// Runs blocking work (bcrypt, a long export) on a Dispatch queue instead of Swift's cooperative
/// pool, which has one thread per core: two slow requests must not stall every other one.
enum Offload {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
