import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import Foundation
import Hummingbird

/// Documents: the "Modelli" page of a pratica (fill a template, download it as Word or PDF) and
/// the office's "Modelli" page (its own templates and letterhead).
struct DocumentsController {
    let documents: DocumentService
    let renderer: Renderer
    var engine: Engine { documents.engine }

    struct TemplateView {
        let key: String
        let label: String
        let builtIn: Bool
        let uploadedBy: String
        let uploadedAt: String
        let typeLabel: String
    }
    struct PraticaView {
        let chrome: Chrome
        let praticaId: Int64
        let heading: String
        let templates: [TemplateView]
        let pdfAvailable: Bool
    }
    struct OfficeView {
        let chrome: Chrome
        let builtIn: [TemplateView]
        let uploaded: [TemplateView]
        let hasUploaded: Bool
        let types: [OptionView]
        let uploadAction: String
        let letterheadAction: String
        let letterheadText: String
        let hasLogo: Bool
        let canWrite: Bool
        let label: String
        let issues: [String]
        let hasIssues: Bool
    }

    static let notices = [
        "modello-caricato": "Modello caricato.", "modello-eliminato": "Modello eliminato.",
        "carta-intestata": "Carta intestata salvata.",
    ]

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche/:id/modelli", use: praticaTemplates)
        group.get("/pratiche/:id/modelli/:key", use: fill)
        group.get("/modelli", use: office)
        group.post("/modelli", use: upload)
        group.get("/modelli/logo", use: logo)
        group.post("/modelli/carta-intestata", use: saveLetterhead)
        group.get("/modelli/:key", use: blank)
        group.post("/modelli/:key/elimina", use: delete)
    }

    @Sendable func praticaTemplates(_ request: Request, context: AppContext) async throws -> Response {
        try await documents.engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let pratica = try engine.pratica(id: try context.routeID(), actor: identity.actor)
            let templates = try documents.templates(typeId: pratica.type.id, actor: identity.actor).map(view)
            let heading = PraticaPageBuilder.heading(pratica)
            return renderer.page(
                "documents",
                PraticaView(
                    chrome: Chrome(title: "Modelli — \(heading)", identity: identity, section: .pratiche),
                    praticaId: pratica.id, heading: heading, templates: templates,
                    pdfAvailable: documents.converter.executable != nil))
        }
    }

    /// The template filled for the pratica: `?formato=pdf` converts it with LibreOffice.
    @Sendable func fill(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.routeID()
        let key = context.parameters.get("key") ?? ""
        guard let format = RenderedDocument.Format(rawValue: request.uri.queryParameters["formato"].map(String.init) ?? "docx") else {
            throw WebError.badRequest("formato: docx o pdf", field: "formato")
        }
        let document = try await engine.run(context, length: .long) { _ in
            try documents.document(key: key, praticaId: id, format: format, actor: identity.actor)
        }
        return .download(document.data, name: document.fileName, mediaType: document.format.mediaType)
    }

    @Sendable func office(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let notice = request.uri.queryParameters["esito"].flatMap { Self.notices[String($0)] }
        return try await engine.run(context) { _ in try officePage(identity, notice: notice) }
    }

    /// A template uploaded by the office (multipart: `nome`, `tipologia`, `file`).
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await MultipartUpload.read(request, engine: engine)
        let label = form.fields["nome"] ?? ""
        return try await engine.run(context) { _ -> Response in
            do {
                guard let file = form.file else { throw FascicoloError.validation([FieldIssue(field: "file", message: Wording.chooseDocx)]) }
                let data = try file.take(limit: Engine.templateSizeLimit)
                _ = try documents.upload(
                    label: label, typeId: form.fields["tipologia"] ?? "", fileName: form.fileName, data: data, actor: identity.actor)
                return .redirect(to: "/modelli?esito=modello-caricato")
            } catch let error as FascicoloError {
                let issues: [String] = if case .validation(let found) = error { found.map(\.message) } else { [error.description] }
                return try officePage(
                    identity, alert: "Modello non caricato: \(issues.count == 1 ? issues[0] : "vedere gli errori sotto il modulo").",
                    label: label, issues: issues, status: ErrorReport(error).status)
            }
        }
    }

    /// The letterhead (multipart: `intestazione`, optional `file` with the logo, `rimuovi_logo`).
    @Sendable func saveLetterhead(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await MultipartUpload.read(request, engine: engine)
        return try await engine.run(context) { _ -> Response in
            do {
                let logo = try form.file.map { try $0.take(limit: Engine.templateSizeLimit) }
                try documents.setLetterhead(
                    text: form.fields["intestazione"] ?? "", logo: logo, removeLogo: form.fields["rimuovi_logo"] == "1",
                    actor: identity.actor)
                return .redirect(to: "/modelli?esito=carta-intestata")
            } catch let error as FascicoloError {
                return try officePage(
                    identity, alert: "Carta intestata non salvata: \(ErrorReport(error).message)", status: ErrorReport(error).status)
            }
        }
    }

    @Sendable func logo(_ request: Request, context: AppContext) async throws -> Response {
        try await documents.engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            guard let data = try engine.letterhead(accountId: identity.actor.accountId).logo, let image = LogoImage(data: data) else {
                throw WebError.notFound
            }
            return .download(data, name: "logo.\(image.format.rawValue)", mediaType: "image/\(image.format.rawValue)")
        }
    }

    /// The blank template, to customise it in Word.
    @Sendable func blank(_ request: Request, context: AppContext) async throws -> Response {
        try await documents.engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let file = try documents.templateFile(key: context.parameters.get("key") ?? "", actor: identity.actor)
            return .download(file.data, name: file.fileName, mediaType: file.format.mediaType)
        }
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        try await documents.engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            try documents.deleteTemplate(key: context.parameters.get("key") ?? "", actor: identity.actor)
            return .redirect(to: "/modelli?esito=modello-eliminato")
        }
    }

    private func officePage(
        _ identity: Identity, notice: String? = nil, alert: String? = nil, label: String = "", issues: [String] = [],
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let templates = try documents.templates(actor: identity.actor).map(view)
        let letterhead = try engine.letterheadSummary(accountId: identity.actor.accountId)
        let csrf = FormData.percentEncode(identity.csrfToken ?? "")
        let uploaded = templates.filter { !$0.builtIn }
        let view = OfficeView(
            chrome: Chrome(title: "Modelli", identity: identity, section: .modelli, notice: notice, alert: alert),
            builtIn: templates.filter(\.builtIn), uploaded: uploaded, hasUploaded: !uploaded.isEmpty,
            types: engine.project.types.map { OptionView(value: $0.id, label: $0.label, selected: false) },
            uploadAction: "/modelli?_csrf=\(csrf)", letterheadAction: "/modelli/carta-intestata?_csrf=\(csrf)",
            letterheadText: letterhead.text, hasLogo: letterhead.hasLogo, canWrite: identity.user.role.canWrite,
            label: label, issues: issues, hasIssues: !issues.isEmpty)
        return renderer.page("templates", view, status: status)
    }

    private func view(_ choice: TemplateChoice) -> TemplateView {
        TemplateView(
            key: choice.key, label: choice.label, builtIn: choice.builtIn, uploadedBy: choice.uploadedBy ?? "",
            uploadedAt: choice.uploadedAt.map(PraticaPageBuilder.moment) ?? "",
            typeLabel: choice.typeIds.compactMap { engine.project.type($0)?.label }.joined(separator: ", "))
    }
}
