import FascicoloEngine

extension Engine {
    /// Runs the engine work of a request on the engine's executor (never on the server's event
    /// loops nor Swift's cooperative pool), within the request's budget; it stops when the client
    /// goes away. Every route reaches the engine through here.
    func run<T: Sendable>(
        _ context: AppContext, length: WorkLength = .request,
        _ work: @escaping @Sendable (Engine) throws -> T
    ) async throws -> T {
        try await perform(length, abandoned: context.clientGone, work)
    }
}
