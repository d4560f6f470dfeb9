import Foundation
import FascicoloCore
import FascicoloLua
import FascicoloSchema
import FascicoloStore

/// A report script as the Reports page lists it.
public struct ReportInfo: Sendable {
    public let name: String
    public let title: String
    public let description: String
    public let parameters: [ReportParameter]
}

extension Engine {
    /// The report scripts of `scripts/`, by name; scripts that do not load are reported in
    /// `problems` (file and line) and left out.
    public func reports() -> (reports: [ReportInfo], problems: [String]) {
        let (scripts, problems) = ReportScript.loadAll(root: project.root)
        return (scripts.map { ReportInfo(name: $0.name, title: $0.title, description: $0.description, parameters: $0.parameters) }, problems)
    }

    /// Runs `scripts/<name>.lua` in a fresh sandbox for `actor`, with `arguments` (text as typed,
    /// checked against the declared parameters). The script reads only what the actor may see.
    public func runReport(name: String, arguments: [String: String], actor: Actor) throws -> ReportOutput {
        let script: ReportScript
        do {
            script = try ReportScript(root: project.root, name: name)
        } catch {
            if case .contract(let message) = error, message.hasSuffix("cannot read the file") { throw FascicoloError.notFound("report \(name)") }
            throw FascicoloError.plugin(error.message)
        }
        let (values, shown) = try parameterValues(script.parameters, arguments: arguments)
        let result: Value
        do {
            result = try script.run(parameters: values, api: ReportAPI(engine: self, actor: actor).functions)
        } catch {
            // A query function refusing its options (an unknown type, a bad filter) is a bad request,
            // not a broken script.
            if error.message.contains("in hook 'run': q.") { throw FascicoloError.invalidRequest(error.message) }
            throw FascicoloError.plugin(error.message)
        }
        let tables = try ReportResultReader(file: script.file).read(result)
        let title = result.recordValue?["title"]?.textValue ?? script.title
        return ReportOutput(name: name, title: title, description: script.description, parameters: shown, tables: tables)
    }

    /// The typed parameter values, and what to print of them.
    private func parameterValues(_ parameters: [ReportParameter], arguments: [String: String]) throws -> ([String: Value], [(label: String, value: String)]) {
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
                guard let number = Int64(text) else { issues.append(FieldIssue(field: parameter.id, message: "atteso un numero intero")); continue }
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
                    issues.append(FieldIssue(field: parameter.id, message: "valore non ammesso"))
                    continue
                }
                values[parameter.id] = .text(text)
                shown.append((parameter.label, option.label))
            case .text:
                guard text.count <= 200 else { issues.append(FieldIssue(field: parameter.id, message: "al massimo 200 caratteri")); continue }
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
struct ReportAPI {
    let engine: Engine
    let actor: Actor

    var functions: [String: ([Value]) throws -> Value] {
        [
            "pratiche": { try pratiche(options($0, "pratiche")) },
            "contacts": { try contacts(options($0, "contacts")) },
            "projects": { try projects(options($0, "projects")) },
            "transitions": { try transitions(options($0, "transitions")) },
            "states_on": { try statesOn(options($0, "states_on")) },
            "label": { try label($0) },
            "labels": { try labels($0) },
            "today": { _ in .text(engine.today().iso) },
            "office": { _ in try office() },
            "tribunali": { _ in try tribunali() },
        ]
    }

    private func options(_ arguments: [Value], _ function: String) throws -> [String: Value] {
        switch arguments.first {
        case nil, .null?: return [:]
        case .record(let options)?: return options
        case .list(let items)? where items.isEmpty: return [:]  // `{}` arrives as an empty list
        default: throw LuaError.runtime("q.\(function): pass a table of options, e.g. q.\(function){type = \"…\"}")
        }
    }

    /// The pratiche the actor may see, oldest first, as records of built-ins and fields.
    private func pratiche(_ options: [String: Value]) throws -> Value {
        var records: [Value] = []
        try forEachRow(options, fields: options["fields"]?.listValue.map { $0.compactMap(\.textValue) }) { row in
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
            fields["propria"] = .bool(pratica.accountId == actor.accountId)
            records.append(.record(fields))
        }
        return .list(records)
    }

    /// The ids of the pratiche the actor may see (of one type, when given).
    private func visibleIds(type: Value?) throws -> [Int64] {
        var ids: [Int64] = []
        try forEachRow(["type": type ?? .null], fields: []) { ids.append($0.id) }
        return ids
    }

    /// Reads the pratiche an options table selects (`type`, `where`, `search`), in pages of id
    /// order, with only `fields` in their documents when given.
    private func forEachRow(_ options: [String: Value], fields: [String]?, _ body: (PraticaRow) throws -> Void) throws {
        var request = ListRequest(type: options["type"]?.textValue)
        for (field, expression) in options["where"]?.recordValue ?? [:] {
            let text: String = switch expression {
            case .integer(let number): String(number)
            case .bool(let flag): flag ? "true" : "false"
            default: expression.textValue ?? ""
            }
            request.filters.append(ListRequest.Filter(field: field, expression: text))
        }
        request.text = options["search"]?.textValue
        let query: PraticaQuery
        do {
            query = try engine.makeQuery(request, actor: actor)
        } catch let error as FascicoloError {
            throw LuaError.runtime("q.pratiche: \(error.description)")
        }
        var after: Int64 = 0
        while true {
            let rows = try engine.reading { [query] in try $0.scan(query, fields: fields, after: after, limit: 5_000) }
            try rows.forEach(body)
            guard rows.count == 5_000, let last = rows.last else { break }
            after = last.id
        }
    }

