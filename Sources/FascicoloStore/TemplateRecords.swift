import Foundation
import GRDB

/// An uploaded document template as stored; `content` is read only when the file is needed.
public struct TemplateRow: Sendable, Equatable {
    public var id: Int64
    public var accountId: Int64
    public var typeId: String
    public var label: String
    public var fileName: String
    public var uploadedBy: String
    public var uploadedAt: String

    public init(id: Int64 = 0, accountId: Int64, typeId: String, label: String, fileName: String, uploadedBy: String, uploadedAt: String) {
        self.id = id
        self.accountId = accountId
        self.typeId = typeId
        self.label = label
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }

    init(row: Row) {
        self.init(
            id: row["id"], accountId: row["account_id"], typeId: row["type_id"], label: row["label"], fileName: row["file_name"],
            uploadedBy: row["uploaded_by"], uploadedAt: row["uploaded_at"])
    }
}

/// An office's letterhead: its logo's bytes (PNG or JPEG) and the text under it.
public struct LetterheadRow: Sendable, Equatable {
    public var logo: Data?
    public var text: String

    public init(logo: Data?, text: String) {
        self.logo = logo
        self.text = text
    }
}

extension StoreWriter {
    /// Records an uploaded template; returns its id.
    public func insertTemplate(_ row: TemplateRow, content: Data) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO document_template (account_id, type_id, label, file_name, content, uploaded_by, uploaded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [row.accountId, row.typeId, row.label, row.fileName, content, row.uploadedBy, row.uploadedAt])
        return db.lastInsertedRowID
    }

    /// Deletes one of the account's templates; false when it has none with this id.
    public func deleteTemplate(id: Int64, accountId: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM document_template WHERE id = ? AND account_id = ?", arguments: [id, accountId])
        return db.changesCount == 1
    }

    /// Sets the account's letterhead text; with `logo`, replaces the logo too (`.some(nil)`
    /// removes it), otherwise the stored logo stays untouched (not even read).
    public func saveLetterhead(accountId: Int64, text: String, logo: Data?? = .none, at moment: String) throws {
        try db.execute(
            sql: """
                INSERT INTO letterhead (account_id, text, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(account_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
                """, arguments: [accountId, text, moment])
        if case .some(let logo) = logo {
            try db.execute(sql: "UPDATE letterhead SET logo = ? WHERE account_id = ?", arguments: [logo, accountId])
        }
    }
}

extension StoreReader {
    /// The account's templates, by type and label.
    public func templates(accountId: Int64) throws -> [TemplateRow] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, account_id, type_id, label, file_name, uploaded_by, uploaded_at FROM document_template
                WHERE account_id = ? ORDER BY type_id, label COLLATE NOCASE, id
                """, arguments: [accountId]
        ).map(TemplateRow.init(row:))
    }

    /// One of the account's templates with its bytes, or nil.
    public func template(id: Int64, accountId: Int64) throws -> (TemplateRow, Data)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM document_template WHERE id = ? AND account_id = ?", arguments: [id, accountId])
        else {
            return nil
        }
        return (TemplateRow(row: row), row["content"])
    }

    /// The account's letterhead text and whether it has a logo (without reading the logo).
    public func letterheadSummary(accountId: Int64) throws -> (text: String, hasLogo: Bool) {
        let row = try Row.fetchOne(db, sql: "SELECT text, logo IS NOT NULL FROM letterhead WHERE account_id = ?", arguments: [accountId])
        return (row?[0] ?? "", row?[1] ?? false)
    }

    /// The account's letterhead, or nil when it never set one.
    public func letterhead(accountId: Int64) throws -> LetterheadRow? {
        try Row.fetchOne(db, sql: "SELECT logo, text FROM letterhead WHERE account_id = ?", arguments: [accountId]).map {
            LetterheadRow(logo: $0["logo"], text: $0["text"])
        }
    }
}
