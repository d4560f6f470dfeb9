import FascicoloCore
import FascicoloEngine
import Hummingbird

/// `/api/v1/contacts`: the caller's anagrafica (search, create, read, change). The contact
/// picker of the pratica form uses it too.
struct ContactsAPI {
    let engine: Engine
    static let bodyKeys = Set(["tipo", "versione"] + ContactFields.all)

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/contacts", use: list)
        group.post("/contacts", use: create)
        group.get("/contacts/:id", use: show)
        group.patch("/contacts/:id", use: update)
    }

    /// `?q=&pagina=&per_pagina=`.
    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.query
        let page = try query.integer("pagina", default: 1)
        let pageSize = try query.integer("per_pagina", default: 50)
        let text = query.text("q")
        let result = try await engine.run(context) { try $0.contacts(matching: text, page: page, pageSize: pageSize, actor: identity.actor) }
        return .json(
            .object([
                ("contatti", .array(result.contacts.map(PraticaJSON.encode))),
                ("totale", .number(String(result.total))),
                ("pagina", .number(String(page))),
                ("per_pagina", .number(String(pageSize))),
                ("pagine", .number(String(max(1, (result.total + pageSize - 1) / pageSize)))),
            ]))
    }

    /// `{"tipo": "fisica", "cognome": "…", "nome": "…", "codice_fiscale": "…", …}`.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: Self.bodyKeys.subtracting(["versione"]))
        let kind = try Self.kind(body) ?? .fisica
        let attributes = try Self.attributes(body, over: [:])
        let contact = try await engine.run(context) { try $0.addContact(kind: kind, attributes: attributes, actor: identity.actor) }
        var response = Response.json(PraticaJSON.encode(contact), status: .created)
        response.headers[.location] = "/api/v1/contacts/\(contact.id)"
        return response
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.routeID()
        return .json(PraticaJSON.encode(try await engine.run(context) { try $0.contact(id: id, actor: identity.actor) }))
    }

    /// `{"versione": 2, "telefono": "…", "note": null}`: the given attributes change, null clears.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(&request, context: context, allowed: Self.bodyKeys)
        let id = try context.routeID()
        let version = try body.integer("versione", required: true)!
        let current = try await engine.run(context) { try $0.contact(id: id, actor: identity.actor) }
        let kind = try Self.kind(body) ?? current.kind
        let attributes = try Self.attributes(body, over: current.attributes)
        let updated = try await engine.run(context) {
            try $0.updateContact(id: id, expectedVersion: version, kind: kind, attributes: attributes, actor: identity.actor)
        }
        return .json(PraticaJSON.encode(updated))
    }

    private static func kind(_ body: APIBody) throws -> Contact.Kind? {
        guard let text = try body.string("tipo") else { return nil }
        guard let kind = Contact.Kind(rawValue: text) else { throw WebError.badRequest(Wording.invalidContactKind, field: "tipo") }
        return kind
    }

    private static func attributes(_ body: APIBody, over current: [String: String]) throws -> [String: String] {
        var attributes = current
        for name in ContactFields.all where body[name] != nil {
            attributes[name] = try body.string(name)
        }
        return attributes
    }
}
