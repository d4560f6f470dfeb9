import GRDB

/// Intent-named reads. Obtained from `Store.read` (a snapshot) or `StoreWriter.reader`.
public struct StoreReader {
    let db: Database

    static let praticaColumns = praticaColumns(document: "p.fields")

    /// The columns `pratica(from:)` reads, with `document` as the JSON of the fields.
    static func praticaColumns(document: String) -> String {
        """
        p.id, p.type, p.account_id, p.year, p.state, p.folder_name, p.protocol_series, p.protocol_year,
        p.protocol_number, p.protocol_text, \(document), p.created_at, p.updated_at, p.version
        """
    }

    /// The pratica with this id, whatever its account (callers apply permissions).
    public func pratica(id: Int64) throws -> PraticaRow? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(Self.praticaColumns) FROM pratica p WHERE p.id = ?"),
            arguments: [id]
        ).map { Self.pratica(from: $0) }
    }

    /// Reads a pratica selected with `praticaColumns` starting at column `offset` (by position:
    /// looking columns up by name costs more than decoding them).
    static func pratica(from row: Row, offset: Int = 0) -> PraticaRow {
        let number: Int? = row[offset + 8]
        let slot = number.map { ProtocolSlot(series: row[offset + 6], year: row[offset + 7], number: $0, text: row[offset + 9] ?? "") }
        return PraticaRow(
            id: row[offset], type: row[offset + 1], accountId: row[offset + 2], year: row[offset + 3],
            state: row[offset + 4], folderName: row[offset + 5], protocolSlot: slot, fields: row[offset + 10],
            createdAt: row[offset + 11], updatedAt: row[offset + 12], version: row[offset + 13])
    }

    /// The pratica holding this protocol number, if any.
    public func praticaId(accountId: Int64, series: String, year: Int, number: Int) throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT id FROM pratica WHERE account_id = ? AND protocol_series = ? AND protocol_year = ? AND protocol_number = ?
                """, arguments: [accountId, series, year, number])
    }

    /// The account's pratiche of `type` whose link field `field` names the pratica `target`, the
    /// first `limit` of them.
    public func praticaIds(linking target: Int64, accountId: Int64, type: String, field: String, limit: Int) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(
                sql: "SELECT pratica_id FROM pratica_value WHERE account_id = ? AND type = ? AND field = ? AND value = ? ORDER BY pratica_id LIMIT ?"),
            arguments: [accountId, type, field, target, limit])
    }

    /// The type of the most recently created pratica the account owns or has been shared, if any.
    public func newestPraticaType(accountId: Int64) throws -> String? {
        let own = try Row.fetchOne(db, sql: "SELECT id, type FROM pratica WHERE account_id = ? ORDER BY id DESC LIMIT 1", arguments: [accountId])
        let shared = try Row.fetchOne(
            db,
            sql: """
                SELECT p.id, p.type FROM pratica_share s JOIN pratica p ON p.id = s.pratica_id
                WHERE s.account_id = ? ORDER BY p.id DESC LIMIT 1
                """, arguments: [accountId])
        let newest = [own, shared].compactMap { $0 }.max { (($0["id"] as Int64?) ?? 0) < (($1["id"] as Int64?) ?? 0) }
        return newest?["type"]
    }

    /// Ids of the pratiche that link `contactId` in any field.
    public func praticaIds(linking contactId: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT DISTINCT pratica_id FROM pratica_contact WHERE contact_id = ?", arguments: [contactId])
    }

    /// All accounts, by id.
    public func accounts() throws -> [AccountRow] {
        try Row.fetchAll(db, sql: "SELECT id, code, name, kind FROM account ORDER BY id").map(Self.account(from:))
    }

    /// The account with this id, if any.
    public func account(id: Int64) throws -> AccountRow? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT id, code, name, kind FROM account WHERE id = ?"), arguments: [id]).map(Self.account(from:))
    }

    private static func account(from row: Row) -> AccountRow {
        AccountRow(id: row["id"], code: row["code"], name: row["name"], kind: row["kind"])
    }

    /// The contact with this id.
    public func contact(id: Int64) throws -> ContactRow? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM contact WHERE id = ?"), arguments: [id]).map(Self.contact(from:))
    }

    /// The contacts with these ids (missing ids are skipped), read 500 at a time so that any
    /// number of ids stays within SQLite's limit on bound parameters.
    public func contacts(ids: [Int64]) throws -> [ContactRow] {
        var rows: [ContactRow] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let batch = Array(ids[start..<min(start + 500, ids.count)])
            let marks = Array(repeating: "?", count: batch.count).joined(separator: ",")
            rows += try Row.fetchAll(db, sql: "SELECT * FROM contact WHERE id IN (\(marks))", arguments: StatementArguments(batch))
                .map(Self.contact(from:))
        }
        return rows
    }

    /// How many contacts the database holds, of every account.
    public func contactCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM contact") ?? 0
    }

    /// A page of an account's contacts, optionally matching an FTS5 expression, by name.
    public func contacts(accountId: Int64, matching expression: String?, limit: Int, offset: Int) throws -> (rows: [ContactRow], total: Int) {
        var filter = "c.account_id = ?"
        var arguments: StatementArguments = [accountId]
        if let expression {
            filter += " AND c.id IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)"
            arguments += [expression]
        }
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM contact c WHERE \(filter)", arguments: arguments) ?? 0
        let rows = try Row.fetchAll(
            db, sql: "SELECT c.* FROM contact c WHERE \(filter) ORDER BY c.display_name, c.id LIMIT ? OFFSET ?",
            arguments: arguments + [limit, offset]
        ).map(Self.contact(from:))
        return (rows, total)
    }

    static func contact(from row: Row) -> ContactRow {
        ContactRow(
            id: row["id"], accountId: row["account_id"], kind: row["kind"], document: row["document"],
            displayName: row["display_name"], codiceFiscale: row["codice_fiscale"], createdAt: row["created_at"],
            updatedAt: row["updated_at"], version: row["version"])
    }

    /// The audit log of one subject, oldest first.
    public func audit(subject: String, id: Int64) throws -> [AuditEntry] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE subject = ? AND subject_id = ? ORDER BY id", arguments: [subject, id]).map {
            AuditEntry(
                id: $0["id"], at: $0["at"], actor: $0["actor"], subject: $0["subject"], subjectId: $0["subject_id"],
                action: $0["action"], field: $0["field"], oldValue: $0["old_value"], newValue: $0["new_value"])
        }
    }

    /// One page of pratiche and the total count of matches.
    public func list(_ query: PraticaQuery) throws -> PraticaPage {
        try ListPlanner(query: query, db: db).run()
    }
}

/// One date of one pratica, for the calendar.
public struct CalendarRow: Sendable {
    public let date: String
    /// `udienze.data`, `data_apertura`, `creata`.
    public let field: String
    /// The 1-based group row, 0 at top level.
    public let row: Int
    public let praticaId: Int64
    public let type: String
    /// The owning account.
    public let accountId: Int64
    /// The protocol, or the folder name when there is none.
    public let title: String
    /// The `descrizione` of the group row, if it has one.
    public let description: String?
}

/// A page of a list query.
public struct PraticaPage: Sendable {
    public let rows: [PraticaRow]
    /// The number of matches, on every page.
    public let total: Int
}

/// One change of state of a pratica, from the audit log (its creation has no `from`).
public struct StateChangeRow: Sendable {
    public let praticaId: Int64
    public let at: String
    public let from: String?
    public let to: String
}
