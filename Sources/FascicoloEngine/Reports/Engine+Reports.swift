import FascicoloCore
import FascicoloLua
import FascicoloSchema
import FascicoloStore
import Foundation

/// A report script as the Reports page lists it.
public struct ReportInfo: Sendable {
    public let name: String
    public let title: String
    public let description: String
    public let parameters: [ReportParameter]

    init(_ script: ReportScript) {
        name = script.name
        title = script.title
        description = script.description
        parameters = script.parameters
    }
}

extension Project {
    /// The report scripts of `scripts/`, by name; scripts that do not load are reported in
    /// `problems` (file and line) and left out. Each is loaded once into its own sandbox.
    public func reportScripts() -> (reports: [ReportInfo], problems: [String]) {
        let (scripts, problems) = ReportScript.loadAll(root: root)
        return (scripts.map(ReportInfo.init), problems)
    }
}

extension Engine {
    /// The report scripts of `scripts/` (see `Project.reportScripts`).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func reports() -> (reports: [ReportInfo], problems: [String]) {
        project.reportScripts()
    }

    /// One report script's title, description and parameters (loading that script only).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func report(name: String) throws -> ReportInfo {
        ReportInfo(try reportScript(name))
    }

    /// `scripts/<name>.lua`, loaded into a fresh state; 404 when there is no such script.
    private func reportScript(_ name: String) throws -> ReportScript {
        do {
            return try ReportScript(root: project.root, name: name)
        } catch {
            if case .contract(let message) = error, message.hasSuffix("cannot read the file") { throw FascicoloError.notFound("report \(name)") }
            throw FascicoloError.plugin(error.message)
        }
    }

    /// Runs `scripts/<name>.lua` in a fresh sandbox for `actor`, with `arguments` (text as typed,
    /// checked against the declared parameters). The script reads only what the actor may see.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func runReport(name: String, arguments: [String: String], actor: Actor) throws -> ReportOutput {
        let script = try reportScript(name)
        let (values, shown) = try parameterValues(script.parameters, arguments: arguments)
        let api = ReportAPI(engine: self, actor: actor)
        let result: Value
        do {
            result = try script.run(parameters: values, api: api.functions)
        } catch {
            // A query function that refused its options (an unknown type, a bad filter) makes the
            // run a bad request, not a broken script.
            throw api.causedFailure(error) ? FascicoloError.invalidRequest(error.message) : FascicoloError.plugin(error.message)
        }
        let tables = try ReportResultReader(file: script.file).read(result)
        let title = result.recordValue?["title"]?.textValue ?? script.title
        return ReportOutput(name: name, title: title, description: script.description, parameters: shown, tables: tables)
    }

    /// The typed parameter values, and what to print of them.
    private func parameterValues(_ parameters: [ReportParameter], arguments: [String: String]) throws -> (
        [String: Value], [(label: String, value: String)]
    ) {
        if let unknown = arguments.keys.sorted().first(where: { key in !parameters.contains { $0.id == key } }) {
            throw FascicoloError.validation([FieldIssue(field: unknown, message: "parametro sconosciuto per questo report")])
        }
        var values: [String: Value] = [:]
        var shown: [(String, String)] = []
        var issues: [FieldIssue] = []
        for parameter in parameters {
            var text = arguments[parameter.id]?.trimmingWhitespace() ?? ""
            if text.isEmpty, let fallback = parameter.defaultValue {
                text = fallback == "anno_corrente" ? String(today().year) : fallback == "oggi" ? today().iso : fallback
            }
            guard !text.isEmpty else {
                if parameter.required { issues.append(FieldIssue(field: parameter.id, message: "obbligatorio")) }
                continue
            }
            switch parameter.kind {
            case .integer:
                guard let number = Int64(text) else {
                    issues.append(FieldIssue(field: parameter.id, message: Wording.integerExpected))
                    continue
                }
                values[parameter.id] = .integer(number)
                shown.append((parameter.label, text))
            case .date:
                guard let date = CalendarDate(parsing: text) else {
                    issues.append(FieldIssue(field: parameter.id, message: "attesa una data (gg/mm/aaaa)"))
                    continue
                }
                values[parameter.id] = .date(date)
                shown.append((parameter.label, date.italian))
            case .enumeration:
                guard let option = parameter.options.first(where: { $0.value == text }) else {
                    issues.append(FieldIssue(field: parameter.id, message: Wording.valueNotAllowed))
                    continue
                }
                values[parameter.id] = .text(text)
                shown.append((parameter.label, option.label))
            case .text:
                guard text.count <= 200 else {
                    issues.append(FieldIssue(field: parameter.id, message: "al massimo 200 caratteri"))
                    continue
                }
                values[parameter.id] = .text(text)
                shown.append((parameter.label, text))
            }
        }
        guard issues.isEmpty else { throw FascicoloError.validation(issues) }
        return (values, shown)
    }
}

