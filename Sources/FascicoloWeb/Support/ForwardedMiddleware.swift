import HTTPTypes
import Hummingbird

/// Replaces the peer's address with the client's, and notes HTTPS, when the peer is a trusted
/// reverse proxy (see `TrustedProxies`); does nothing otherwise.
struct ForwardedMiddleware: RouterMiddleware {
    let proxies: TrustedProxies

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard !proxies.ranges.isEmpty else { return try await next(request, context) }
        var context = context
        let peer = context.clientAddress
        context.clientAddress = proxies.client(
            peer: peer, forwardedFor: request.headers[.xForwardedFor], forwarded: request.headers[.forwarded])
        context.viaHTTPS = proxies.isSecure(peer: peer, forwardedProto: request.headers[.xForwardedProto])
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    static let forwarded = Self("Forwarded")!
}
