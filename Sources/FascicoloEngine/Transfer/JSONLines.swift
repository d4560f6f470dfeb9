import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// The outcome of an import: how many lines went in, and each line that did not, with its number.
public struct ImportReport: Sendable {
    public var contacts = 0
    public var pratiche = 0
    public var failures: [(line: Int, message: String)] = []
}

extension Engine {
    /// Imports JSON Lines as written by `export`: `{"record":"contatto",…}` and `{"record":"pratica",…}`.
    /// Contacts come before the pratiche that link them, and links are remapped to the new ids; a
    /// pratica linking a contact that is not in the file is refused (never linked to another
    /// contact that happens to have that id). A failing line is reported with its number and the
    /// others go in.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func importLines(_ lines: some Sequence<String>, actor: Actor, progress: (Int) -> Void = { _ in }) throws -> ImportReport {
        try actor.require(.modifica)
        var report = ImportReport()
        var contactMap: [Int64: Int64] = [:]
        var batch: [(Int, String)] = []
        var number = 0
        func flush() throws {
            try writing { writer in
                for (line, text) in batch {
                    do {
                        try writer.savepoint { try importLine(text, actor: actor, writer: writer, contactMap: &contactMap, report: &report) }
                    } catch {
                        report.failures.append((line, Self.message(for: error)))
                    }
                }
            }
            progress(number)
            batch.removeAll(keepingCapacity: true)
        }
        try bulkLoading {
            for text in lines {
                number += 1
                guard !text.trimmingWhitespace().isEmpty else { continue }
                batch.append((number, text))
                if batch.count == 500 { try flush() }
            }
            if !batch.isEmpty { try flush() }
        }
        return report
    }

    private func importLine(_ text: String, actor: Actor, writer: StoreWriter, contactMap: inout [Int64: Int64], report: inout ImportReport) throws {
        let json = try JSONParser.parse(text)
        switch json["record"]?.stringValue {
        case "contatto":
            guard let kind = json["tipo"]?.stringValue.flatMap(Contact.Kind.init(rawValue:)) else {
                throw FascicoloError.validation([FieldIssue(field: "tipo", message: Wording.invalidContactKind)])
            }
            var attributes: [String: String] = [:]
            for name in ContactFields.all { if let value = json[name]?.stringValue { attributes[name] = value } }
            let id = try addContact(kind: kind, attributes: attributes, actor: actor, writer: writer)
            if let source = json["id"]?.integerValue { contactMap[source] = id }
            report.contacts += 1
        case "pratica":
            guard let typeId = json["tipo"]?.stringValue else {
                throw FascicoloError.validation([FieldIssue(field: "tipo", message: Wording.required)])
            }
            let type = try self.type(typeId)
            guard case .record(let raw)? = json["campi"].map(DocumentCodec.value) else {
                throw FascicoloError.validation([FieldIssue(field: "campi", message: "atteso un oggetto con i campi della pratica")])
            }
            let remapped = ContactLinks.remap(raw, type: type, map: contactMap)
            guard remapped.unknown.isEmpty else {
                throw FascicoloError.validation(
                    remapped.unknown.map {
                        FieldIssue(field: $0, message: "il contatto collegato non è tra i contatti del file")
                    })
            }
            var fields = remapped.document
            for key in ["stato", "anno", "nome_cartella"] { if let value = json[key] { fields[key] = DocumentCodec.value(value) } }
            if let field = type.protocolField, let text = json["protocollo"]?.stringValue { fields[field.id] = .text(text) }
            let stamps = try ImportedStamps(createdAt: json["creata"]?.stringValue) ?? ImportedStamps(createdAt: LocalClock.timestamp())!
            _ = try create(NewPratica(type: typeId, fields: fields), actor: actor, writer: writer, restoring: stamps)
            report.pratiche += 1
        default:
            throw FascicoloError.validation([FieldIssue(field: "record", message: "atteso \"contatto\" o \"pratica\"")])
        }
    }

    /// Every contact and pratica of the actor's account as JSON Lines, contacts first, read from
    /// one consistent snapshot of the database.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func exportLines(actor: Actor, write: (String) throws -> Void) throws {
        var pratiche = ListRequest()
        pratiche.sort = "creata"
        pratiche.pageSize = 500
        var query = try makeQuery(pratiche, actor: actor)
        query.sharedWith = []  // the account's own pratiche only: shared ones belong to their owner's export
        try reading { reader in
            var offset = 0
            while true {
                let page = try reader.contacts(accountId: actor.accountId, matching: nil, limit: 500, offset: offset)
                for row in page.rows {
                    guard case .object(let pairs) = PraticaJSON.encode(Self.makeContact(row)) else { continue }
                    try write(JSON.object([("record", .string("contatto"))] + pairs).compact)
                }
                offset += page.rows.count
                if page.rows.count < 500 { break }
            }
            while true {
                let page = try reader.list(query)
                for row in page.rows {
                    guard case .object(let pairs) = PraticaJSON.encode(makePratica(row, type: try type(row.type), viewer: actor)) else { continue }
                    try write(JSON.object([("record", .string("pratica"))] + pairs).compact)
                }
                query.offset += page.rows.count
                if page.rows.count < 500 { break }
            }
        }
    }

    /// A user-facing message for any error raised while importing a line (never with personal data).
    static func message(for error: Error) -> String {
        switch error {
        case let error as FascicoloError: return error.description
        case let error as JSONParser.Failure: return error.description
        case let error as StoreError: return error.userError.description
        default: return "errore interno"
        }
    }
}