/// The read-only query functions a report script receives as `q` (docs/reports.md). Every one
/// reads through the caller's permissions: the pratiche its account owns or receives as shares,
/// without the fields hidden from it, and the contacts it may open.
final class ReportAPI {
    let engine: Engine
    let actor: Actor
    /// The last refusal of a function's arguments in this run (a script may catch it with `pcall`).
    private var lastRefusal: String?

    init(engine: Engine, actor: Actor) {
        self.engine = engine
        self.actor = actor
    }

    var functions: [String: ([Value]) throws -> Value] {
        [
            "pratiche": { [self] in try pratiche(options($0, "pratiche")) },
            "contacts": { [self] in try contacts(options($0, "contacts")) },
            "projects": { [self] in try projects(options($0, "projects")) },
            "transitions": { [self] in try transitions(options($0, "transitions")) },
            "states_on": { [self] in try statesOn(options($0, "states_on")) },
            "label": { [self] in try label($0) },
            "labels": { [self] in try labels($0) },
            "states": { [self] in try states($0) },
            "today": { [self] _ in .text(engine.today().iso) },
            "office": { [self] _ in try office() },
            "tribunali": { [self] _ in try tribunali() },
        ]
    }

    private func options(_ arguments: [Value], _ function: String) throws -> [String: Value] {
        switch arguments.first {
        case nil, .null?: return [:]
        case .record(let options)?: return options
        case .list(let items)? where items.isEmpty: return [:]  // `{}` arrives as an empty list
        default: throw refusal("q.\(function): pass a table of options, e.g. q.\(function){type = \"…\"}")
        }
    }

    /// The error of a function refusing its arguments, remembered for `causedFailure`.
    private func refusal(_ message: String) -> LuaError {
        lastRefusal = message
        return .runtime(message)
    }

    /// Whether the run failed because a function refused its arguments (the failure carries the
    /// refusal, uncaught), rather than because the script itself is broken.
    func causedFailure(_ error: LuaError) -> Bool {
        lastRefusal.map { error.message.hasSuffix($0) } ?? false
    }

    /// The pratiche the actor may see, oldest first, as records of built-ins and fields.
    private func pratiche(_ options: [String: Value]) throws -> Value {
        var records: [Value] = []
        try forEachRow(try query(options), keys: try projection(options)) { row in
            let type = try engine.type(row.type)
            let pratica = engine.makePratica(row, type: type, viewer: actor)
            var fields = pratica.fields
            if let protocolField = type.protocolField { fields[protocolField.id] = pratica.protocolNumber.map { .text($0.text) } ?? .null }
            fields["id"] = .integer(pratica.id)
            fields["tipologia"] = .text(type.id)
            fields["stato"] = .text(pratica.state)
            fields["anno"] = .integer(Int64(pratica.year))
            fields["nome_cartella"] = .text(pratica.folderName)
            fields["creata"] = pratica.createdOn.map(Value.date) ?? .null
            fields["aggiornata"] = .text(pratica.updatedAt)
            fields["numero_protocollo"] = pratica.protocolNumber.map { .integer(Int64($0.number)) } ?? .null
            fields["anno_protocollo"] = pratica.protocolNumber.map { .integer(Int64($0.year)) } ?? .null
            fields["propria"] = .bool(pratica.accountId == actor.accountId)
            records.append(.record(fields))
        }
        return .list(records)
    }

