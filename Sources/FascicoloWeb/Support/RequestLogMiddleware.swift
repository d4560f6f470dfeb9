import Foundation
import Hummingbird
import Logging

/// Logs one line per request: method, route pattern (not the concrete path or query, which can
/// carry names or search text), status and duration.
struct RequestLogMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "route": "\(context.endpointPath ?? "(nessuna)")",
                "status": "\(response.status.code)",
                "ms": "\(String(format: "%.1f", milliseconds))",
            ])
        return response
    }
}
