import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation
import Hummingbird
import Logging

/// Where and how the web front listens.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Marks the session cookie `Secure`. Defaults to on, except when listening on loopback over
    /// plain HTTP (development and `make run`), where browsers would refuse to send it back.
    public var secureCookies: Bool
    /// The reverse proxies whose forwarding headers are believed (`--trusted-proxy`).
    public var trustedProxies: TrustedProxies

    /// Behind trusted proxies the cookie is `Secure` by default too (the proxy speaks HTTPS to
    /// the browser even when it reaches this server over loopback).
    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool? = nil, trustedProxies: TrustedProxies = .none) {
        self.host = host
        self.port = port
        self.trustedProxies = trustedProxies
        self.secureCookies = secureCookies ?? (!trustedProxies.ranges.isEmpty || !["127.0.0.1", "localhost", "::1"].contains(host))
    }
}

/// Builds the router: public pages (login, static files, the OpenAPI document), the signed-in
/// HTML pages, and the JSON API under `/api/v1`.
func buildRouter(engine: Engine, configuration: WebConfiguration) async throws -> Router<AppContext> {
    let renderer = try await Renderer.load()
    let statics = try StaticFiles.load()
    let router = Router(context: AppContext.self)
    router.add(middleware: ForwardedMiddleware(proxies: configuration.trustedProxies))
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(renderer: renderer))
    let openAPI = try OpenAPIDocument.served(project: engine.project)
    let openAPIBody = ByteBuffer(string: openAPI.pretty)
    router.add(middleware: MethodNotAllowedMiddleware(openAPI: openAPI))
    // Routes added before the identity middleware skip the session lookup (a read, and a write
    // once a minute) that static files and the health check have no use for.
    router.get("/static/:file") { _, context in try statics.response(context.parameters.get("file") ?? "") }
    router.get("/api/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=600"],
            body: ResponseBody(byteBuffer: openAPIBody))
    }
    router.get("/health") { _, _ in Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ok"))) }
    let throttle = FailureThrottle()
    router.add(middleware: IdentityMiddleware(engine: engine, throttle: throttle))

    router.get("/") { _, context in Response.redirect(to: context.identity == nil ? "/login" : "/pratiche") }

    let login = LoginController(
        engine: engine, renderer: renderer, cookie: SessionCookie(secure: configuration.secureCookies),
        throttle: throttle)
    login.addRoutes(to: router)
    DossierController(engine: engine, renderer: renderer, throttle: throttle, secureCookies: configuration.secureCookies).addRoutes(to: router)

    let pages = router.group().add(middleware: RequireUser(front: .html))
    login.addSignedInRoutes(to: pages)
    PraticheListController(engine: engine, renderer: renderer).addRoutes(to: pages)
    PraticaController(engine: engine, renderer: renderer).addRoutes(to: pages)
    AttachmentsController(engine: engine, renderer: renderer).addRoutes(to: pages)
    ProjectsController(engine: engine, renderer: renderer).addRoutes(to: pages)
    CalendarController(engine: engine, renderer: renderer).addRoutes(to: pages)
    ContactsController(engine: engine, renderer: renderer).addRoutes(to: pages)
    UsersController(engine: engine, renderer: renderer).addRoutes(to: pages)
    let documents = DocumentService(engine: engine, converter: PDFConverter(profile: engine.dataDirectory.appendingPathComponent("libreoffice")))
    DocumentsController(documents: documents, renderer: renderer).addRoutes(to: pages)
    ReportsController(engine: engine, renderer: renderer).addRoutes(to: pages)

    let api = router.group("/api/v1").add(middleware: RequireUser(front: .api))
    PraticheAPI(engine: engine).addRoutes(to: api)
    ContactsAPI(engine: engine).addRoutes(to: api)
    SharesAPI(engine: engine).addRoutes(to: api)
    AttachmentsAPI(engine: engine).addRoutes(to: api)
    ProjectsAPI(engine: engine).addRoutes(to: api)
    ReferenceAPI(engine: engine).addRoutes(to: api)
    DocumentsAPI(documents: documents).addRoutes(to: api)
    ReportsAPI(engine: engine).addRoutes(to: api)
    return router
}

/// The web application over an engine; `runService()` serves until SIGINT or SIGTERM, then
/// finishes the requests in flight and stops.
public func buildApplication(
    engine: Engine, configuration: WebConfiguration, logger: Logger,
    onServerRunning: @escaping @Sendable () async -> Void = {}
) async throws -> some ApplicationProtocol {
    Application(
        router: try await buildRouter(engine: engine, configuration: configuration),
        // A connection that sends nothing for a minute is closed (slow or abandoned clients hold
        // no more than a socket each: reading never blocks a thread).
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Fascicolo"),
        onServerRunning: { _ in await onServerRunning() },
        logger: logger)
}