    /// The stored keys to read for `fields = {…}`: each field's id and the name it had before a
    /// rename (`renamed_from`); nil reads whole documents. Names no type declares are refused.
    private func projection(_ options: [String: Value]) throws -> [String]? {
        guard let names = options["fields"]?.listValue else { return nil }
        let types = options["type"]?.textValue.map { id in engine.project.types.filter { $0.id == id } } ?? engine.project.types
        var keys: [String] = []
        for name in names.compactMap(\.textValue) where BuiltinField(rawValue: name) == nil {
            let fields = types.compactMap { $0.field(name) }
            guard !fields.isEmpty else { throw refusal("q.pratiche: campo sconosciuto \(FieldIssue.safeName(name)) in fields") }
            keys.append(name)
            keys += fields.compactMap(\.renamedFrom)
        }
        return keys
    }

    /// The query an options table selects (`type`, `where`, `search`), for the actor.
    private func query(_ options: [String: Value]) throws -> PraticaQuery {
        var request = ListRequest(type: options["type"]?.textValue)
        for (field, expression) in options["where"]?.recordValue ?? [:] {
            let text: String =
                switch expression {
                case .integer(let number): String(number)
                case .bool(let flag): flag ? "true" : "false"
                default: expression.textValue ?? ""
                }
            request.filters.append(ListRequest.Filter(field: field, expression: text))
        }
        request.text = options["search"]?.textValue
        do {
            return try engine.makeQuery(request, actor: actor)
        } catch let error as FascicoloError {
            throw refusal("q.pratiche: \(error.description)")
        }
    }

    /// Reads the pratiche a query selects in id order, on one snapshot, a batch at a time, with
    /// only `keys` in their documents when given.
    private func forEachRow(_ query: PraticaQuery, keys: [String]?, _ body: (PraticaRow) throws -> Void) throws {
        try engine.reading { reader in
            let ids = try reader.matchingIds(query)
            for start in stride(from: 0, to: ids.count, by: 5_000) {
                try reader.pratiche(ids: Array(ids[start..<min(start + 5_000, ids.count)]), keys: keys).forEach(body)
            }
        }
    }

    /// The contacts among `ids` the actor may open (all of its own account's when `ids` is absent).
    private func contacts(_ options: [String: Value]) throws -> Value {
        let contacts: [Contact]
        if let ids = options["ids"]?.listValue {
            let wanted = Set(ids.compactMap { value -> Int64? in if case .integer(let id) = value { id } else { nil } })
            contacts = try engine.contacts(ids: wanted, actor: actor).values.sorted { $0.id < $1.id }
        } else {
            contacts = try engine.reading { try $0.contacts(accountId: actor.accountId, matching: nil, limit: 1_000_000, offset: 0).rows }
                .map(Engine.makeContact)
        }
        return .list(
            contacts.map { contact in
                var fields = contact.attributes.mapValues(Value.text)
                fields["id"] = .integer(contact.id)
                fields["tipo"] = .text(contact.kind.rawValue)
                fields["nominativo"] = .text(contact.displayName)
                return .record(fields)
            })
    }

    /// The projects of one pratica (`pratica = id`), or of every pratica the actor may see.
    private func projects(_ options: [String: Value]) throws -> Value {
        let ids: [Int64]
        if case .integer(let id)? = options["pratica"] {
            ids = [id]
        } else {
            var visible: [Int64] = []
            try forEachRow(try query(["type": options["type"] ?? .null]), keys: []) { visible.append($0.id) }
            ids = visible
        }
        var records: [Value] = []
        for id in ids {
            let projects: [PraticaProject]
            do {
                projects = try engine.projects(praticaId: id, actor: actor)
            } catch FascicoloError.notFound {
                throw refusal("q.projects: pratica \(id) inesistente")
            }
            for project in projects {
                var fields = project.fields
                fields["id"] = .integer(project.id)
                fields["pratica"] = .integer(project.praticaId)
                fields["tipo"] = .text(project.kind.id)
                fields["nome"] = .text(project.name)
                fields["attivo"] = .money(project.attivo)
                fields["passivo"] = .money(project.passivo)
                records.append(.record(fields))
            }
        }
        return .list(records)
    }

