import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How long one piece of work (a request, a report run, a job) may still run, and whether whoever
/// asked for it has gone away. The layers that can run long check it where they can stop safely:
/// SQLite between virtual-machine steps (`FascicoloStore`), Lua between instructions
/// (`FascicoloLua`). A budget is installed for the current thread with `run(_:)` and read there
/// through `current`.
public final class ExecutionBudget: Sendable {
    /// The monotonic time (`MonotonicClock`) after which the work is stopped.
    public let deadline: UInt64
    private let state = Mutex<(cancelled: Bool, handlers: [Int: @Sendable () -> Void], next: Int)>((false, [:], 0))
    /// Tells whether whoever asked for the work has gone away (a closed connection); cheap, and
    /// safe from any thread.
    private let abandoned: (@Sendable () -> Bool)?

    /// A budget that ends `duration` from now; `abandoned`, when given, cancels it once it says true.
    public init(_ duration: Duration, abandoned: (@Sendable () -> Bool)? = nil) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = max(0, seconds) &* 1_000_000_000 &+ max(0, attoseconds) / 1_000_000_000
        deadline = MonotonicClock.nanoseconds() &+ UInt64(nanoseconds)
        self.abandoned = abandoned
    }

    /// Whether the work was cancelled: `cancel()` was called (the server is stopping), or the
    /// client went away.
    public var isCancelled: Bool {
        if state.withLock({ $0.cancelled }) { return true }
        guard let abandoned, abandoned() else { return false }
        cancel()
        return true
    }

    /// Whether the work must stop now: cancelled, or past its deadline.
    public var isExhausted: Bool { isCancelled || MonotonicClock.nanoseconds() >= deadline }

    /// Nanoseconds left before the deadline (0 when exhausted).
    public var remainingNanoseconds: UInt64 {
        if isCancelled { return 0 }
        let now = MonotonicClock.nanoseconds()
        return deadline > now ? deadline - now : 0
    }

    /// Stops the work at its next check; the handlers registered with `onCancel` run once, now.
    public func cancel() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.cancelled else { return [] }
            state.cancelled = true
            defer { state.handlers = [:] }
            return Array(state.handlers.values)
        }
        for handler in handlers { handler() }
    }

    /// Registers `handler` to run when the budget is cancelled (at once if it already is);
    /// returns a token for `removeCancelHandler`.
    @discardableResult
    public func onCancel(_ handler: @escaping @Sendable () -> Void) -> Int {
        let token = state.withLock { state -> Int? in
            guard !state.cancelled else { return nil }
            state.next += 1
            state.handlers[state.next] = handler
            return state.next
        }
        guard let token else {
            handler()
            return 0
        }
        return token
    }

    /// Forgets a handler registered with `onCancel`.
    public func removeCancelHandler(_ token: Int) {
        state.withLock { _ = $0.handlers.removeValue(forKey: token) }
    }

    /// Runs `body` with this budget as the current thread's `current`.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        let outer = Self.current
        Self.setCurrent(self)
        defer { Self.setCurrent(outer) }
        return try body()
    }

    /// The budget of the work running on this thread, if any.
    public static var current: ExecutionBudget? {
        guard let pointer = pthread_getspecific(slot.key) else { return nil }
        return Unmanaged<ExecutionBudget>.fromOpaque(pointer).takeUnretainedValue()
    }

    private static func setCurrent(_ budget: ExecutionBudget?) {
        if let old = pthread_getspecific(slot.key) { Unmanaged<ExecutionBudget>.fromOpaque(old).release() }
        pthread_setspecific(slot.key, budget.map { Unmanaged.passRetained($0).toOpaque() })
    }

    private static let slot = ThreadSlot()
}

/// One pthread key, created once.
private final class ThreadSlot: Sendable {
    let key: pthread_key_t
    init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }
}

/// The system's monotonic clock (`CLOCK_MONOTONIC`), the one the Lua sandbox's C code reads too.
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }
}
