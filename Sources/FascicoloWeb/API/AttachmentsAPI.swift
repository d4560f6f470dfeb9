import FascicoloCore
import FascicoloEngine
import Hummingbird

/// `/api/v1/pratiche/{id}/attachments` and `/api/v1/pratiche/{id}/token`: a pratica's files
/// (list, upload as `multipart/form-data` with a `file` part, download, delete, show to the
/// debtor) and the debtor's access token (owner only), with the rules of the engine.
struct AttachmentsAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche/:id/attachments", use: list)
        group.post("/pratiche/:id/attachments", use: upload)
        group.get("/pratiche/:id/attachments/:attachment", use: download)
        group.patch("/pratiche/:id/attachments/:attachment", use: change)
        group.delete("/pratiche/:id/attachments/:attachment", use: delete)
        group.get("/pratiche/:id/token", use: showToken)
        group.post("/pratiche/:id/token", use: regenerateToken)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let visitor = Visitor.user(try context.requireIdentity().actor)
        let id = try context.routeID()
        let attachments = try await engine.run(context) { try $0.attachments(praticaId: id, visitor: visitor) }
        return .json(.object([("allegati", .array(attachments.map(Self.encode)))]))
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let visitor = Visitor.user(try context.requireIdentity().actor)
        let id = try context.routeID()
        let actor = try context.requireIdentity().actor
        _ = try await engine.run(context) { try $0.pratica(id: id, actor: actor) }
        let upload = try await MultipartUpload.read(request, engine: engine)
        guard let file = upload.file else { throw WebError.badRequest("nessun file nel campo «file»", field: "file") }
        let attachment = try await engine.run(context) {
            try $0.addAttachment(praticaId: id, file: file, name: upload.fileName, claimedType: upload.claimedType, visitor: visitor)
        }
        return .json(Self.encode(attachment), status: .created)
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let visitor = Visitor.user(try context.requireIdentity().actor)
        let (id, praticaId) = (try context.routeID("attachment"), try context.routeID())
        let (attachment, url) = try await engine.run(context) { try $0.openAttachment(id: id, praticaId: praticaId, visitor: visitor) }
        return try await .download(attachment, from: url, context: context)
    }

    /// `{"visibile_debitore": true}`.
    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        let visitor = Visitor.user(try context.requireIdentity().actor)
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["visibile_debitore"])
        let (id, praticaId, visible) = (try context.routeID("attachment"), try context.routeID(), try body.bool("visibile_debitore", required: true))
        let attachment = try await engine.run(context) {
            try $0.setAttachmentDebtorVisible(id: id, praticaId: praticaId, visible: visible, visitor: visitor)
        }
        return .json(Self.encode(attachment))
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let visitor = Visitor.user(try context.requireIdentity().actor)
        let (id, praticaId) = (try context.routeID("attachment"), try context.routeID())
        try await engine.run(context) { try $0.deleteAttachment(id: id, praticaId: praticaId, visitor: visitor) }
        return Response(status: .noContent)
    }

    @Sendable func showToken(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let id = try context.routeID()
        let token = try await engine.run(context) { try $0.dossierToken(praticaId: id, actor: actor) }
        guard let token else {
            throw FascicoloError.notFound(Wording.accessCodeNotGenerated)
        }
        return .json(Self.encode(token))
    }

    @Sendable func regenerateToken(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let id = try context.routeID()
        return .json(Self.encode(try await engine.run(context) { try $0.regenerateDossierToken(praticaId: id, actor: actor) }), status: .created)
    }

    static func encode(_ attachment: Attachment) -> JSON {
        .object([
            ("id", .number(String(attachment.id))), ("nome", .string(attachment.name)), ("tipo", .string(attachment.mediaType)),
            ("dimensione", .number(String(attachment.size))), ("caricato_da", .string(attachment.uploadedBy)),
            ("caricato_il", .string(attachment.uploadedAt)), ("visibile_debitore", .bool(attachment.debtorVisible)),
            ("dal_debitore", .bool(attachment.fromDebtor)), ("modificabile", .bool(attachment.changeable)),
        ])
    }

    static func encode(_ token: DossierToken) -> JSON {
        .object([("codice", .string(token.display)), ("creato", .string(token.createdAt)), ("indirizzo", .string(DossierController.path))])
    }
}
