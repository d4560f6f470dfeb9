import FascicoloEngine
import Hummingbird

/// Who is making a request: a signed-in browser (with its CSRF token) or an API token holder.
struct Identity: Sendable {
    let user: User
    /// The session's CSRF token; nil when the request carries a bearer token instead of a cookie.
    let csrfToken: String?
    /// The cookie secret, kept to end the session on logout.
    let sessionSecret: String?

    var actor: Actor { user.actor }
}

/// The request context of every route: Hummingbird's core storage, who is asking, and the
/// parsed form of an HTML POST (already CSRF-checked).
struct AppContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var identity: Identity?
    var form: FormData = FormData()
    /// The client's IP address (for throttling sign-in attempts), when the transport knows it:
    /// the peer's, or the one a trusted proxy forwarded (`ForwardedMiddleware`).
    var clientAddress: String?
    /// Whether the browser used HTTPS, as a trusted proxy says (then responses carry HSTS).
    var viaHTTPS = false
    /// Whether the client closed the connection (read from any thread).
    let clientGone: @Sendable () -> Bool

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
        let channel = source.channel
        // A channel that was never active (the router tests' in-memory one) never counts as gone.
        let wasActive = channel.isActive
        self.clientGone = { wasActive && !channel.isActive }
    }

    /// Request bodies larger than this are refused with 413 before they are read.
    var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user; routes behind `RequireUser` can rely on it.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw HTTPError(.unauthorized) }
        return identity
    }
}
