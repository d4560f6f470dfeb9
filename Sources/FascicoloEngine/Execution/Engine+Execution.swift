import FascicoloCore

extension Engine {
    /// How long a page or an API call may run by default.
    public static let requestDeadline: Duration = .seconds(10)

    /// Runs blocking engine work for async code (the web front) on the engine's executor, never on
    /// the caller's threads, within `budget`: past it, or when the calling task is cancelled, SQL
    /// and Lua stop at their next check and the call fails with `FascicoloError.timedOut`.
    public func perform<T: Sendable>(budget: ExecutionBudget = ExecutionBudget(Engine.requestDeadline),
                                     _ work: @escaping @Sendable (Engine) throws -> T) async throws -> T {
        try await executor.run(budget: budget) { try work(self) }
    }
}
