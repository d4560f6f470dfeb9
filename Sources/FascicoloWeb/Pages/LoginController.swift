import FascicoloCore
import FascicoloEngine
import Foundation
import Hummingbird

/// Sign-in and sign-out. The login form is protected by a double-submit token (a cookie and a
/// hidden field that must match), repeated failures for an e-mail are throttled, and success
/// opens a server-side session whose secret only the HttpOnly cookie holds.
struct LoginController {
    let engine: Engine
    let renderer: Renderer
    let cookie: SessionCookie
    let throttle: FailureThrottle
    static let formCookie = "fascicolo_login"

    struct View {
        let chrome: Chrome
        let token: String
        let email: String
        let next: String
        let error: String?
    }

    func addRoutes(to router: Router<AppContext>) {
        router.get("/login", use: show)
        router.post("/login", use: submit)
    }

    func addSignedInRoutes(to group: RouterGroup<AppContext>) {
        group.post("/logout", use: logout)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        if context.identity != nil { return .redirect(to: "/pratiche") }
        return page(email: "", next: request.query["dopo"] ?? "", error: nil)
    }

    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(from: &request, context: context)
        let email = form.text("email") ?? ""
        let next = form["dopo"] ?? ""
        guard let sent = form["_login"], let expected = request.cookies[Self.formCookie]?.value,
            Secrets.constantTimeEquals(sent, expected)
        else {
            return page(email: email, next: next, error: Wording.formExpired, status: .forbidden)
        }
        let emailKey = "accesso:" + email.lowercased()
        // 5 failures per e-mail (guessing one password) and 20 per client address (trying many e-mails).
        let limits = [(emailKey, 5)] + (context.clientAddress.map { [("accesso-da:" + $0, 20)] } ?? [])
        guard let attempt = throttle.reserve(limits) else {
            return page(
                email: email, next: next, error: "Troppi tentativi non riusciti: riprovare tra qualche minuto.",
                status: .tooManyRequests)
        }
        let password = form["password"] ?? ""
        guard let user = try await engine.run(context, { try $0.authenticate(email: email, password: password) }) else {
            return page(email: email, next: next, error: "Email o password non corretti.", status: .unauthorized)
        }
        throttle.succeeded(attempt)
        throttle.reset(emailKey)
        let previous = context.identity?.sessionSecret
        let (secret, _) = try await engine.run(context) { engine in
            if let previous { try engine.closeSession(secret: previous) }
            return try engine.openSession(for: user)
        }
        var response = Response.redirect(to: LocalPath.safe(next))
        response.setCookie(cookie.make(secret: secret))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            if let secret = context.identity?.sessionSecret { try engine.closeSession(secret: secret) }
            var response = Response.redirect(to: "/login")
            response.setCookie(cookie.expired())
            return response
        }
    }

    private func page(email: String, next: String, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        let token = Secrets.make()
        let view = View(chrome: Chrome(title: "Accesso", identity: nil), token: token, email: email, next: next, error: error)
        var response = renderer.page("login", view, status: status)
        response.setCookie(Cookie(name: Self.formCookie, value: token, path: "/login", secure: cookie.secure, httpOnly: true, sameSite: .strict))
        return response
    }
}
