import FascicoloCore
import FascicoloEngine
import Foundation
import HTTPTypes
import Hummingbird

/// Guards a group of routes: a signed-in user, a valid CSRF token on every unsafe request made
/// with the session cookie, and a role that may write for unsafe requests.
///
/// HTML forms carry the token in the `_csrf` field (the form is parsed here, once, into
/// `context.form`, except for file uploads, whose form action carries it in the query string);
/// scripts calling the API with the cookie send it as `X-CSRF-Token`. Requests
/// with a bearer token need no CSRF token: a browser never adds one on its own.
struct RequireUser: RouterMiddleware {
    enum Front { case html, api }
    let front: Front

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else {
            switch front {
            case .api: throw WebError.unauthenticated
            case .html:
                let target = request.method == .get ? request.uri.path : "/pratiche"
                return .redirect(to: "/login?dopo=\(FormData.percentEncode(target))")
            }
        }
        var context = context
        var request = request
        if Self.isUnsafe(request.method) {
            // Roles that change nothing stop here; what each permission allows is the engine's to decide.
            guard !identity.user.role.permissions.isEmpty || Self.personalActions.contains(request.uri.path) else {
                throw WebError.forbidden("il tuo profilo è di sola lettura")
            }
            // File uploads stream their body to disk in the route: their forms carry the token in the
            // query string instead.
            let isUpload = request.mediaType == "multipart/form-data"
            if front == .html && !isUpload { context.form = try await FormData.read(from: &request, context: context) }
            if let expected = identity.csrfToken {
                let sent =
                    front == .api
                    ? request.headers[.csrfToken]
                    : isUpload ? request.uri.queryParameters["_csrf"].map(String.init) : context.form["_csrf"]
                guard let sent, Secrets.constantTimeEquals(sent, expected) else {
                    throw WebError.forbidden(Wording.formExpiredReload)
                }
            }
        }
        return try await next(request, context)
    }

    /// Unsafe requests that change only the user's own session or view, allowed to every role.
    static let personalActions: Set<String> = ["/logout", "/pratiche/colonne", "/api/v1/fees"]

    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }
}

extension HTTPField.Name {
    /// The header scripts use to send the session's CSRF token to the API.
    static let csrfToken = Self("X-CSRF-Token")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
