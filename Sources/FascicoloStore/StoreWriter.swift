import GRDB

/// Intent-named writes inside one transaction. Obtained from `Store.write`.
public struct StoreWriter {
    let db: Database

    /// Reads inside the same transaction (they see this transaction's writes).
    public var reader: StoreReader { StoreReader(db: db) }

    /// Creates an account; a taken code is `StoreError.duplicate`.
    public func insertAccount(_ account: AccountRow, at timestamp: String) throws -> Int64 {
        try translatingConstraints("codice account") {
            try db.execute(
                sql: "INSERT INTO account (code, name, kind, created_at) VALUES (?, ?, ?, ?)",
                arguments: [account.code, account.name, account.kind, timestamp])
        }
        return db.lastInsertedRowID
    }

    /// Inserts a pratica with its index rows; returns its id.
    public func insertPratica(_ row: PraticaRow, index: PraticaIndex) throws -> Int64 {
        try translatingConstraints("protocollo") {
            try db.cachedStatement(
                sql: """
                    INSERT INTO pratica (type, account_id, year, state, folder_name, protocol_series, protocol_year,
                                         protocol_number, protocol_text, fields, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """
            ).execute(arguments: [
                row.type, row.accountId, row.year, row.state, row.folderName,
                row.protocolSlot?.series ?? "", row.protocolSlot?.year, row.protocolSlot?.number,
                row.protocolSlot?.text, row.fields, row.createdAt, row.updatedAt,
            ])
        }
        let id = db.lastInsertedRowID
        try insertIndex(praticaId: id, index)
        return id
    }

    /// Replaces a pratica's columns and, when given, its index, if its stored version is still
    /// `row.version`; returns the new version. A stale version is `StoreError.conflict`, never an
    /// overwrite. Pass a nil index only when nothing indexed changed (a state change).
    public func updatePratica(_ row: PraticaRow, index: PraticaIndex?) throws -> Int64 {
        try translatingConstraints("protocollo") {
            try db.cachedStatement(
                sql: """
                    UPDATE pratica SET year = ?, state = ?, folder_name = ?, protocol_series = ?, protocol_year = ?,
                        protocol_number = ?, protocol_text = ?, fields = ?, updated_at = ?, version = version + 1
                    WHERE id = ? AND version = ?
                    """
            ).execute(arguments: [
                row.year, row.state, row.folderName, row.protocolSlot?.series ?? "",
                row.protocolSlot?.year, row.protocolSlot?.number, row.protocolSlot?.text, row.fields,
                row.updatedAt, row.id, row.version,
            ])
        }
        try ensureOneRowChanged(table: "pratica", id: row.id, expected: row.version)
        if let index { try reindexPratica(id: row.id, index: index) }
        return row.version + 1
    }

    /// Replaces a pratica's index rows without touching the pratica (after a linked contact changed).
    public func reindexPratica(id: Int64, index: PraticaIndex) throws {
        for table in ["pratica_date", "pratica_value", "pratica_contact"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE pratica_id = ?").execute(arguments: [id])
        }
        try db.cachedStatement(sql: "DELETE FROM pratica_fts WHERE rowid = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM pratica_shared_fts WHERE rowid = ?").execute(arguments: [id])
        try insertIndex(praticaId: id, index)
    }

    /// Writes the index rows of a pratica, each with the pratica's account, type and state (read
    /// from its row, which is written first; the state follows later changes by trigger).
    private func insertIndex(praticaId: Int64, _ index: PraticaIndex) throws {
        guard
            let scope = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT account_id, type, state FROM pratica WHERE id = ?"), arguments: [praticaId])
        else { throw StoreError.notFound }
        let (account, type, state): (Int64, String, String) = (scope[0], scope[1], scope[2])
        let date = try db.cachedStatement(
            sql: "INSERT INTO pratica_date (pratica_id, field, row, date, searchable, account_id, type, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for entry in index.dates {
            try date.execute(arguments: [praticaId, entry.field, entry.row, entry.date, entry.searchable, account, type, state])
        }
        let value = try db.cachedStatement(
            sql: "INSERT INTO pratica_value (pratica_id, field, row, value, account_id, type, state) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for entry in index.values {
            try value.execute(arguments: [praticaId, entry.field, entry.row, entry.value.databaseValue, account, type, state])
        }
        let contact = try db.cachedStatement(sql: "INSERT INTO pratica_contact (pratica_id, field, row, contact_id) VALUES (?, ?, ?, ?)")
        for entry in index.contacts { try contact.execute(arguments: [praticaId, entry.field, entry.row, entry.contactId]) }
        try db.cachedStatement(sql: "INSERT INTO pratica_fts (rowid, text) VALUES (?, ?)").execute(arguments: [praticaId, index.searchText])
        if let shared = index.sharedSearchText {
            try db.cachedStatement(sql: "INSERT INTO pratica_shared_fts (rowid, text) VALUES (?, ?)").execute(arguments: [praticaId, shared])
        }
    }

