import FascicoloCore
import FascicoloEngine
import Hummingbird

/// The "Allegati" and "Area debitore" tabs of the pratica page: upload, download, delete, show a
/// file to the debtor; show or regenerate the debtor's access token. The engine decides who may.
struct AttachmentsController {
    let engine: Engine
    let renderer: Renderer

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("/pratiche/:id/allegati", use: upload)
        group.get("/pratiche/:id/allegati/:attachment", use: download)
        group.post("/pratiche/:id/allegati/:attachment/elimina", use: delete)
        group.post("/pratiche/:id/allegati/:attachment/debitore", use: debtorVisibility)
        group.post("/pratiche/:id/token", use: regenerateToken)
        group.post("/pratiche/:id/token/mostra", use: showToken)
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.routeID()
        let pratica = try await engine.run(context) { try $0.pratica(id: id, actor: identity.actor) }
        let upload = try await MultipartUpload.read(request, engine: engine)
        return try await engine.run(context) { engine -> Response in
            do {
                guard let file = upload.file else { throw FascicoloError.validation([FieldIssue(field: "file", message: "scegliere un file")]) }
                _ = try engine.addAttachment(
                    praticaId: id, file: file, name: upload.fileName, claimedType: upload.claimedType,
                    visitor: .user(identity.actor))
                return .redirect(to: "/pratiche/\(id)?esito=allegato&sezione=allegati")
            } catch FascicoloError.validation(let issues) {
                let page = try PraticaPageBuilder(engine: engine, identity: identity)
                    .refused("Allegato non caricato", issues: issues, pratica: pratica, section: "allegati")
                return renderer.page("pratica", page, status: .unprocessableContent)
            }
        }
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (id, praticaId) = (try context.routeID("attachment"), try context.routeID())
        let (attachment, url) = try await engine.run(context) { try $0.openAttachment(id: id, praticaId: praticaId, visitor: .user(identity.actor)) }
        return try await .download(attachment, from: url, context: context)
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            try engine.deleteAttachment(id: try context.routeID("attachment"), praticaId: id, visitor: .user(identity.actor))
            return .redirect(to: "/pratiche/\(id)?esito=allegato-eliminato&sezione=allegati")
        }
    }

    @Sendable func debtorVisibility(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            let visible = context.form["visibile"] == "1"
            _ = try engine.setAttachmentDebtorVisible(
                id: try context.routeID("attachment"), praticaId: id, visible: visible, visitor: .user(identity.actor))
            return .redirect(to: "/pratiche/\(id)?esito=\(visible ? "allegato-visibile" : "allegato-nascosto")&sezione=allegati")
        }
    }

    /// The martelletto: a new token replaces the old one, and is shown once on the page.
    @Sendable func regenerateToken(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let token = try engine.regenerateDossierToken(praticaId: try context.routeID(), actor: identity.actor)
            return try tokenPage(token, notice: "Nuovo codice di accesso generato: quello precedente non funziona più.", context: context)
        }
    }

    /// "Mostra codice di accesso": the current token, unchanged.
    @Sendable func showToken(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            guard let token = try engine.dossierToken(praticaId: try context.routeID(), actor: identity.actor) else {
                throw FascicoloError.notFound(Wording.accessCodeNotGenerated)
            }
            return try tokenPage(token, notice: nil, context: context)
        }
    }

    private func tokenPage(_ token: DossierToken, notice: String?, context: AppContext) throws -> Response {
        let identity = try context.requireIdentity()
        let pratica = try engine.pratica(id: try context.routeID(), actor: identity.actor)
        var input = PraticaPageInput(pratica: pratica)
        input.section = "token"
        input.notice = notice
        input.shownToken = token
        return renderer.page("pratica", try PraticaPageBuilder(engine: engine, identity: identity).build(input))
    }
}