    /// Every creation and state change of the pratiche the actor may see, by pratica and time.
    private func transitions(_ options: [String: Value]) throws -> Value {
        let query = try query(["type": options["type"] ?? .null])
        return .list(
            try engine.reading { try $0.stateChanges(query) }.map { change in
                .record([
                    "pratica": .integer(change.praticaId), "at": .text(change.at), "from": change.from.map(Value.text) ?? .null,
                    "to": .text(change.to),
                ])
            })
    }

    /// `q.states_on{date = "2025-12-31", type = …}`: by pratica id, the state each visible pratica
    /// had at the end of that day, from the audit log (pratiche with no change by then are absent).
    private func statesOn(_ options: [String: Value]) throws -> Value {
        guard let text = options["date"]?.textValue, let date = CalendarDate(parsing: text) else {
            throw refusal("q.states_on: pass a date, e.g. q.states_on{date = \"2025-12-31\"}")
        }
        let query = try query(["type": options["type"] ?? .null])
        let states = try engine.reading { try $0.statesOn(date.iso, query) }
        var result: [String: Value] = [:]
        result.reserveCapacity(states.count)
        for (id, state) in states { result[String(id)] = .text(state) }
        return .record(result)
    }

    /// `q.label(field, value [, type])`: the label of a state (`field = "stato"`) or of an enum
    /// value; the value itself when it has none.
    private func label(_ arguments: [Value]) throws -> Value {
        guard arguments.count >= 2, let field = arguments[0].textValue else { throw refusal("q.label: expected (field, value [, type])") }
        let code: String =
            switch arguments[1] {
            case .integer(let number): String(number)
            default: arguments[1].textValue ?? ""
            }
        return labelTable(field, type: arguments.count > 2 ? arguments[2].textValue : nil)[code] ?? .text(code)
    }

    /// `q.states(type)`: the type's states in their declared order, `{id, label, initial, final}`.
    private func states(_ arguments: [Value]) throws -> Value {
        guard let id = arguments.first?.textValue, let type = engine.project.type(id) else {
            throw refusal("q.states: expected the id of a type, e.g. q.states(\"crisi-sovraindebitamento\")")
        }
        return .list(
            type.states.map { state in
                .record(["id": .text(state.id), "label": .text(state.label), "initial": .bool(state.initial), "final": .bool(state.final)])
            })
    }

    /// The courts of `data/tribunali.csv` by PCT office code: name, region and court of appeal district.
    private func tribunali() throws -> Value {
        let url = engine.project.root.appendingPathComponent("data/tribunali.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8), let table = try? CSVTable(text: text) else {
            throw LuaError.runtime("q.tribunali: data/tribunali.csv is not readable")
        }
        var courts: [String: Value] = [:]
        for record in table.records() {
            guard let code = record["codice_ufficio_pct"] else { continue }
            courts[code] = .record([
                "denominazione": .text(record["denominazione"] ?? code), "regione": .text(record["regione"] ?? ""),
                "distretto": .text(record["distretto_corte_appello"] ?? ""),
            ])
        }
        return .record(courts)
    }

    /// `q.labels(field [, type])`: every label of a field's values (or of the states), by code,
    /// in one call, for scripts that label many rows.
    private func labels(_ arguments: [Value]) throws -> Value {
        guard let field = arguments.first?.textValue else { throw refusal("q.labels: expected (field [, type])") }
        return .record(labelTable(field, type: arguments.count > 1 ? arguments[1].textValue : nil))
    }

    /// The labels of a field's values (or of the states) by code, across the types (or in one).
    private func labelTable(_ field: String, type typeId: String?) -> [String: Value] {
        let types = typeId.map { id in engine.project.types.filter { $0.id == id } } ?? engine.project.types
        var labels: [String: Value] = [:]
        for type in types {
            if field == "stato" {
                for state in type.states where labels[state.id] == nil { labels[state.id] = .text(state.label) }
            } else if let (definition, _) = type.resolve(path: field), case .enumeration(let options) = definition.kind {
                for option in options.options where labels[option.value] == nil { labels[option.value] = .text(option.label) }
            }
        }
        return labels
    }

    private func office() throws -> Value {
        guard let account = try engine.account(id: actor.accountId) else { return .null }
        return .record(["nome": .text(account.name), "codice": .text(account.code)])
    }
}