    /// The smallest protocol number not yet used in this account, series and year.
    ///
    /// A counter row keeps a hint below which every number is taken, so this is a couple of index
    /// lookups rather than a scan; `releaseProtocolNumber` lowers the hint when a number is freed.
    /// The unique index on the pratica table remains the guarantee against duplicates.
    public func firstFreeProtocolNumber(accountId: Int64, series: String, year: Int) throws -> Int {
        var candidate =
            try Int.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT first_free FROM protocol_counter WHERE account_id = ? AND series = ? AND year = ?
                        """), arguments: [accountId, series, year]) ?? 1
        let taken = try db.cachedStatement(
            sql: """
                SELECT 1 FROM pratica WHERE account_id = ? AND protocol_series = ? AND protocol_year = ? AND protocol_number = ?
                """)
        while try Int.fetchOne(taken, arguments: [accountId, series, year, candidate]) != nil { candidate += 1 }
        try storeHint(candidate, accountId: accountId, series: series, year: year)
        return candidate
    }

    /// Lowers the first-free hint when a number stops being used (a protocol changed or removed).
    public func releaseProtocolNumber(accountId: Int64, slot: ProtocolSlot) throws {
        try db.cachedStatement(
            sql: """
                UPDATE protocol_counter SET first_free = min(first_free, ?) WHERE account_id = ? AND series = ? AND year = ?
                """
        ).execute(arguments: [slot.number, accountId, slot.series, slot.year])
    }

    private func storeHint(_ value: Int, accountId: Int64, series: String, year: Int) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO protocol_counter (account_id, series, year, first_free) VALUES (?, ?, ?, ?)
                ON CONFLICT (account_id, series, year) DO UPDATE SET first_free = excluded.first_free
                """
        ).execute(arguments: [accountId, series, year, value])
    }

    /// Appends lines to the audit log.
    public func appendAudit(_ entries: [AuditEntry]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO audit (at, actor, subject, subject_id, action, field, old_value, new_value)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in entries {
            try statement.execute(arguments: [
                entry.at, entry.actor, entry.subject, entry.subjectId, entry.action,
                entry.field, entry.oldValue, entry.newValue,
            ])
        }
    }

    /// Inserts a contact and its search text; a codice fiscale already in the account is `StoreError.duplicate`.
    public func insertContact(_ row: ContactRow, searchText: String) throws -> Int64 {
        try translatingConstraints("codice_fiscale") {
            try db.cachedStatement(
                sql: """
                    INSERT INTO contact (account_id, kind, document, display_name, codice_fiscale, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1)
                    """
            ).execute(arguments: [
                row.accountId, row.kind, row.document, row.displayName, row.codiceFiscale,
                row.createdAt, row.updatedAt,
            ])
        }
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO contact_fts (rowid, text) VALUES (?, ?)").execute(arguments: [id, searchText])
        return id
    }

    /// Updates a contact if its version is still `row.version`; returns the new version.
    public func updateContact(_ row: ContactRow, searchText: String) throws -> Int64 {
        try translatingConstraints("codice_fiscale") {
            try db.execute(
                sql: """
                    UPDATE contact SET kind = ?, document = ?, display_name = ?, codice_fiscale = ?, updated_at = ?,
                        version = version + 1 WHERE id = ? AND version = ?
                    """, arguments: [row.kind, row.document, row.displayName, row.codiceFiscale, row.updatedAt, row.id, row.version])
        }
        try ensureOneRowChanged(table: "contact", id: row.id, expected: row.version)
        try db.execute(sql: "DELETE FROM contact_fts WHERE rowid = ?", arguments: [row.id])
        try db.execute(sql: "INSERT INTO contact_fts (rowid, text) VALUES (?, ?)", arguments: [row.id, searchText])
        return row.version + 1
    }

    /// Runs `body` in a savepoint: if it throws, only its own writes are undone and the error is rethrown.
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: Result<T, Error>!
        try db.inSavepoint {
            result = Result { try body() }
            if case .failure = result { return .rollback }
            return .commit
        }
        return try result.get()
    }

    /// After a versioned update: a conflict when the row exists at another version, not found when gone.
    func ensureOneRowChanged(table: String, id: Int64, expected: Int64) throws {
        guard db.changesCount != 1 else { return }
        let actual = try Int64.fetchOne(db, sql: "SELECT version FROM \(table) WHERE id = ?", arguments: [id])
        throw actual.map { StoreError.conflict(expected: expected, actual: $0) } ?? StoreError.notFound
    }

    func translatingConstraints(_ what: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            throw StoreError.duplicate(what)
        }
    }
}

/// Store failures the engine turns into user messages. They never carry statement arguments.
public enum StoreError: Error, Equatable, Sendable {
    case notFound
    case conflict(expected: Int64, actual: Int64)
    /// A uniqueness constraint refused the write; the payload names what was duplicated.
    case duplicate(String)
    /// The work's `ExecutionBudget` ran out (or was cancelled) while a statement ran: it was
    /// interrupted and the transaction rolled back.
    case interrupted
}

extension IndexValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        }
    }
}
