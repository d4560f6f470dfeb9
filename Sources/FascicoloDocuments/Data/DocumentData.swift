import FascicoloCore
import FascicoloEngine
import FascicoloSchema

/// Fills the vocabulary of `DocumentVocabulary` for one pratica, as `actor` may see it: the
/// pratica comes from the engine already without the fields hidden from the actor's account,
/// contacts are the ones the actor may open, and the office is the actor's own.
public struct DocumentData {
    let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    /// The data of `pratica` (as `actor` read it) with the letterhead of the actor's office.
    public func value(of pratica: Pratica, letterhead: Letterhead, actor: Actor) throws -> TemplateValue {
        let projects = try engine.projects(praticaId: pratica.id, actor: actor)
        var references = Set<Int64>()
        collectReferences(.record(pratica.fields), into: &references)
        for project in projects { collectReferences(.record(project.fields), into: &references) }
        let formatter = Formatter(contacts: try engine.contacts(ids: references, actor: actor))
        var names = formatter.fields(pratica.fields, definitions: pratica.type.fields)
        if let protocolField = pratica.type.protocolField {
            names[protocolField.id] = pratica.protocolNumber.map { .text($0.text) } ?? .empty
        }
        names["oggi"] = .text(engine.today().italian)
        names["tipologia"] = .text(pratica.type.label)
        names["stato"] = .text(pratica.stateLabel, code: pratica.state)
        names["anno"] = .text(String(pratica.year))
        names["nome_cartella"] = .text(pratica.folderName)
        names["creata"] = .text(pratica.createdOn?.italian ?? "")
        let account = try engine.account(id: actor.accountId)
        names["ufficio"] = .record(["nome": .text(account?.name ?? ""), "codice": .text(account?.code ?? ""), "intestazione": .text(letterhead.text)])
        // A quote the plugin cannot compute is an error the user must see, not an empty section.
        names["compensi"] = try engine.currentFees(of: pratica, actor: actor).map { fees($0, pratica: pratica) } ?? .empty
        names["progetti"] = .list(
            projects.map { project in
                var fields = formatter.fields(project.fields, definitions: project.kind.schema.fields)
                fields["nome"] = .text(project.name)
                fields["tipo"] = .text(project.kind.label, code: project.kind.id)
                fields["totale_attivo"] = .text(project.attivo.italian)
                fields["totale_passivo"] = .text(project.passivo.italian)
                return .record(fields)
            })
        return .record(names)
    }

    private func fees(_ quote: FeeQuote, pratica: Pratica) -> TemplateValue {
        func amount(_ number: ExactDecimal) -> TemplateValue { .text(FeeQuote.rounded(number).italian) }
        func columns(_ line: FeeQuote.Columns) -> TemplateValue {
            .record(["min": amount(line.min), "medio": amount(line.medio), "max": amount(line.max)])
        }
        func input(_ path: String?) -> TemplateValue {
            guard let path, let value = pratica.fields[path] else { return .empty }
            if case .decimal(let number) = value { return .text(number.italian) }
            return .text(value.displayText)
        }
        let brackets = quote.brackets.map { bracket -> TemplateValue in
            .record([
                "tipo": .text(bracket.kind == "passivo" ? "Passivo" : "Attivo", code: bracket.kind), "da": amount(bracket.from),
                "a": bracket.to.map(amount) ?? .empty, "base": amount(bracket.base),
                "percentuale_min": .text(bracket.percentMin.italian), "percentuale_max": .text(bracket.percentMax.italian),
                "importo_min": amount(bracket.amountMin), "importo_max": amount(bracket.amountMax),
            ])
        }
        let mapping = pratica.type.fees
        return .record([
            "lordo": columns(quote.lordo), "compenso": columns(quote.compenso), "spese_generali": columns(quote.speseGenerali),
            "totale": columns(quote.totale), "forbice": .record(["min": amount(quote.forbice.min), "max": amount(quote.forbice.max)]),
            "scaglioni": .list(brackets), "avvisi": .list(quote.warnings.map { .record(["testo": .text($0)]) }),
            "riduzione": input(mapping?.riduzione), "rimborso": input(mapping?.rimborso),
            "attivo": input(mapping?.attivo), "passivo": input(mapping?.passivo),
        ])
    }

    private func collectReferences(_ value: Value, into ids: inout Set<Int64>) {
        switch value {
        case .reference(let id): ids.insert(id)
        case .list(let items): for element in items { collectReferences(element, into: &ids) }
        case .record(let fields): for element in fields.values { collectReferences(element, into: &ids) }
        default: break
        }
    }
}

/// Turns stored values into what a reader sees: labels, Italian dates and amounts, names.
private struct Formatter {
    let contacts: [Int64: Contact]

    func fields(_ values: [String: Value], definitions: [FieldDefinition]) -> [String: TemplateValue] {
        var names: [String: TemplateValue] = [:]
        for field in definitions { names[field.id] = format(values[field.id], field: field) }
        return names
    }

    func format(_ value: Value?, field: FieldDefinition) -> TemplateValue {
        guard let value, value != .null else { return field.kind.group != nil ? .list([]) : .empty }
        switch (field.kind, value) {
        case (.group(let group), .list(let rows)):
            return .list(rows.map { .record(fields($0.recordValue ?? [:], definitions: group.fields)) })
        case (.contact, .reference(let id)):
            guard let contact = contacts[id] else { return .empty }
            var parts = contact.attributes.mapValues { TemplateValue.text($0) }
            if let born = contact["data_nascita"].flatMap(CalendarDate.init(parsing:)) { parts["data_nascita"] = .text(born.italian) }
            parts["nominativo"] = .text(contact.displayName)
            return .record(parts, text: contact.displayName)
        case (.enumeration(let options), .text(let code)):
            return .text(options.label(for: code) ?? code, code: code)
        case (.boolean, .bool(let flag)):
            return flag ? .text("Sì", code: "si") : .empty
        case (.percent, .decimal(let number)):
            return .text(number.italian)
        default:
            return .text(value.displayText)
        }
    }
}
