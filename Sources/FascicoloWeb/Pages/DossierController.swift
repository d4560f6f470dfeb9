import FascicoloCore
import FascicoloEngine
import Foundation
import Hummingbird

/// The debtor's area at `/dossier/private`: the debtor types the pratica's access token and then
/// sees the pratica's public summary and the files enabled for them, and can upload files. Wrong
/// tokens are throttled per client address (10 in 15 minutes); the area's session lasts an hour
/// and ends when the owner generates a new token.
struct DossierController {
    let engine: Engine
    let renderer: Renderer
    let throttle: FailureThrottle
    let secureCookies: Bool

    static let path = "/dossier/private"
    static let cookieName = "fascicolo_dossier"
    static let formCookie = "fascicolo_dossier_modulo"

    struct FileView {
        let id: Int64
        let name: String
        let size: String
        let uploadedAt: String
        let fromDebtor: Bool
    }
    struct EntryView {
        let label: String
        let lines: [String]
    }

    struct View {
        let chrome: Chrome
        let signedIn: Bool
        /// The token form's double-submit value.
        let formToken: String
        let error: String?
        let notice: String?
        let typeLabel: String
        let protocolText: String?
        let stateLabel: String
        let entries: [EntryView]
        let files: [FileView]
        let hasFiles: Bool
        let uploadAction: String
        let uploadLimit: String
    }

    func addRoutes(to router: Router<AppContext>) {
        router.get(.init(stringLiteral: Self.path), use: show)
        router.post(.init(stringLiteral: Self.path), use: enter)
        router.post(.init(stringLiteral: Self.path + "/allegati"), use: upload)
        router.get(.init(stringLiteral: Self.path + "/allegati/:attachment"), use: download)
        router.post(.init(stringLiteral: Self.path + "/esci"), use: leave)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            guard let (_, pass) = try pass(request) else { return try tokenForm(error: nil) }
            let notice = request.query["esito"] == "caricato" ? "File ricevuto: l'OCC e i gestori lo vedono subito." : nil
            return try area(pass, notice: notice, error: nil)
        }
    }

    /// The token form was sent: a right token opens the area, a wrong one counts against the address.
    @Sendable func enter(_ request: Request, context: AppContext) async throws -> Response {
        var request = request
        let form = try await FormData.read(from: &request, context: context)
        guard let sent = form["_modulo"], let expected = request.cookies[Self.formCookie]?.value, Secrets.constantTimeEquals(sent, expected) else {
            return try tokenForm(error: Wording.formExpired, status: .forbidden)
        }
        let limits = [("area-riservata:" + (context.clientAddress ?? "sconosciuto"), 10)]
        guard let attempt = throttle.reserve(limits) else {
            return try tokenForm(error: "Troppi codici errati da questo indirizzo: riprovare tra 15 minuti.", status: .tooManyRequests)
        }
        let code = form["codice"] ?? ""
        guard let (secret, _) = try await engine.run(context, { try $0.enterDossier(token: code) }) else {
            return try tokenForm(error: "Codice di accesso non valido.", status: .unauthorized)
        }
        throttle.succeeded(attempt)
        var response = Response.redirect(to: Self.path)
        response.setCookie(Cookie(name: Self.cookieName, value: secret, path: "/dossier", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        guard let (_, pass) = try await engine.run(context, { _ in try pass(request) }) else {
            throw WebError.forbidden("sessione dell'area riservata scaduta: inserire di nuovo il codice")
        }
        guard let sent = request.uri.queryParameters["_csrf"].map(String.init), Secrets.constantTimeEquals(sent, pass.csrfToken) else {
            throw WebError.forbidden(Wording.formExpiredReload)
        }
        let upload = try await MultipartUpload.read(request, engine: engine)
        return try await engine.run(context) { engine -> Response in
            guard let file = upload.file else { return try area(pass, notice: nil, error: "Scegliere un file da inviare.", status: .badRequest) }
            do {
                _ = try engine.addAttachment(
                    praticaId: pass.praticaId, file: file, name: upload.fileName, claimedType: upload.claimedType,
                    visitor: .debtor(pass))
            } catch FascicoloError.validation(let issues) {
                return try area(
                    pass, notice: nil, error: "File non accettato: " + issues.map(\.message).joined(separator: "; ") + ".",
                    status: .unprocessableContent)
            }
            return .redirect(to: Self.path + "?esito=caricato")
        }
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.routeID("attachment")
        let (attachment, url) = try await engine.run(context) { engine in
            guard let (_, pass) = try pass(request) else { throw WebError.notFound }
            return try engine.openAttachment(id: id, praticaId: pass.praticaId, visitor: .debtor(pass))
        }
        return try await .download(attachment, from: url, context: context)
    }

    @Sendable func leave(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            if let (secret, _) = try pass(request) { try engine.leaveDossier(secret: secret) }
            var response = Response.redirect(to: Self.path)
            response.setCookie(
                Cookie(
                    name: Self.cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/dossier",
                    secure: secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
    }

    private func pass(_ request: Request) throws -> (String, DossierPass)? {
        guard let secret = request.cookies[Self.cookieName]?.value, !secret.isEmpty, let pass = try engine.dossierPass(secret: secret) else {
            return nil
        }
        return (secret, pass)
    }

    private func tokenForm(error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let token = Secrets.make()
        var response = renderer.page(
            "dossier",
            View(
                chrome: Chrome(title: "Area riservata", identity: nil), signedIn: false, formToken: token,
                error: error, notice: nil, typeLabel: "", protocolText: nil, stateLabel: "", entries: [],
                files: [], hasFiles: false, uploadAction: "", uploadLimit: ""), status: status)
        response.setCookie(Cookie(name: Self.formCookie, value: token, path: "/dossier", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    private func area(_ pass: DossierPass, notice: String?, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let summary = try engine.dossierSummary(pass)
        let files = try engine.attachments(praticaId: pass.praticaId, visitor: .debtor(pass)).map {
            FileView(
                id: $0.id, name: $0.name, size: ByteSize.text($0.size), uploadedAt: PraticaPageBuilder.moment($0.uploadedAt),
                fromDebtor: $0.fromDebtor)
        }
        return renderer.page(
            "dossier",
            View(
                chrome: Chrome(title: "Area riservata", identity: nil), signedIn: true, formToken: "", error: error, notice: notice,
                typeLabel: summary.typeLabel, protocolText: summary.protocolText, stateLabel: summary.stateLabel,
                entries: summary.entries.map { EntryView(label: $0.label, lines: $0.lines) }, files: files, hasFiles: !files.isEmpty,
                uploadAction: Self.path + "/allegati?_csrf=" + FormData.percentEncode(pass.csrfToken), uploadLimit: ByteSize.text(engine.uploadLimit)),
            status: status)
    }
}

/// File sizes as people read them: `850 B`, `12 KB`, `3,4 MB`.
enum ByteSize {
    static func text(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return "\((bytes + 512) / 1024) KB" }
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10),\(tenths % 10) MB"
    }
}
