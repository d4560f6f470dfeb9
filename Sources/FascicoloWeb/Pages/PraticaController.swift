import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Hummingbird

/// The pratica form: create, show, save, and the actions that save first and then act (assign
/// the protocol, change state, compute the fees). A refused save shows the page again with the
/// user's input and the errors beside their fields; nothing is written.
struct PraticaController {
    let engine: Engine
    let renderer: Renderer

    /// Messages after a redirect, chosen by a fixed code (no user data travels in the URL).
    static let notices = [
        "creata": "Pratica creata.", "salvata": "Modifiche salvate.", "protocollo": "Protocollo assegnato.",
        "stato": "Stato aggiornato.", "compensi": "Compenso calcolato e salvato nel preventivo.",
        "condivisa": "Pratica condivisa: l'account la vede nel proprio elenco, in sola lettura.",
        "condivisione-rimossa": "Condivisione rimossa.",
        "protocollo-presente": "La pratica ha già un protocollo: per assegnarne un altro, cancellarlo e premere di nuovo «Primo libero».",
        "allegato": "Allegato caricato.", "allegato-eliminato": "Allegato eliminato.",
        "allegato-visibile": "Allegato visibile al debitore.", "allegato-nascosto": "Allegato nascosto al debitore.",
        "progetto-eliminato": "Progetto eliminato.",
        "totali-progetto": "Attivo e passivo ripresi dal progetto: premere «Calcola compenso» per aggiornare il preventivo.",
    ]

