import GRDB

/// A file of a pratica as stored; the bytes are in the blob folder under `sha256`.
public struct AttachmentRow: Sendable, Equatable {
    public var id: Int64
    public var praticaId: Int64
    /// The account whose user uploaded it; nil for the debtor's uploads.
    public var uploaderAccountId: Int64?
    /// Who uploaded it, as the audit log names them (a user's e-mail, or the debtor).
    public var uploadedBy: String
    public var name: String
    public var mediaType: String
    public var size: Int64
    public var sha256: String
    public var debtorVisible: Bool
    public var createdAt: String

    public init(
        id: Int64 = 0, praticaId: Int64, uploaderAccountId: Int64?, uploadedBy: String, name: String, mediaType: String,
        size: Int64, sha256: String, debtorVisible: Bool = false, createdAt: String
    ) {
        self.id = id
        self.praticaId = praticaId
        self.uploaderAccountId = uploaderAccountId
        self.uploadedBy = uploadedBy
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
        self.debtorVisible = debtorVisible
        self.createdAt = createdAt
    }

    init(row: Row) {
        self.init(
            id: row["id"], praticaId: row["pratica_id"], uploaderAccountId: row["uploader_account_id"], uploadedBy: row["uploaded_by"],
            name: row["name"], mediaType: row["media_type"], size: row["size"], sha256: row["sha256"],
            debtorVisible: row["debtor_visible"], createdAt: row["created_at"])
    }
}

extension StoreWriter {
    /// Records an uploaded file; returns its id.
    public func insertAttachment(_ row: AttachmentRow) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO attachment (pratica_id, uploader_account_id, uploaded_by, name, media_type, size, sha256, debtor_visible, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                row.praticaId, row.uploaderAccountId, row.uploadedBy, row.name, row.mediaType, row.size, row.sha256,
                row.debtorVisible, row.createdAt,
            ])
        return db.lastInsertedRowID
    }

    /// Forgets a file's record; false when there was none.
    public func deleteAttachment(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM attachment WHERE id = ?", arguments: [id])
        return db.changesCount == 1
    }

    /// Shows a file to the debtor's token area, or hides it.
    public func setAttachmentDebtorVisible(id: Int64, _ visible: Bool) throws {
        try db.execute(sql: "UPDATE attachment SET debtor_visible = ? WHERE id = ?", arguments: [visible, id])
    }
}

extension StoreReader {
    /// One file's record.
    public func attachment(id: Int64) throws -> AttachmentRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM attachment WHERE id = ?", arguments: [id]).map(AttachmentRow.init(row:))
    }

    /// The files of a pratica, oldest first.
    public func attachments(praticaId: Int64) throws -> [AttachmentRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM attachment WHERE pratica_id = ? ORDER BY id", arguments: [praticaId])
            .map(AttachmentRow.init(row:))
    }

    /// Whether any record still names these bytes (then the file must stay).
    public func blobIsReferenced(sha256: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM attachment WHERE sha256 = ? LIMIT 1", arguments: [sha256]) ?? false
    }
}
