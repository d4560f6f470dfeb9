import GRDB

/// One account a pratica is shared with.
public struct ShareRow: Sendable, Hashable {
    public let accountId: Int64
    public let createdAt: String
}

extension StoreWriter {
    /// Shares a pratica with an account; sharing twice is `StoreError.duplicate`.
    public func insertShare(praticaId: Int64, accountId: Int64, at timestamp: String) throws {
        try translatingConstraints("condivisione") {
            try db.execute(
                sql: "INSERT INTO pratica_share (pratica_id, account_id, created_at) VALUES (?, ?, ?)",
                arguments: [praticaId, accountId, timestamp])
        }
    }

    /// Ends a share; false when there was none.
    public func deleteShare(praticaId: Int64, accountId: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM pratica_share WHERE pratica_id = ? AND account_id = ?", arguments: [praticaId, accountId])
        return db.changesCount == 1
    }
}

extension StoreReader {
    /// The accounts a pratica is shared with, oldest share first.
    public func shares(praticaId: Int64) throws -> [ShareRow] {
        try Row.fetchAll(
            db, sql: "SELECT account_id, created_at FROM pratica_share WHERE pratica_id = ? ORDER BY created_at, account_id",
            arguments: [praticaId]
        ).map { ShareRow(accountId: $0[0], createdAt: $0[1]) }
    }

    /// The accounts an owner has shared any of its pratiche with.
    public func shareTargets(ofOwner accountId: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT DISTINCT s.account_id FROM pratica_share s JOIN pratica p ON p.id = s.pratica_id WHERE p.account_id = ?
                """, arguments: [accountId])
    }

    /// Whether a pratica is shared with an account.
    public func isShared(praticaId: Int64, with accountId: Int64) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM pratica_share WHERE pratica_id = ? AND account_id = ?"),
            arguments: [praticaId, accountId]) ?? false
    }

    /// Whether any pratica is shared with an account (then its lists include shared pratiche).
    public func receivesShares(_ accountId: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM pratica_share WHERE account_id = ? LIMIT 1"), arguments: [accountId]) ?? false
    }

    /// Whether a contact is linked in a pratica shared with an account (it may then see the
    /// contact), in a field other than `hiddenFields`, or in one of the pratica's projects.
    public func contactIsShared(_ contactId: Int64, with accountId: Int64, hiddenFields: [String]) throws -> Bool {
        // Without hidden fields every field counts (`NOT IN (NULL)` would count none).
        let visibleField =
            hiddenFields.isEmpty ? "" : "AND c.field NOT IN (\(Array(repeating: "?", count: hiddenFields.count).joined(separator: ",")))"
        return try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT 1 FROM pratica_contact c JOIN pratica_share s ON s.pratica_id = c.pratica_id
                    WHERE c.contact_id = ? AND s.account_id = ? \(visibleField)
                    UNION ALL
                    SELECT 1 FROM project_contact c JOIN project p ON p.id = c.project_id JOIN pratica_share s ON s.pratica_id = p.pratica_id
                    WHERE c.contact_id = ? AND s.account_id = ?
                    LIMIT 1
                    """), arguments: [contactId, accountId] + StatementArguments(hiddenFields) + [contactId, accountId]) ?? false
    }
}
