import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Hummingbird

/// `/api/v1/types`, `/api/v1/calendar` and `/api/v1/fees` (the calculator without a pratica).
struct ReferenceAPI {
    let engine: Engine

    func addRoutes(to group: RouterGroup<AppContext>) {
        group.get("/types", use: types)
        group.get("/types/:type", use: type)
        group.get("/calendar", use: calendar)
        group.post("/fees", use: fees)
    }

    @Sendable func types(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity()
        return .json(.array(engine.project.types.map(TypeJSON.encode)))
    }

    @Sendable func type(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity()
        return .json(TypeJSON.encode(try engine.type(context.parameters.get("type") ?? "")))
    }

    /// `?da=2026-03-01&a=2026-03-31` plus the list's filters (`tipo`, `stato`, `filtro`, `q`, `soggetto`).
    @Sendable func calendar(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.query
        func date(_ name: String) throws -> CalendarDate {
            guard let text = query.text(name) else { throw WebError.badRequest(Wording.required, field: name) }
            guard let date = CalendarDate(parsing: text) else { throw WebError.badRequest("data non valida: scrivere aaaa-mm-gg", field: name) }
            return date
        }
        let (from, to, listRequest) = (try date("da"), try date("a"), try PraticheAPI.listRequest(query))
        let perDay = try query.integer("per_giorno", default: 200)
        guard (1...1_000).contains(perDay) else { throw WebError.badRequest("voci per giorno: da 1 a 1000", field: "per_giorno") }
        let days = try await engine.run(context) {
            try $0.calendar(from: from, to: to, request: listRequest, actor: identity.actor, perDay: perDay)
        }
        return .json(.array(days.flatMap(\.entries).map(PraticaJSON.encode)))
    }

    /// `{"tipo": "crisi-sovraindebitamento", "procedura": "piano", "attivo": "50000.00", "passivo": "120000.00",
    /// "riduzione": "20", "rimborso": "15", "attribuito": null}`: amounts as strings or numbers, never floats rounded.
    @Sendable func fees(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await APIBody.read(
            &request, context: context,
            allowed: ["tipo", "procedura", "attivo", "passivo", "riduzione", "rimborso", "attribuito"])
        func exact(_ key: String) throws -> ExactDecimal? {
            guard let text = try body.numeral(key, required: true) else { return nil }
            guard let number = ExactDecimal(parsing: text) else {
                throw WebError.badRequest(Wording.invalidNumber, field: key)
            }
            return number
        }
        func money(_ key: String, required: Bool = true) throws -> Money? {
            guard let text = try body.numeral(key, required: required) else { return nil }
            guard let money = Money(parsing: text) else {
                throw WebError.badRequest("importo non valido: scrivere ad esempio 1234.56 o 1.234,56", field: key)
            }
            guard money.cents >= 0 else { throw WebError.badRequest(Wording.negativeAmount, field: key) }
            return money
        }
        let typeId = try body.string("tipo") ?? engine.project.types.first { $0.fees != nil }?.id ?? ""
        let input = FeeInput(
            kind: try body.string("procedura", required: true)!, attivo: try money("attivo")!, passivo: try money("passivo")!,
            riduzione: try exact("riduzione")!, rimborso: try exact("rimborso")!,
            attribuito: try money("attribuito", required: false))
        return .json(PraticaJSON.encode((try await engine.run(context) { try $0.computeFees(typeId: typeId, input: input, actor: identity.actor) })))
    }
}
