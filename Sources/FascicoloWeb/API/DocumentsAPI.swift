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
        return .json(.object([("modelli", .array(try documents.templates(typeId: type, actor: actor).map(Self.encode)))]))
    }

    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let form = try await MultipartUpload.read(request, engine: documents.engine)
        guard let file = form.file else { throw FascicoloError.validation([FieldIssue(field: "file", message: "scegliere un file .docx")]) }
        let stored = try documents.upload(label: form.fields["nome"] ?? "", typeId: form.fields["tipologia"] ?? "", fileName: form.fileName,
                                          data: try file.take(limit: Engine.templateSizeLimit), actor: actor)
        return .json(.object([("chiave", .string("ufficio-\(stored.id)")), ("nome", .string(stored.label)), ("tipologia", .string(stored.typeId))]),
                     status: .created)
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let key = context.parameters.get("key") ?? ""
        guard key.hasPrefix("ufficio-"), let id = Int64(key.dropFirst(8)) else {
            throw FascicoloError.invalidRequest("si possono eliminare soltanto i modelli dell'ufficio (ufficio-N)")
        }
        try documents.engine.deleteTemplate(id: id, actor: actor)
        return Response(status: .noContent)
    }

    @Sendable func fill(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let id = try context.routeID()
        let key = context.parameters.get("key") ?? ""
        let name = request.uri.queryParameters["format"].map(String.init) ?? "docx"
        guard let format = RenderedDocument.Format(rawValue: name) else { throw FascicoloError.invalidRequest("format: docx o pdf") }
        let documents = self.documents
        let document = try await Offload.run { try documents.document(key: key, praticaId: id, format: format, actor: actor) }
        return .download(document.data, name: document.fileName, mediaType: document.format.mediaType)
    }

    static func encode(_ choice: TemplateChoice) -> JSON {
        .object([("chiave", .string(choice.key)), ("nome", .string(choice.label)), ("tipologie", .array(choice.typeIds.map(JSON.string))),
                 ("incluso", .bool(choice.builtIn)), ("caricato_da", choice.uploadedBy.map(JSON.string) ?? .null),
                 ("caricato_il", choice.uploadedAt.map(JSON.string) ?? .null)])
    }
}

/// Reports: `GET /api/v1/reports` lists the scripts with their parameters;
/// `GET /api/v1/reports/{name}?param=value&format=json|csv` runs one for the caller.
struct ReportsAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/reports", use: list)
        group.get("/reports/:name", use: run)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity()
        return .json(.object([("report", .array(engine.reports().reports.map { report in
            .object([("nome", .string(report.name)), ("titolo", .string(report.title)), ("descrizione", .string(report.description)),
                     ("parametri", .array(report.parameters.map { parameter in
                         .object([("id", .string(parameter.id)), ("etichetta", .string(parameter.label)), ("tipo", .string(parameter.kind.rawValue)),
                                  ("predefinito", parameter.defaultValue.map(JSON.string) ?? .null),
                                  ("valori", .array(parameter.options.map { .string($0.value) }))])
                     }))])
        }))]))
    }

    @Sendable func run(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let name = context.parameters.get("name") ?? ""
        var arguments: [String: String] = [:]
        var format = "json"
        for (key, value) in request.uri.queryParameters {
            if key == "format" { format = String(value) } else { arguments[String(key)] = String(value) }
        }
        guard ["json", "csv"].contains(format) else { throw FascicoloError.invalidRequest("format: json o csv") }
        let engine = self.engine
        let given = arguments
        let output = try await Offload.run { try engine.runReport(name: name, arguments: given, actor: actor) }
        if format == "csv" { return .download(Data(ReportRenderer.csv(output).utf8), name: "\(name).csv", mediaType: "text/csv; charset=utf-8") }
        return .json(ReportRenderer.json(output))
    }
}
