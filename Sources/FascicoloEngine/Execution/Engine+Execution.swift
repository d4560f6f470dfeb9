import FascicoloCore

/// How long a piece of work may run, from the executor's configuration.
public enum WorkLength: Sendable {
    /// A page or an API call (10 s by default).
    case request
    /// A report run, an export, a document (120 s by default).
    case long
}

extension Engine {
    /// Runs blocking engine work for async code (the web front) on the engine's executor, never on
    /// the caller's threads, within a budget of `length`: past it, when the calling task is
    /// cancelled, or once `abandoned` says the client went away, SQL and Lua stop at their next
    /// check and the call fails with `FascicoloError.timedOut`.
    public func perform<T: Sendable>(
        _ length: WorkLength = .request, abandoned: (@Sendable () -> Bool)? = nil,
        _ work: @escaping @Sendable (Engine) throws -> T
    ) async throws -> T {
        let duration = length == .request ? executor.configuration.requestDeadline : executor.configuration.longDeadline
        let lane = length == .request ? executor : longExecutor
        return try await lane.run(budget: ExecutionBudget(duration, abandoned: abandoned)) { try work(self) }
    }

    /// Ends the engine's work in flight (the end of a shutdown's grace period): both lanes refuse
    /// new calls and cancel the budgets of the calls they run or hold.
    public func interruptAll() {
        executor.interruptAll()
        longExecutor.interruptAll()
    }
}
