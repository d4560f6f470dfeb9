import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// The built-in values a change set may carry besides typed fields.
struct Builtins {
    var state: String?
    var year: Int?
    var folderName: String?
    /// A protocol typed by hand; empty to remove it.
    var protocolText: String?
    var issues: [FieldIssue] = []

    /// Removes the built-ins from `fields` and reads them.
    static func extract(from fields: inout [String: Value], type: PraticaType) -> Builtins {
        var builtins = Builtins()
        if let state = fields.removeValue(forKey: BuiltinField.stato.rawValue), !state.isBlank {
            builtins.state = state.displayText
        }
        if let year = fields.removeValue(forKey: BuiltinField.anno.rawValue), !year.isBlank {
            if let number = FieldCoercion.integer(of: year), (1900...9999).contains(number) {
                builtins.year = Int(number)
            } else {
                builtins.issues.append(FieldIssue(field: "anno", message: "anno non valido"))
            }
        }
        if let folder = fields.removeValue(forKey: BuiltinField.nome_cartella.rawValue), !folder.isBlank {
            if let name = folder.textValue?.trimmingWhitespace(), name.count <= 200, !name.hasControlCharacters() {
                builtins.folderName = name
            } else {
                builtins.issues.append(FieldIssue(field: BuiltinField.nome_cartella.rawValue, message: "testo di al massimo 200 caratteri atteso"))
            }
        }
        if let field = type.protocolField, let manual = fields.removeValue(forKey: field.id) {
            if manual.isBlank {
                builtins.protocolText = ""
            } else if let text = manual.textValue, text.count <= 40 {
                builtins.protocolText = text
            } else {
                builtins.issues.append(FieldIssue(field: field.id, message: "protocollo non valido: scrivere ad esempio 2026/0042"))
            }
        }
        return builtins
    }

    /// The state a new pratica starts in: the one asked for (which must be initial) or the first initial.
    func initialState(type: PraticaType, anyState: Bool) throws -> String {
        guard let state else { return type.initialStates[0].id }
        guard let definition = type.state(state), definition.initial || anyState else {
            let allowed = type.initialStates.map(\.id).joined(separator: ", ")
            throw FascicoloError.validation(issues + [FieldIssue(field: "stato", message: "una nuova pratica può iniziare solo in: \(allowed)")])
        }
        return state
    }
}

