import GRDB

extension StoreReader {
    /// The fields each type hid from shared accounts when its pratiche were last indexed
    /// (comma-separated paths), by type id.
    public func indexedVisibility() throws -> [String: String] {
        try Dictionary(
            Row.fetchAll(db, sql: "SELECT type, hidden_paths FROM type_visibility").map { ($0[0] as String, $0[1] as String) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The ids of every pratica of a type, whatever its account, in ascending order.
    public func praticaIds(ofType type: String) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM pratica WHERE type = ? ORDER BY id", arguments: [type])
    }
}

extension StoreWriter {
    /// Records the fields a type hides from shared accounts, as its pratiche are now indexed.
    public func recordVisibility(type: String, hiddenPaths: String) throws {
        try db.execute(
            sql:
                "INSERT INTO type_visibility (type, hidden_paths) VALUES (?, ?) ON CONFLICT (type) DO UPDATE SET hidden_paths = excluded.hidden_paths",
            arguments: [type, hiddenPaths])
    }
}
