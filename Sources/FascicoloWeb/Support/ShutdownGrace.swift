import Dispatch
import FascicoloEngine
import Foundation

/// What the server does once asked to stop (SIGTERM or SIGINT), beside the graceful shutdown of
/// the HTTP service (which stops accepting and lets requests in flight finish): after `grace`,
/// the engine's work still running is interrupted (SQL and Lua stop at their next check and those
/// requests end with a timeout error); if anything still holds the process `settle` after that,
/// it leaves with status 0 anyway. So a stop never takes longer than `grace + settle`, whatever
/// a plugin or a query is doing.
public final class ShutdownGrace: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let queue = DispatchQueue(label: "fascicolo.shutdown")

    /// Watches SIGTERM and SIGINT from now on; `interrupt` runs once, at the end of the grace.
    public init(grace: Duration, settle: Duration = .milliseconds(1_500), interrupt: @escaping @Sendable () -> Void) {
        let fired = Once()
        let queue = self.queue
        sources = [SIGTERM, SIGINT].map { signal in
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler {
                guard fired.first() else { return }
                queue.asyncAfter(deadline: .now() + Self.interval(grace)) {
                    interrupt()
                    queue.asyncAfter(deadline: .now() + Self.interval(settle)) {
                        FileHandle.standardOutput.synchronizeFile()
                        exit(0)
                    }
                }
            }
            source.resume()
            return source
        }
    }

    deinit { for source in sources { source.cancel() } }

    /// True the first time only; used on `queue` alone.
    private final class Once: @unchecked Sendable {
        private var done = false
        func first() -> Bool {
            defer { done = true }
            return !done
        }
    }

    private static func interval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    }
}
