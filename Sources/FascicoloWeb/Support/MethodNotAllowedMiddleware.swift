import FascicoloCore
import HTTPTypes
import Hummingbird

/// Answers 405 with `Allow` when a request names a path of the API with a method the OpenAPI
/// document does not declare for it (the router alone would say 404, as for a path that does not
/// exist). The paths and methods come from the served document, so the two cannot disagree.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    /// A path template split into segments; `nil` segments are parameters (`{id}`).
    struct Route: Sendable {
        let segments: [String?]
        let methods: [String]

        func matches(_ path: [Substring]) -> Bool {
            path.count == segments.count && zip(segments, path).allSatisfy { template, actual in template.map { $0 == actual } ?? !actual.isEmpty }
        }
    }

    let routes: [Route]

    /// The routes of an OpenAPI document's `paths` (methods in upper case).
    init(openAPI: JSON) {
        let methods = Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"])
        routes = (openAPI["paths"]?.objectValue ?? []).map { path, operations in
            Route(
                segments: path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) },
                methods: (operations.objectValue ?? []).map(\.0).filter(methods.contains).map { $0.uppercased() })
        }
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path.split(separator: "/")
        guard let route = routes.first(where: { $0.matches(path) }), !route.methods.contains(request.method.rawValue) else {
            return try await next(request, context)
        }
        var allowed = route.methods
        if allowed.contains("GET"), !allowed.contains("HEAD") { allowed.append("HEAD") }
        if allowed.contains(request.method.rawValue) { return try await next(request, context) }
        return Response(
            status: .methodNotAllowed,
            headers: [.allow: allowed.joined(separator: ", "), .contentType: "application/json; charset=utf-8"],
            body: ResponseBody(
                byteBuffer: ByteBuffer(
                    string: JSON.object([("error", .object([("message", .string("metodo non consentito")), ("field", .null)]))]).compact)))
    }
}