    /// The contacts among `ids` the actor may open (all of its own account's when `ids` is absent).
    private func contacts(_ options: [String: Value]) throws -> Value {
        try engine.reading { reader in try contacts(options, reader: reader) }
    }

    private func contacts(_ options: [String: Value], reader: StoreReader) throws -> Value {
        let rows: [ContactRow]
        if let ids = options["ids"]?.listValue {
            let wanted = ids.compactMap { value -> Int64? in if case .integer(let id) = value { id } else { nil } }
            rows = try reader.contacts(ids: wanted).filter {
                try $0.accountId == actor.accountId || reader.contactIsShared($0.id, with: actor.accountId, hiddenFields: engine.sharedHiddenPaths)
            }
        } else {
            rows = try reader.contacts(accountId: actor.accountId, matching: nil, limit: 1_000_000, offset: 0).rows
        }
        return .list(rows.map { row in
            let contact = Engine.makeContact(row)
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
            ids = try visibleIds(type: options["type"])
        }
        var records: [Value] = []
        try engine.reading { reader in try collectProjects(ids, into: &records, reader: reader) }
        return .list(records)
    }

    private func collectProjects(_ ids: [Int64], into records: inout [Value], reader: StoreReader) throws {
        for id in ids {
            guard let (row, _) = try? engine.visibleRow(id: id, actor: actor, reader: reader) else { continue }
            for stored in try reader.projects(praticaId: id) {
                guard let project = try? engine.makeProject(stored, owner: row.accountId, actor: actor) else { continue }
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
    }

    /// Every creation and state change of the pratiche the actor may see, by pratica and time.
    private func transitions(_ options: [String: Value]) throws -> Value {
        let visible = Set(try visibleIds(type: options["type"]))
        return .list(try engine.reading { try $0.stateChanges() }.filter { visible.contains($0.praticaId) }.map { change in
            .record(["pratica": .integer(change.praticaId), "at": .text(change.at), "from": change.from.map(Value.text) ?? .null, "to": .text(change.to)])
        })
    }

    /// `q.states_on{date = "2025-12-31", type = …}`: by pratica id, the state each visible pratica
    /// had at the end of that day, from the audit log (pratiche with no change by then are absent).
    private func statesOn(_ options: [String: Value]) throws -> Value {
        guard let text = options["date"]?.textValue, let date = CalendarDate(parsing: text) else {
            throw LuaError.runtime("q.states_on: pass a date, e.g. q.states_on{date = \"2025-12-31\"}")
        }
        let visible = Set(try visibleIds(type: options["type"]))
        let states = try engine.reading { try $0.statesOn(date.iso) }
        var result: [String: Value] = [:]
        result.reserveCapacity(states.count)
        for (id, state) in states where visible.contains(id) { result[String(id)] = .text(state) }
        return .record(result)
    }

    /// `q.label(field, value [, type])`: the label of a state (`field = "stato"`) or of an enum value.
    private func label(_ arguments: [Value]) throws -> Value {
        guard arguments.count >= 2, let field = arguments[0].textValue else { throw LuaError.runtime("q.label: expected (field, value [, type])") }
        let value: String = switch arguments[1] {
        case .integer(let number): String(number)
        default: arguments[1].textValue ?? ""
        }
        let types = arguments.count > 2 ? engine.project.types.filter { $0.id == arguments[2].textValue } : engine.project.types
        for type in types {
            if field == "stato", let state = type.state(value) { return .text(state.label) }
            if let (definition, _) = type.resolve(path: field), case .enumeration(let options) = definition.kind, let label = options.label(for: value) {
                return .text(label)
            }
        }
        return .text(value)
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
            courts[code] = .record(["denominazione": .text(record["denominazione"] ?? code), "regione": .text(record["regione"] ?? ""),
                                    "distretto": .text(record["distretto_corte_appello"] ?? "")])
        }
        return .record(courts)
    }

    /// `q.labels(field [, type])`: every label of a field's values (or of the states), by code,
    /// in one call, for scripts that label many rows.
    private func labels(_ arguments: [Value]) throws -> Value {
        guard let field = arguments.first?.textValue else { throw LuaError.runtime("q.labels: expected (field [, type])") }
        let types = arguments.count > 1 ? engine.project.types.filter { $0.id == arguments[1].textValue } : engine.project.types
        var labels: [String: Value] = [:]
        for type in types {
            if field == "stato" {
                for state in type.states where labels[state.id] == nil { labels[state.id] = .text(state.label) }
            } else if let (definition, _) = type.resolve(path: field), case .enumeration(let options) = definition.kind {
                for option in options.options where labels[option.value] == nil { labels[option.value] = .text(option.label) }
            }
        }
        return .record(labels)
    }

    private func office() throws -> Value {
        guard let account = try engine.accounts().first(where: { $0.id == actor.accountId }) else { return .null }
        return .record(["nome": .text(account.name), "codice": .text(account.code)])
    }
}