    /// The preference holding the initial state a user last chose for a type.
    static func initialStateKey(_ type: PraticaType) -> String { "stato-iniziale:\(type.id)" }

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/pratiche/nuova", use: newForm)
        group.post("/pratiche", use: create)
        group.get("/pratiche/:id", use: show)
        group.post("/pratiche/:id", use: save)
        group.post("/pratiche/:id/condivisioni", use: share)
        group.post("/pratiche/:id/condivisioni/:account/rimuovi", use: unshare)
    }

    /// "Condividi con": shares the pratica with the account whose 6-digit code was typed.
    @Sendable func share(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            do {
                _ = try engine.share(id: id, withAccountCode: context.form["codice"] ?? "", actor: identity.actor)
                return .redirect(to: "/pratiche/\(id)?esito=condivisa")
            } catch FascicoloError.validation(let issues) {
                let page = try PraticaPageBuilder(engine: engine, identity: identity)
                    .refused("Condivisione non eseguita", issues: issues, pratica: try engine.pratica(id: id, actor: identity.actor), section: nil)
                return renderer.page("pratica", page, status: .unprocessableContent)
            }
        }
    }

    /// Ends the share with one account (owner only).
    @Sendable func unshare(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            try engine.unshare(id: id, accountId: try context.routeID("account"), actor: identity.actor)
            return .redirect(to: "/pratiche/\(id)?esito=condivisione-rimossa")
        }
    }

    @Sendable func newForm(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let type = try request.query["tipo"].map { try engine.type($0) } ?? engine.startingType(for: identity.user)
            let today = CalendarDate.today()
            var document: [String: Value] = [:]
            for field in type.fields { if let value = field.defaultValue?.resolve(today: today) { document[field.id] = value } }
            var input = PraticaPageInput(type: type, values: FormValues(document: document, type: type), version: 0)
            input.values.scalars["stato"] = try engine.preference(Self.initialStateKey(type), user: identity.user)
            return renderer.page("pratica", try PraticaPageBuilder(engine: engine, identity: identity).build(input))
        }
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let type = try engine.type(context.form["tipo"] ?? "")
            let values = FormValues(form: context.form, type: type)
            var fields = Dictionary(
                FormReader(type: type, readOnly: PraticaPageBuilder.readOnlyFields(type)).changes(values).map { ($0.path, $0.value) },
                uniquingKeysWith: { $1 })
            if let state = context.form.text("stato") { fields[BuiltinField.stato.rawValue] = .text(state) }
            do {
                let pratica = try engine.create(
                    NewPratica(type: type.id, fields: fields, numbered: context.form["numera"] == "1"),
                    actor: identity.actor)
                try engine.setPreference(Self.initialStateKey(type), value: pratica.state, user: identity.user)
                return .redirect(to: "/pratiche/\(pratica.id)?esito=creata")
            } catch let error as FascicoloError {
                var input = PraticaPageInput(type: type, values: values, version: 0)
                input.values.scalars["stato"] = context.form["stato"]
                return try refused(error, input: input, identity: identity)
            }
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let pratica = try engine.pratica(id: try context.routeID(), actor: identity.actor)
            var input = PraticaPageInput(pratica: pratica)
            input.notice = request.query["esito"].flatMap { Self.notices[$0] }
            input.section = request.query["sezione"]
            return renderer.page("pratica", try PraticaPageBuilder(engine: engine, identity: identity).build(input))
        }
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        try await engine.run(context) { _ -> Response in
            let identity = try context.requireIdentity()
            let id = try context.routeID()
            let stored = try engine.pratica(id: id, actor: identity.actor)
            let values = FormValues(form: context.form, type: stored.type)
            guard let version = context.form["versione"].flatMap({ Int64($0) }) else {
                throw WebError.badRequest("versione della pratica mancante", field: "versione")
            }
            var input = PraticaPageInput(pratica: stored, type: stored.type, values: values, version: version)
            input.section = context.form["sezione"]
            let feesSection = stored.type.sections.first { section in section.fields.contains { $0.id == stored.type.fees?.kind } }?.id
            func done(_ outcome: String, section: String? = nil) -> Response {
                let tab = (section ?? input.section).map { "&sezione=\(FormData.percentEncode($0))" } ?? ""
                return .redirect(to: "/pratiche/\(id)?esito=\(outcome)\(tab)")
            }
            let owned = stored.accountId == identity.user.accountId
            let changes = FormReader(type: stored.type, readOnly: PraticaPageBuilder.unsavedFields(stored.type, owned: owned))
                .changes(values, from: FormValues(pratica: stored))
            let saved: Pratica
            do {
                saved = try engine.update(id: id, expectedVersion: version, changes: PraticaChanges(changes), actor: identity.actor)
            } catch let error as FascicoloError {
                return try refused(error, input: input, identity: identity)
            }
            let action = context.form["azione"] ?? "salva"
            do {
                switch action {
                case "protocollo":
                    guard saved.protocolNumber == nil else { return done("protocollo-presente") }
                    _ = try engine.assignProtocol(id: id, actor: identity.actor)
                    return done("protocollo")
                case "compensi":
                    _ = try engine.quoteFees(id: id, expectedVersion: saved.version, actor: identity.actor)
                    return done("compensi", section: feesSection)
                case let target where target.hasPrefix("stato:"):
                    _ = try engine.transition(id: id, to: String(target.dropFirst(6)), expectedVersion: saved.version, actor: identity.actor)
                    return done("stato")
                default:
                    return done("salvata")
                }
            } catch let error as FascicoloError {
                // The save went through; the action did not. Show the saved pratica and why.
                input = PraticaPageInput(pratica: saved)
                input.notice = saved.version == version ? nil : "Le modifiche sono state salvate."
                input.section = context.form["azione"] == "compensi" ? feesSection : context.form["sezione"]
                return try refused(error, input: input, identity: identity)
            }
        }
    }

    /// The page again, with the reason of the refusal and the user's input.
    private func refused(_ error: FascicoloError, input: PraticaPageInput, identity: Identity) throws -> Response {
        var input = input
        let report = ErrorReport(error)
        switch error {
        case .validation(let issues):
            input.issues = issues
            input.alert = issues.count == 1 ? "Un campo da correggere." : "\(issues.count) campi da correggere."
        case .conflict:
            input.conflict = true
            input.alert =
                "Un altro utente ha salvato questa pratica dopo che l'hai aperta: i tuoi dati sono ancora nel modulo, "
                + "ma non sono stati salvati. Apri la versione aggiornata in un'altra scheda e riporta le tue modifiche."
        case .transitionNotAllowed(_, let to, let reason):
            let label = input.type.state(to)?.label ?? to
            input.alert = "Passaggio a «\(label)» non consentito" + (reason.map { ": \($0)" } ?? ".")
        default:
            input.alert = report.message
        }
        return renderer.page("pratica", try PraticaPageBuilder(engine: engine, identity: identity).build(input), status: report.status)
    }
}
