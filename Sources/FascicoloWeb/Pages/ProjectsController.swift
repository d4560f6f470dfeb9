import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Hummingbird

/// The projects of a pratica (Contenuto): created by the owner from the pratica's page, opened
/// and edited by the owner and the accounts the pratica is shared with on their own page, deleted
/// by the owner only; their totals can be copied into the fee calculator.
struct ProjectsController {
    let engine: Engine
    let renderer: Renderer

    struct View {
        let chrome: Chrome
        let praticaId: Int64
        let praticaHeading: String
        let projectId: Int64
        let name: String
        let kindLabel: String
        let version: Int64
        let sections: [PraticaPage.SectionView]
        let attivo: String
        let passivo: String
        let readOnly: Bool
        let isOwner: Bool
        let canUseTotals: Bool
        let issues: [PraticaPage.IssueView]
        let hasIssues: Bool
        let nameError: String?
    }

    static let notices = ["progetto-salvato": "Progetto salvato.", "progetto-creato": "Progetto creato: ora si può compilare."]

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.post("/pratiche/:id/progetti", use: create)
        group.get("/pratiche/:id/progetti/:project", use: show)
        group.post("/pratiche/:id/progetti/:project", use: save)
        group.post("/pratiche/:id/progetti/:project/elimina", use: delete)
        group.post("/pratiche/:id/progetti/:project/totali", use: useTotals)
    }

    /// "Nuovo progetto": the kind, then the name.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            do {
                let project = try engine.createProject(
                    praticaId: id, kind: context.form["tipo_progetto"] ?? "", name: context.form["nome_progetto"] ?? "",
                    actor: identity.actor)
                return .redirect(to: "/pratiche/\(id)/progetti/\(project.id)?esito=progetto-creato")
            } catch FascicoloError.validation(let issues) {
                let page = try PraticaPageBuilder(engine: engine, identity: identity)
                    .refused("Progetto non creato", issues: issues, pratica: try engine.pratica(id: id, actor: identity.actor), section: "contenuto")
                return renderer.page("pratica", page, status: .unprocessableContent)
            }
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let notice = request.query["esito"].flatMap { Self.notices[$0] }
        return try await engine.run(context) { _ in
            let project = try project(context, identity: identity)
            return try page(
                project, values: FormValues(document: project.fields, type: project.kind.schema), name: project.name,
                identity: identity, notice: notice)
        }
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let stored = try project(context, identity: identity)
            let schema = stored.kind.schema
            let values = FormValues(form: context.form, type: schema)
            guard let version = context.form["versione"].flatMap({ Int64($0) }) else {
                throw WebError.badRequest("versione del progetto mancante", field: "versione")
            }
            let changes = FormReader(type: schema, readOnly: []).changes(values, from: FormValues(document: stored.fields, type: schema))
            do {
                _ = try engine.updateProject(
                    id: stored.id, expectedVersion: version, name: context.form["nome_progetto"], changes: PraticaChanges(changes),
                    actor: identity.actor)
                return .redirect(to: "/pratiche/\(stored.praticaId)/progetti/\(stored.id)?esito=progetto-salvato")
            } catch let error as FascicoloError {
                var issues: [FieldIssue] = []
                var alert = ErrorReport(error).message
                if case .validation(let found) = error {
                    issues = found
                    alert = "Progetto non salvato: controllare i campi segnalati."
                }
                if case .conflict = error {
                    alert = "Un altro utente ha salvato il progetto dopo che l'hai aperto: i tuoi dati sono nel modulo ma non sono stati salvati."
                }
                return try page(
                    stored, values: values, name: context.form["nome_progetto"] ?? stored.name, identity: identity, alert: alert, issues: issues,
                    version: version, status: ErrorReport(error).status)
            }
        }
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let project = try project(context, identity: identity)
            try engine.deleteProject(id: project.id, actor: identity.actor)
            return .redirect(to: "/pratiche/\(project.praticaId)?esito=progetto-eliminato&sezione=contenuto")
        }
    }

    /// Copies the project's attivo and passivo into the pratica's fee calculator, and opens it.
    @Sendable func useTotals(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let project = try project(context, identity: identity)
            let pratica = try engine.useProjectTotals(id: project.id, actor: identity.actor)
            let section = pratica.type.sections.first { section in section.fields.contains { $0.id == pratica.type.fees?.kind } }?.id ?? ""
            return .redirect(to: "/pratiche/\(pratica.id)?esito=totali-progetto&sezione=\(FormData.percentEncode(section))")
        }
    }

    /// The project of the route, checked to belong to the route's pratica.
    private func project(_ context: AppContext, identity: Identity) throws -> PraticaProject {
        let project = try engine.project(id: try context.routeID("project"), actor: identity.actor)
        guard project.praticaId == (try context.routeID()) else { throw WebError.notFound }
        return project
    }

    private func page(
        _ project: PraticaProject, values: FormValues, name: String, identity: Identity, notice: String? = nil, alert: String? = nil,
        issues: [FieldIssue] = [], version: Int64? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let pratica = try engine.pratica(id: project.praticaId, actor: identity.actor)
        let schema = project.kind.schema
        let readOnly = !identity.user.role.canWrite
        let pages = PraticaPageBuilder(engine: engine, identity: identity)
        let builder = FieldViewBuilder(
            type: schema, values: values, issues: FieldViewBuilder.index(issues), readOnly: [], allReadOnly: readOnly,
            sharedViewer: false, contactNames: try pages.contactNames(values, type: schema))
        let sections = schema.sections.enumerated().map { index, section in
            PraticaPage.SectionView(
                id: section.id, label: section.label, fields: section.fields.map(builder.view),
                hasError: section.fields.contains { field in issues.contains { PraticaPageBuilder.root(of: $0.field) == field.id } },
                selected: index == 0, showsFees: false)
        }
        let view = View(
            chrome: Chrome(title: name, identity: identity, section: .pratiche, notice: notice, alert: alert),
            praticaId: pratica.id, praticaHeading: PraticaPageBuilder.heading(pratica), projectId: project.id, name: name,
            kindLabel: project.kind.label, version: version ?? project.version, sections: sections,
            attivo: project.attivo.italian, passivo: project.passivo.italian, readOnly: readOnly, isOwner: project.ownedByViewer,
            canUseTotals: project.ownedByViewer && !readOnly && pratica.type.fees != nil,
            issues: issues.map { PraticaPage.IssueView(field: PraticaPageBuilder.label(of: $0.field, type: schema), message: $0.message) },
            hasIssues: !issues.isEmpty, nameError: FieldViewBuilder.index(issues)["nome"])
        return renderer.page("project", view, status: status)
    }
}
