import FascicoloCore
import Hummingbird
import Logging

/// Turns every error into a response the client understands: `{"error":{"message","field"}}`
/// under `/api`, an Italian error page elsewhere. Unexpected errors are logged by type only
/// (never their text, which could carry data) and answered with a 500.
struct ErrorMiddleware: RouterMiddleware {
    let renderer: Renderer

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let report = ErrorReport(error)
            if report.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
            var response: Response
            if request.uri.path.hasPrefix("/api/") {
                response = Response.json(report.json, status: report.status)
                if report.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            } else if report.status == .unauthorized {
                return .redirect(to: "/login")
            } else {
                let view = ErrorPage(
                    chrome: Chrome(title: "Errore", identity: context.identity), status: Int(report.status.code),
                    message: report.message)
                response = renderer.page("error", view, status: report.status)
            }
            if let seconds = report.retryAfter { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }
}

struct ErrorPage {
    let chrome: Chrome
    let status: Int
    let message: String
}
