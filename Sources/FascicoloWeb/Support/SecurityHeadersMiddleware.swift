import Hummingbird

/// Headers every response carries: no framing, no MIME sniffing, no referrer leaks, and a
/// content security policy that allows only this server's own scripts and styles; over HTTPS (as
/// a trusted proxy reports it), Strict-Transport-Security.
struct SecurityHeadersMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "same-origin"
        if context.viaHTTPS { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}
