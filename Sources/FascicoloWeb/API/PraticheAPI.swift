import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Hummingbird

/// `/api/v1/pratiche`: list and search, create, read, change, transitions, protocol, fees, history.
/// Thin over the engine, which enforces the caller's account on every call.
struct PraticheAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche", use: list)
        group.get("/search", use: list)
        group.post("/pratiche", use: create)
        group.get("/pratiche/:id", use: show)
        group.patch("/pratiche/:id", use: update)
        group.get("/pratiche/:id/transitions", use: transitions)
        group.post("/pratiche/:id/transitions", use: transition)
        group.post("/pratiche/:id/protocol", use: assignProtocol)
        group.post("/pratiche/:id/fees", use: quoteFees)
        group.get("/pratiche/:id/history", use: history)
    }

    /// `?tipo=&stato=a,b&filtro=campo=espressione&q=&soggetto=&ordina=&pagina=&per_pagina=`.
    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let result = (try await engine.run(context) { try $0.list(try Self.listRequest(request.query), actor: identity.actor) })
        return .json(
            .object([
                ("pratiche", .array(result.pratiche.map(PraticaJSON.encode))),
                ("totale", .number(String(result.total))),
                ("pagina", .number(String(result.page))),
                ("per_pagina", .number(String(result.pageSize))),
                ("pagine", .number(String(result.pageCount))),
            ]))
    }

    static func listRequest(_ query: FormData) throws -> ListRequest {
        var request = ListRequest(type: query.text("tipo"))
        if let states = query.text("stato") { request.filters.append(.init(field: "stato", expression: states)) }
        for text in query.all("filtro") {
            guard let filter = ListRequest.Filter(parsing: text) else {
                throw WebError.badRequest("filtro non valido: scrivere campo=valore", field: "filtro")
            }
            request.filters.append(filter)
        }
        request.text = query.text("q")
        if query["soggetto"] != nil {
            guard let id = query.text("soggetto").flatMap({ Int64($0) }) else {
                throw WebError.badRequest("numero del contatto non valido", field: "soggetto")
            }
            request.contactId = id
        }
        request.sort = query.text("ordina")
        request.page = try query.integer("pagina", default: 1)
        request.pageSize = try query.integer("per_pagina", default: 50)
        return request
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["tipo", "campi", "numera"])
        let fields = try body.object("campi") ?? []
        let pratica =
            (try await engine.run(context) {
                try $0.create(
                    NewPratica(
                        type: try body.string("tipo", required: true)!,
                        fields: Dictionary(fields.map { ($0.0, DocumentCodec.value($0.1)) }, uniquingKeysWith: { $1 }),
                        numbered: try body.bool("numera")), actor: identity.actor)
            })
        var response = Response.json(PraticaJSON.encode(pratica), status: .created)
        response.headers[.location] = "/api/v1/pratiche/\(pratica.id)"
        return response
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return .json(PraticaJSON.encode((try await engine.run(context) { try $0.pratica(id: try context.routeID(), actor: identity.actor) })))
    }

    /// `{"versione": 3, "campi": {"note": "…", "udienze[2].data": "2026-05-04"}}`; null clears a field.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["versione", "campi"])
        let changes = (try body.object("campi", required: true) ?? []).map { (path: $0.0, value: DocumentCodec.value($0.1)) }
        let version = try body.integer("versione", required: true)!
        let pratica = try await ChangeIssues.attributing(changed: changes.map(\.path)) {
            try await engine.run(context) {
                try $0.update(id: try context.routeID(), expectedVersion: version, changes: PraticaChanges(changes), actor: identity.actor)
            }
        }
        return .json(PraticaJSON.encode(pratica))
    }

    @Sendable func transitions(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let pratica = (try await engine.run(context) { try $0.pratica(id: try context.routeID(), actor: identity.actor) })
        return .json(
            .array(
                (try await engine.run(context) { try $0.transitionOptions(for: pratica, actor: identity.actor) }).map { option in
                    .object([
                        ("stato", .string(option.transition.to)), ("etichetta", .string(option.transition.label)),
                        ("consentita", .bool(option.refusal == nil)), ("motivo", option.refusal.map(JSON.string) ?? .null),
                    ])
                }))
    }

    /// `{"stato": "esame_documentazione", "versione": 3}` (the version is optional).
    @Sendable func transition(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["stato", "versione"])
        let pratica =
            (try await engine.run(context) {
                try $0.transition(
                    id: try context.routeID(), to: try body.string("stato", required: true)!,
                    expectedVersion: try body.integer("versione"), actor: identity.actor)
            })
        return .json(PraticaJSON.encode(pratica))
    }

    /// `{}` for the first free number, `{"protocollo": "2026/0042"}` for a chosen one.
    @Sendable func assignProtocol(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["protocollo"])
        let pratica =
            (try await engine.run(context) {
                try $0.assignProtocol(id: try context.routeID(), manual: try body.string("protocollo"), actor: identity.actor)
            })
        return .json(PraticaJSON.encode(pratica))
    }

    /// `{"versione": 3}`: computes the fees from the pratica's inputs and saves the preventivo.
    @Sendable func quoteFees(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: ["versione"])
        let (pratica, quote) =
            (try await engine.run(context) {
                try $0.quoteFees(
                    id: try context.routeID(), expectedVersion: try body.integer("versione", required: true)!,
                    actor: identity.actor)
            })
        return .json(.object([("pratica", PraticaJSON.encode(pratica)), ("preventivo", PraticaJSON.encode(quote))]))
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let entries = (try await engine.run(context) { try $0.history(id: try context.routeID(), actor: identity.actor) })
        return .json(
            .array(
                entries.map { entry in
                    .object([
                        ("quando", .string(entry.at)), ("chi", .string(entry.actor)), ("azione", .string(entry.action)),
                        ("campo", entry.field.map(JSON.string) ?? .null), ("prima", entry.oldValue.map(JSON.string) ?? .null),
                        ("dopo", entry.newValue.map(JSON.string) ?? .null),
                    ])
                }))
    }
}
