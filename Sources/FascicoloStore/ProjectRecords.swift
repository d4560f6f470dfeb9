import GRDB

/// A project of a pratica as stored: its kind, name and typed data as JSON text.
public struct ProjectRow: Sendable, Equatable {
    public var id: Int64
    public var praticaId: Int64
    public var kind: String
    public var name: String
    public var fields: String
    public var createdAt: String
    public var updatedAt: String
    public var version: Int64

    public init(
        id: Int64 = 0, praticaId: Int64, kind: String, name: String, fields: String, createdAt: String, updatedAt: String,
        version: Int64 = 1
    ) {
        self.id = id
        self.praticaId = praticaId
        self.kind = kind
        self.name = name
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    init(row: Row) {
        self.init(
            id: row["id"], praticaId: row["pratica_id"], kind: row["kind"], name: row["name"], fields: row["fields"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], version: row["version"])
    }
}

extension StoreWriter {
    /// Records a new project; returns its id.
    public func insertProject(_ row: ProjectRow) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO project (pratica_id, kind, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [row.praticaId, row.kind, row.name, row.fields, row.createdAt, row.updatedAt])
        return db.lastInsertedRowID
    }

    /// Replaces the contacts a project links.
    public func setProjectContacts(projectId: Int64, _ contactIds: Set<Int64>) throws {
        try db.execute(sql: "DELETE FROM project_contact WHERE project_id = ?", arguments: [projectId])
        let insert = try db.cachedStatement(sql: "INSERT INTO project_contact (project_id, contact_id) VALUES (?, ?)")
        for id in contactIds.sorted() { try insert.execute(arguments: [projectId, id]) }
    }

    /// Saves a project's name and data if it is still at `row.version`; a stale version is
    /// `StoreError.conflict`, never an overwrite.
    public func updateProject(_ row: ProjectRow) throws {
        try db.execute(
            sql: """
                UPDATE project SET name = ?, fields = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?
                """, arguments: [row.name, row.fields, row.updatedAt, row.id, row.version])
        try ensureOneRowChanged(table: "project", id: row.id, expected: row.version)
    }

    /// Deletes a project; false when there was none.
    public func deleteProject(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM project WHERE id = ?", arguments: [id])
        return db.changesCount == 1
    }
}

extension StoreReader {
    public func project(id: Int64) throws -> ProjectRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM project WHERE id = ?", arguments: [id]).map(ProjectRow.init(row:))
    }

    /// The projects of a pratica, oldest first.
    public func projects(praticaId: Int64) throws -> [ProjectRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM project WHERE pratica_id = ? ORDER BY id", arguments: [praticaId]).map(ProjectRow.init(row:))
    }
}
