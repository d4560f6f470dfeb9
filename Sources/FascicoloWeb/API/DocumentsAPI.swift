import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation
import Hummingbird

/// Templates and documents: `GET /api/v1/templates` lists what the caller may fill,
/// `POST /api/v1/templates` uploads one (multipart: `nome`, `tipologia`, `file`),
/// `DELETE /api/v1/templates/{key}` removes an office template, and
/// `GET /api/v1/pratiche/{id}/documents/{key}?format=docx|pdf` fills one for a pratica.
struct DocumentsAPI {
    let documents: DocumentService

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/templates", use: list)
        group.post("/templates", use: upload)
        group.delete("/templates/:key", use: delete)
        group.get("/pratiche/:id/documents/:key", use: fill)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let type = request.uri.queryParameters["type"].map(String.init)
        return .json(
            .object([
                (
                    "modelli",
                    .array((try await documents.engine.run(context) { _ in try documents.templates(typeId: type, actor: actor) }).map(Self.encode))
                )
            ]))
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let form = try await MultipartUpload.read(request, engine: documents.engine)
        guard let file = form.file else { throw FascicoloError.validation([FieldIssue(field: "file", message: Wording.chooseDocx)]) }
        let stored =
            (try await documents.engine.run(context) { _ in
                try documents.upload(
                    label: form.fields["nome"] ?? "", typeId: form.fields["tipologia"] ?? "", fileName: form.fileName,
                    data: try file.take(limit: Engine.templateSizeLimit), actor: actor)
            })
        return .json(
            .object([
                ("chiave", .string(DocumentService.uploadedKey(stored.id))), ("nome", .string(stored.label)), ("tipologia", .string(stored.typeId)),
            ]),
            status: .created)
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        (try await documents.engine.run(context) { _ in try documents.deleteTemplate(key: context.parameters.get("key") ?? "", actor: actor) })
        return Response(status: .noContent)
    }

    @Sendable func fill(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let id = try context.routeID()
        let key = context.parameters.get("key") ?? ""
        let name = request.uri.queryParameters["format"].map(String.init) ?? "docx"
        guard let format = RenderedDocument.Format(rawValue: name) else { throw FascicoloError.invalidRequest("format: docx o pdf") }
        let documents = self.documents
        let document = try await documents.engine.run(context, length: .long) { _ in
            try documents.document(key: key, praticaId: id, format: format, actor: actor)
        }
        return .download(document.data, name: document.fileName, mediaType: document.format.mediaType)
    }

    static func encode(_ choice: TemplateChoice) -> JSON {
        .object([
            ("chiave", .string(choice.key)), ("nome", .string(choice.label)), ("tipologie", .array(choice.typeIds.map(JSON.string))),
            ("incluso", .bool(choice.builtIn)), ("caricato_da", choice.uploadedBy.map(JSON.string) ?? .null),
            ("caricato_il", choice.uploadedAt.map(JSON.string) ?? .null),
        ])
    }
}