extension Engine {
    /// Checks a document against its type and returns it in canonical form with the contacts it
    /// links (for indexing). `builtinIssues` (from `Builtins.extract`) are reported together with
    /// the fields' own issues. Every linked contact must belong to `owner`, the account that owns
    /// the pratica. When `editor` is another account (the pratica is shared with it), a contact
    /// not linked in a field of `before` it may see must also be one that account may already
    /// read: it cannot link the owner's other contacts to read them, nor learn which ids exist
    /// (the refusal is the same).
    func validate(
        _ fields: [String: Value], type: PraticaType, builtinIssues: [FieldIssue], owner: Int64, editor: Actor,
        before: [String: Value], reader: StoreReader
    ) throws -> (document: [String: Value], contacts: [ContactRow]) {
        let document: [String: Value]
        switch DocumentValidator(type: type, today: today()).validate(fields) {
        case .success(let valid) where builtinIssues.isEmpty: document = valid
        case .success: throw FascicoloError.validation(builtinIssues)
        case .failure(.validation(let issues)): throw FascicoloError.validation(builtinIssues + issues)
        case .failure(let error): throw error
        }
        let links = ContactLinks.collect(document, type: type)
        let contacts = try reader.contacts(ids: Array(Set(links.map(\.id))))
        let found = Dictionary(contacts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Only what the editor could see before counts as "already linked": a contact linked in a
        // field hidden from it must not become readable by copying its id into a visible field.
        // (A link left where it was, even in a hidden field, stays valid.)
        let linkedBefore =
            editor.accountId == owner ? [] : Set(ContactLinks.collect(type.visibleToShared(before), type: type).map(\.id))
        let unchanged = editor.accountId == owner ? [] : Set(ContactLinks.collect(before, type: type).map { "\($0.path)#\($0.id)" })
        let issues = try links.compactMap { link -> FieldIssue? in
            guard let contact = found[link.id], contact.accountId == owner,
                try editor.accountId == owner || linkedBefore.contains(link.id) || unchanged.contains("\(link.path)#\(link.id)")
                    || reader.contactIsShared(link.id, with: editor.accountId, hiddenFields: sharedHiddenPaths)
            else {
                return FieldIssue(field: link.path, message: "contatto inesistente nell'anagrafica")
            }
            return nil
        }
        if !issues.isEmpty { throw FascicoloError.validation(issues) }
        try checkPraticaLinks(document, type: type, owner: owner, reader: reader)
        return (document, contacts)
    }

    /// Each link to another pratica names a pratica of the same office, of an allowed type.
    private func checkPraticaLinks(_ document: [String: Value], type: PraticaType, owner: Int64, reader: StoreReader) throws {
        let issues = try type.praticaLinkFields.compactMap { field -> FieldIssue? in
            guard case .integer(let id)? = document[field.id], case .praticaLink(let allowed) = field.kind else { return nil }
            guard let linked = try reader.pratica(id: id), linked.accountId == owner else {
                return FieldIssue(field: field.id, message: "pratica collegata inesistente", conflictsWithStoredData: true)
            }
            guard allowed.isEmpty || allowed.contains(linked.type) else {
                let labels = allowed.map { project.type($0)?.label ?? $0 }.joined(separator: ", ")
                return FieldIssue(field: field.id, message: "la pratica collegata deve essere di tipo: \(labels)", conflictsWithStoredData: true)
            }
            return nil
        }
        if !issues.isEmpty { throw FascicoloError.validation(issues) }
    }

    /// The next protocol: the plugin's `protocol` hook when it has one (checked free), else the
    /// first free number of the year in the default format.
    func nextProtocol(_ pratica: PraticaSnapshot, writer: StoreWriter) throws -> ProtocolSlot {
        guard pratica.type.protocolField != nil else {
            throw FascicoloError.invalidRequest("la tipologia '\(pratica.type.id)' non prevede un protocollo")
        }
        let excluded: Int64? = pratica.row.id == 0 ? nil : pratica.row.id
        if let slot = try protocolHook(pratica, writer: writer) {
            if let holder = try writer.reader.praticaId(accountId: pratica.owner, series: slot.series, year: slot.year, number: slot.number),
                holder != excluded
            {
                throw FascicoloError.protocolTaken(slot.text)
            }
            return slot
        }
        let year = pratica.row.year
        let series = pratica.type.protocolSeries
        let number = try writer.firstFreeProtocolNumber(accountId: pratica.owner, series: series, year: year)
        return ProtocolSlot(series: series, year: year, number: number, text: ProtocolNumber.defaultText(year: year, number: number, series: series))
    }

    /// A protocol typed by hand (`42`, `2026/0042`, `BE-2026/0042`), in the series of `type`.
    func manualProtocol(_ text: String, year: Int, type: PraticaType, actor: Actor, excluding id: Int64?, writer: StoreWriter) throws
        -> ProtocolSlot
    {
        let series = type.protocolSeries
        guard let parsed = ProtocolNumber.parse(text, series: series) else {
            throw FascicoloError.validation([FieldIssue(field: "protocollo", message: "protocollo non valido: scrivere ad esempio 2026/0042 o 42")])
        }
        let protocolYear = parsed.year ?? year
        let formatted = ProtocolNumber.defaultText(year: protocolYear, number: parsed.number, series: series)
        if let holder = try writer.reader.praticaId(accountId: actor.accountId, series: series, year: protocolYear, number: parsed.number),
            holder != id
        {
            throw FascicoloError.protocolTaken(formatted)
        }
        return ProtocolSlot(series: series, year: protocolYear, number: parsed.number, text: formatted)
    }

    /// The stored row and its type, if the actor's account owns the pratica.
    /// A pratica the actor's account owns: the only kind it may change. A pratica merely shared
    /// with the account is refused in words; any other is "not found".
    func ownedRow(id: Int64, actor: Actor, reader: StoreReader) throws -> (PraticaRow, PraticaType) {
        let (row, type) = try visibleRow(id: id, actor: actor, reader: reader)
        guard row.accountId == actor.accountId else { throw Self.sharedReadOnly }
        return (row, type)
    }

    /// What a shared account is told when it tries what only the owner may do.
    static let sharedReadOnly = FascicoloError.forbidden("la pratica è condivisa in sola lettura: solo l'account proprietario la modifica")

    /// A pratica the actor's account owns or receives as a share (reads only).
    func visibleRow(id: Int64, actor: Actor, reader: StoreReader) throws -> (PraticaRow, PraticaType) {
        guard let row = try reader.pratica(id: id), try row.accountId == actor.accountId || reader.isShared(praticaId: id, with: actor.accountId)
        else {
            throw FascicoloError.notFound("pratica \(id)")
        }
        return (row, try type(row.type))
    }

    func decode(_ row: PraticaRow, type: PraticaType) -> [String: Value] {
        DocumentCodec.decode(row.fields, type: type)
    }

    /// The pratica as `viewer` may see it: whole for its owner, without the fields hidden from
    /// shared accounts for an account it is shared with. `viewer: nil` is for the engine's own
    /// reads (the debtor's summary, which then picks its fields; the owner's export).
    func makePratica(_ row: PraticaRow, type: PraticaType, viewer: Actor?) -> Pratica {
        let fields = decode(row, type: type)
        let shared = viewer.map { $0.accountId != row.accountId } ?? false
        return Pratica(
            id: row.id, type: type, accountId: row.accountId, year: row.year, state: row.state, folderName: row.folderName,
            protocolNumber: row.protocolSlot.map { ProtocolNumber(year: $0.year, number: $0.number, text: $0.text) },
            fields: shared ? type.visibleToShared(fields) : fields, createdAt: row.createdAt, updatedAt: row.updatedAt,
            version: row.version)
    }

    /// The index rows of a pratica, reading the contacts it links.
    func makeIndex(_ pratica: PraticaSnapshot, reader: StoreReader) throws -> PraticaIndex {
        let ids = Array(Set(ContactLinks.collect(pratica.document, type: pratica.type).map(\.id)))
        return makeIndex(pratica, contacts: try reader.contacts(ids: ids))
    }

    /// The index rows of a pratica whose linked contacts are already at hand.
    func makeIndex(_ pratica: PraticaSnapshot, contacts: [ContactRow]) -> PraticaIndex {
        let texts = Dictionary(
            contacts.map { ($0.id, [$0.displayName, $0.codiceFiscale ?? ""].joined(separator: " ")) },
            uniquingKeysWith: { a, _ in a })
        return PraticaIndexer(type: pratica.type, contactText: texts)
            .index(
                fields: pratica.document, createdOn: String(pratica.row.createdAt.prefix(10)), folderName: pratica.row.folderName,
                protocolText: pratica.row.protocolSlot?.text)
    }

    /// The folder name proposed on creation: the date of opening (or today) and the protocol.
    static func defaultFolderName(document: [String: Value], protocolText: String?, today: CalendarDate) -> String {
        let opened = document["data_apertura"]?.dateValue ?? today
        return ["Pratica del \(opened.italian)", protocolText.map { "prot. \($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// One audit entry per built-in column and typed field that differs between the two.
    static func auditChanges(before: PraticaSnapshot, after: PraticaSnapshot) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        func record(_ field: String, _ old: String?, _ new: String?) {
            guard old != new else { return }
            entries.append(
                AuditEntry(
                    at: after.row.updatedAt, actor: after.actor.name, subject: "pratica", subjectId: after.row.id,
                    action: "update", field: field, oldValue: old, newValue: new))
        }
        record("anno", String(before.row.year), String(after.row.year))
        record("nome_cartella", before.row.folderName, after.row.folderName)
        if let field = after.type.protocolField { record(field.id, before.row.protocolSlot?.text, after.row.protocolSlot?.text) }
        for field in after.type.fields {
            record(field.id, before.document[field.id].map(auditText), after.document[field.id].map(auditText))
        }
        return entries
    }

    /// How a value is written in the audit log: texts, dates and amounts as plain text, lists and
    /// records as compact JSON.
    static func auditText(_ value: Value) -> String {
        if case .string(let text) = DocumentCodec.json(value) { return text }
        return DocumentCodec.json(value).compact
    }
}

/// Contact references inside a document, with their paths.
enum ContactLinks {
    /// The document with each contact id replaced through `map`, and the paths of references
    /// that `map` does not know (left as they were).
    static func remap(_ document: [String: Value], type: PraticaType, map: [Int64: Int64]) -> (document: [String: Value], unknown: [String]) {
        var unknown: [String] = []
        func swap(_ value: Value, path: String) -> Value {
            switch value {
            case .reference(let id), .integer(let id):
                if let mapped = map[id] { return .reference(mapped) }
                unknown.append(path)
                return value
            default:
                return value
            }
        }
        var result = document
        for field in type.fields {
            guard let value = document[field.id] else { continue }
            if let group = field.kind.group, let rows = value.listValue {
                let contactFields = group.fields.filter { if case .contact = $0.kind { true } else { false } }.map(\.id)
                result[field.id] = .list(
                    rows.enumerated().map { offset, row in
                        guard var record = row.recordValue else { return row }
                        for id in contactFields { record[id] = record[id].map { swap($0, path: "\(field.id)[\(offset + 1)].\(id)") } }
                        return .record(record)
                    })
            } else if case .contact = field.kind {
                result[field.id] = swap(value, path: field.id)
            }
        }
        return (result, unknown)
    }

    static func collect(_ document: [String: Value], type: PraticaType) -> [(path: String, id: Int64)] {
        var links: [(path: String, id: Int64)] = []
        for field in type.fields {
            guard let value = document[field.id] else { continue }
            if let group = field.kind.group {
                for (offset, row) in (value.listValue ?? []).enumerated() {
                    for sub in group.fields {
                        if let id = row.recordValue?[sub.id]?.referenceValue { links.append(("\(field.id)[\(offset + 1)].\(sub.id)", id)) }
                    }
                }
            } else if let id = value.referenceValue {
                links.append((field.id, id))
            }
        }
        return links
    }
}

/// One line of a pratica's history.
public struct HistoryEntry: Sendable {
    public let at: String
    public let actor: String
    public let action: String
    public let field: String?
    public let oldValue: String?
    public let newValue: String?

    init(_ entry: AuditEntry, valuesShown: Bool = true) {
        at = entry.at
        actor = entry.actor
        action = entry.action
        field = entry.field
        oldValue = valuesShown ? entry.oldValue : nil
        newValue = valuesShown ? entry.newValue : nil
    }
}
