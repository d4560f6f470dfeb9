import FascicoloCore
import FascicoloEngine
import Foundation
import Hummingbird

/// Resolves who is asking, from a bearer token (`Authorization: Bearer …`) or the session cookie.
/// It never refuses a request: `RequireUser` does, where a user is needed.
/// Wrong bearer tokens count against the client's address (100 in 15 minutes, then 429; a token
/// being checked counts until it proves right, so parallel guesses cannot slip past the limit).
struct IdentityMiddleware: RouterMiddleware {
    let engine: Engine
    let throttle: FailureThrottle

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            // Other schemes (a proxy's Basic auth) are not ours to judge: the cookie still counts.
            let token = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
            guard let attempt = throttle.reserve([("token-da:" + (context.clientAddress ?? "sconosciuto"), 100)]) else {
                throw WebError.tooManyAttempts
            }
            guard let user = try await engine.run(context, { try $0.user(apiToken: token) }) else { throw WebError.unauthenticated }
            throttle.succeeded(attempt)
            context.identity = Identity(user: user, csrfToken: nil, sessionSecret: nil)
        } else if let secret = request.cookies[SessionCookie.name]?.value, !secret.isEmpty,
            let session = try await engine.run(context, { try $0.session(secret: secret) })
        {
            context.identity = Identity(user: session.user, csrfToken: session.csrfToken, sessionSecret: secret)
        }
        return try await next(request, context)
    }
}
