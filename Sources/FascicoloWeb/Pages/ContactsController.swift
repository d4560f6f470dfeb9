import FascicoloCore
import FascicoloEngine
import Hummingbird

/// The anagrafica: the account's contacts, searchable, with create and edit forms. The codice
/// fiscale is checked in the browser as it is typed and again, fully, by the engine.
struct ContactsController {
    let engine: Engine
    let renderer: Renderer

    static let labels: [String: String] = [
        "cognome": "Cognome", "nome": "Nome", "denominazione": "Denominazione", "codice_fiscale": "Codice fiscale",
        "partita_iva": "Partita IVA", "data_nascita": "Data di nascita", "indirizzo": "Indirizzo", "comune": "Comune",
        "provincia": "Provincia (sigla)", "cap": "CAP", "email": "Email", "pec": "PEC", "telefono": "Telefono", "note": "Note",
    ]
    /// The attributes the form shows (the ISTAT code is derived from the comune).
    static let formFields = ContactFields.all.filter { $0 != "codice_istat_comune" }

    struct ListView {
        let chrome: Chrome
        let search: String
        let rows: [ListRow]
        let totalText: String
        let previous: String?
        let next: String?
        let page: Int
        let pageCount: Int
    }
    struct ListRow {
        let link: String
        let name: String
        let kind: String
        let codiceFiscale: String
        let comune: String
    }

    struct FormView {
        let chrome: Chrome
        let action: String
        let isNew: Bool
        /// False for a read-only user, and for a contact of another account seen through a shared pratica.
        let editable: Bool
        let version: Int64
        let isFisica: Bool
        let fields: [InputView]
        let issues: [PraticaPage.IssueView]
        let praticheLink: String?
    }
    struct InputView {
        let name: String
        let label: String
        let value: String
        let error: String?
        let inputType: String
        let isLongText: Bool
        let personOnly: Bool
        let companyOnly: Bool
        let isCodiceFiscale: Bool
    }

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/anagrafica", use: list)
        group.get("/anagrafica/nuovo", use: newForm)
        group.post("/anagrafica", use: create)
        group.get("/anagrafica/:id", use: show)
        group.post("/anagrafica/:id", use: save)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let query = request.query
            let search = query.text("q")
            let page = max(1, Int(query["pagina"] ?? "") ?? 1)
            let result = try engine.contacts(matching: search, page: page, pageSize: 50, actor: identity.actor)
            let pageCount = max(1, (result.total + 49) / 50)
            func link(_ page: Int) -> String {
                var copy = query
                copy.set("pagina", String(page))
                return "/anagrafica?" + copy.encoded
            }
            let view = ListView(
                chrome: Chrome(
                    title: "Anagrafica", identity: identity, section: .anagrafica, notice: query["esito"] == "salvato" ? "Contatto salvato." : nil),
                search: search ?? "",
                rows: result.contacts.map {
                    ListRow(
                        link: "/anagrafica/\($0.id)", name: $0.displayName, kind: $0.kind == .fisica ? "Persona fisica" : "Persona giuridica",
                        codiceFiscale: $0["codice_fiscale"] ?? $0["partita_iva"] ?? "", comune: $0["comune"] ?? "")
                },
                totalText: result.total == 1 ? "1 contatto" : "\(result.total) contatti",
                previous: page > 1 ? link(page - 1) : nil, next: page < pageCount ? link(page + 1) : nil, page: page, pageCount: pageCount)
            return renderer.page("contacts", view)
        }
    }

    @Sendable func newForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return renderer.page("contact", form(identity: identity, contact: nil, kind: .fisica, values: [:], issues: []))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let (kind, values) = Self.read(context.form)
            do {
                let contact = try engine.addContact(kind: kind, attributes: values, actor: identity.actor)
                return .redirect(to: "/anagrafica/\(contact.id)?esito=salvato")
            } catch FascicoloError.validation(let issues) {
                return renderer.page(
                    "contact", form(identity: identity, contact: nil, kind: kind, values: values, issues: issues),
                    status: .unprocessableContent)
            }
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let contact = try engine.contact(id: try context.routeID(), actor: identity.actor)
            var view = form(identity: identity, contact: contact, kind: contact.kind, values: contact.attributes, issues: [])
            if request.query["esito"] == "salvato" { view = FormView(copying: view, notice: "Contatto salvato.") }
            return renderer.page("contact", view)
        }
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            let contact = try engine.contact(id: id, actor: identity.actor)
            let (kind, values) = Self.read(context.form)
            guard let version = context.form["versione"].flatMap({ Int64($0) }) else {
                throw WebError.badRequest("versione del contatto mancante", field: "versione")
            }
            do {
                _ = try engine.updateContact(id: id, expectedVersion: version, kind: kind, attributes: values, actor: identity.actor)
                return .redirect(to: "/anagrafica/\(id)?esito=salvato")
            } catch let error as FascicoloError {
                var issues: [FieldIssue] = []
                var alert: String?
                if case .validation(let found) = error { issues = found } else { alert = ErrorReport(error).message }
                var view = form(identity: identity, contact: contact, kind: kind, values: values, issues: issues, version: version)
                view = FormView(copying: view, alert: alert)
                return renderer.page("contact", view, status: ErrorReport(error).status)
            }
        }
    }

    private func form(
        identity: Identity, contact: Contact?, kind: Contact.Kind, values: [String: String], issues: [FieldIssue],
        version: Int64? = nil
    ) -> FormView {
        let errors = FieldViewBuilder.index(issues)
        return FormView(
            chrome: Chrome(
                title: contact.map(\.displayName) ?? "Nuovo contatto", identity: identity, section: .anagrafica,
                alert: issues.isEmpty ? nil : "Controllare i campi segnalati."),
            action: contact.map { "/anagrafica/\($0.id)" } ?? "/anagrafica", isNew: contact == nil,
            editable: identity.user.role.canWrite && (contact.map { $0.accountId == identity.user.accountId } ?? true),
            version: version ?? contact?.version ?? 0, isFisica: kind == .fisica,
            fields: Self.formFields.map { name in
                InputView(
                    name: name, label: Self.labels[name] ?? name, value: values[name] ?? "", error: errors[name],
                    inputType: name == "email" || name == "pec" ? "email" : name == "telefono" ? "tel" : name == "data_nascita" ? "date" : "text",
                    isLongText: name == "note", personOnly: ["cognome", "nome", "data_nascita"].contains(name),
                    companyOnly: ["denominazione"].contains(name), isCodiceFiscale: name == "codice_fiscale")
            },
            issues: issues.map { PraticaPage.IssueView(field: Self.labels[$0.field] ?? $0.field, message: $0.message) },
            praticheLink: contact.map { "/pratiche?soggetto=\($0.id)" })
    }

    /// The kind and the non-blank attributes of a posted contact form.
    static func read(_ form: FormData) -> (Contact.Kind, [String: String]) {
        let kind = Contact.Kind(rawValue: form["tipo"] ?? "") ?? .fisica
        var values: [String: String] = [:]
        for name in formFields { if let value = form.text(name) { values[name] = value } }
        return (kind, values)
    }
}

extension ContactsController.FormView {
    init(copying view: Self, notice: String? = nil, alert: String? = nil) {
        var chrome = view.chrome
        if let notice { chrome.notice = notice }
        if let alert { chrome.alert = alert }
        self.init(
            chrome: chrome, action: view.action, isNew: view.isNew, editable: view.editable, version: view.version, isFisica: view.isFisica,
            fields: view.fields, issues: view.issues, praticheLink: view.praticheLink)
    }
}
