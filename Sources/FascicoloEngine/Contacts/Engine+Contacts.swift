import FascicoloCore
import FascicoloSchema
import FascicoloStore

extension Engine {
    /// Adds a contact to the actor's anagrafica. A codice fiscale already present is refused.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func addContact(kind: Contact.Kind, attributes: [String: String], actor: Actor) throws -> Contact {
        try actor.require(.modifica)
        let id = try writing { try addContact(kind: kind, attributes: attributes, actor: actor, writer: $0) }
        return try contact(id: id, actor: actor)
    }

    func addContact(kind: Contact.Kind, attributes: [String: String], actor: Actor, writer: StoreWriter) throws -> Int64 {
        let valid = try ContactValidator(reference: project.reference, today: today()).validate(kind: kind, input: attributes).get()
        let now = LocalClock.timestamp()
        let row = ContactRow(
            accountId: actor.accountId, kind: kind.rawValue, document: Self.encode(valid),
            displayName: ContactFields.displayName(kind: kind, attributes: valid),
            codiceFiscale: valid["codice_fiscale"], createdAt: now, updatedAt: now)
        let id = try writer.insertContact(row, searchText: Self.searchText(valid))
        try writer.appendAudit([AuditEntry(at: now, actor: actor.name, subject: "contact", subjectId: id, action: "create")])
        return id
    }

    /// Changes a contact of the actor's own anagrafica (others may use it, only its owner edits it).
    /// Pratiche that link it are re-indexed in the same transaction, so searches find the new name.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func updateContact(id: Int64, expectedVersion: Int64, kind: Contact.Kind, attributes: [String: String], actor: Actor) throws -> Contact {
        try actor.require(.modifica)
        try writing { writer in
            guard var row = try writer.reader.contact(id: id), row.accountId == actor.accountId else {
                throw FascicoloError.notFound("contatto \(id)")
            }
            guard row.version == expectedVersion else { throw FascicoloError.conflict(expected: expectedVersion, actual: row.version) }
            let before = Self.decodeAttributes(row.document)
            let valid = try ContactValidator(reference: project.reference, today: today()).validate(kind: kind, input: attributes).get()
            let changed = ContactFields.all.filter { before[$0] != valid[$0] }
            guard !changed.isEmpty || row.kind != kind.rawValue else { return }
            var audit = changed.map {
                AuditEntry(
                    at: LocalClock.timestamp(), actor: actor.name, subject: "contact", subjectId: id, action: "update",
                    field: $0, oldValue: before[$0], newValue: valid[$0])
            }
            if row.kind != kind.rawValue {
                audit.append(
                    AuditEntry(
                        at: LocalClock.timestamp(), actor: actor.name, subject: "contact", subjectId: id, action: "update",
                        field: "tipo", oldValue: row.kind, newValue: kind.rawValue))
            }
            row.kind = kind.rawValue
            row.document = Self.encode(valid)
            row.displayName = ContactFields.displayName(kind: kind, attributes: valid)
            row.codiceFiscale = valid["codice_fiscale"]
            row.updatedAt = LocalClock.timestamp()
            _ = try writer.updateContact(row, searchText: Self.searchText(valid))
            try writer.appendAudit(audit)
            for praticaId in try writer.reader.praticaIds(linking: id) {
                guard let pratica = try writer.reader.pratica(id: praticaId) else { continue }
                let type = try self.type(pratica.type)
                let snapshot = PraticaSnapshot(type: type, row: pratica, document: decode(pratica, type: type), actor: actor)
                try writer.reindexPratica(id: praticaId, index: try makeIndex(snapshot, reader: writer.reader))
            }
        }
        return try contact(id: id, actor: actor)
    }

    /// A contact of the actor's anagrafica.
    /// The display names of the contacts among `ids` that the actor may see (its own, and those
    /// linked in pratiche shared with its account), in one read.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func contactNames(ids: Set<Int64>, actor: Actor) throws -> [Int64: String] {
        try contacts(ids: ids, actor: actor).mapValues(\.displayName)
    }

    /// The contacts among `ids` that the actor may see (as `contactNames`), by id, in one read.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func contacts(ids: Set<Int64>, actor: Actor) throws -> [Int64: Contact] {
        guard !ids.isEmpty else { return [:] }
        return try reading { reader in
            try reader.contacts(ids: Array(ids)).filter {
                try $0.accountId == actor.accountId || reader.contactIsShared($0.id, with: actor.accountId, hiddenFields: sharedHiddenPaths)
            }
        }.reduce(into: [:]) { $0[$1.id] = Self.makeContact($1) }
    }

    /// A contact of the actor's anagrafica, or one linked in a pratica shared with the actor's
    /// account (readable, never editable: see `updateContact`).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func contact(id: Int64, actor: Actor) throws -> Contact {
        try reading { reader in
            guard let row = try reader.contact(id: id),
                try row.accountId == actor.accountId || reader.contactIsShared(id, with: actor.accountId, hiddenFields: sharedHiddenPaths)
            else {
                throw FascicoloError.notFound("contatto \(id)")
            }
            return Self.makeContact(row)
        }
    }

    /// A page of the actor's contacts, optionally matching words (name, codice fiscale, comune…), by name.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func contacts(matching text: String? = nil, page: Int = 1, pageSize: Int = 50, actor: Actor) throws -> (contacts: [Contact], total: Int) {
        guard (1...1_000_000).contains(page), (1...500).contains(pageSize) else { throw FascicoloError.invalidRequest("pagina non valida") }
        let expression = text.flatMap(ContactSearchText.expression)
        let result = try reading { try $0.contacts(accountId: actor.accountId, matching: expression, limit: pageSize, offset: (page - 1) * pageSize) }
        return (result.rows.map(Self.makeContact), result.total)
    }

    static func makeContact(_ row: ContactRow) -> Contact {
        Contact(
            id: row.id, accountId: row.accountId, kind: Contact.Kind(rawValue: row.kind) ?? .fisica,
            attributes: decodeAttributes(row.document), version: row.version)
    }

    static func encode(_ attributes: [String: String]) -> String {
        JSON.object(attributes.keys.sorted().map { ($0, .string(attributes[$0]!)) }).compact
    }

    static func decodeAttributes(_ document: String) -> [String: String] {
        guard let pairs = (try? JSONParser.parse(document))?.objectValue else { return [:] }
        return Dictionary(pairs.compactMap { key, value in value.stringValue.map { (key, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    static func searchText(_ attributes: [String: String]) -> String {
        ["cognome", "nome", "denominazione", "codice_fiscale", "partita_iva", "comune", "email", "pec"].compactMap { attributes[$0] }
            .joined(separator: " ")
    }
}
