import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Hummingbird

/// The projects of a pratica (Contenuto): `/api/v1/pratiche/{id}/projects` lists and creates,
/// `/api/v1/projects/{id}` reads, changes and deletes; `POST /api/v1/projects/{id}/fees-input`
/// copies the project's attivo and passivo into the pratica's fee calculator.
struct ProjectsAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche/:id/projects", use: list)
        group.post("/pratiche/:id/projects", use: create)
        group.get("/projects/:id", use: show)
        group.patch("/projects/:id", use: update)
        group.delete("/projects/:id", use: delete)
        group.post("/projects/:id/fees-input", use: useTotals)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        let projects = (try await engine.run(context) { try $0.projects(praticaId: try context.routeID(), actor: actor) })
        return .json(.object([("progetti", .array(projects.map { Self.encode($0, withFields: false) }))]))
    }

    /// `{"tipo": "piano-consumatore", "nome": "Piano Consumatore – MR"}`.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["tipo", "nome"])
        let project =
            (try await engine.run(context) {
                try $0.createProject(
                    praticaId: try context.routeID(), kind: try body.string("tipo", required: true)!,
                    name: try body.string("nome", required: true)!, actor: actor)
            })
        return .json(Self.encode(project, withFields: true), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        return .json(Self.encode((try await engine.run(context) { try $0.project(id: try context.routeID(), actor: actor) }), withFields: true))
    }

    /// `{"versione": 2, "nome": "…", "campi": {"creditori[1].importo": "1200.00"}}`; null clears a field.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let actor = try context.requireIdentity().actor
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["versione", "nome", "campi"])
        let changes = (try body.object("campi") ?? []).map { (path: $0.0, value: DocumentCodec.value($0.1)) }
        let version = try body.integer("versione", required: true)!
        let name = try body.string("nome")
        let project = try await ChangeIssues.attributing(changed: changes.map(\.path) + ["nome"]) {
            try await engine.run(context) {
                try $0.updateProject(
                    id: try context.routeID(), expectedVersion: version, name: name, changes: PraticaChanges(changes), actor: actor)
            }
        }
        return .json(Self.encode(project, withFields: true))
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        (try await engine.run(context) { try $0.deleteProject(id: try context.routeID(), actor: try context.requireIdentity().actor) })
        return Response(status: .noContent)
    }

    @Sendable func useTotals(_ request: Request, context: AppContext) async throws -> Response {
        let pratica =
            (try await engine.run(context) { try $0.useProjectTotals(id: try context.routeID(), actor: try context.requireIdentity().actor) })
        return .json(PraticaJSON.encode(pratica))
    }

    static func encode(_ project: PraticaProject, withFields: Bool) -> JSON {
        var pairs: [(String, JSON)] = [
            ("id", .number(String(project.id))), ("pratica", .number(String(project.praticaId))), ("tipo", .string(project.kind.id)),
            ("nome", .string(project.name)), ("versione", .number(String(project.version))), ("creato", .string(project.createdAt)),
            ("aggiornato", .string(project.updatedAt)), ("attivo", .string(project.attivo.plain)), ("passivo", .string(project.passivo.plain)),
            ("proprietario", .bool(project.ownedByViewer)),
        ]
        if withFields { pairs.append(("campi", DocumentCodec.json(.record(project.fields)))) }
        return .object(pairs)
    }
}
