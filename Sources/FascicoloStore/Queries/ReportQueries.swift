import GRDB

extension StoreReader {
    /// The ids of every pratica a query selects, owned and shared, in ascending order (for
    /// reports, which read everything a query matches; see `ListPlanner.allIds`).
    public func matchingIds(_ query: PraticaQuery) throws -> [Int64] {
        try ListPlanner(query: query, db: db).allIds()
    }

    /// The pratiche with these ids, in the order given. With `keys`, each row's JSON holds only
    /// those keys (missing ones as null), extracted by SQLite, so that reading five fields of a
    /// hundred thousand pratiche does not decode their whole documents. Keys are bound as
    /// parameters, never written into the SQL.
    public func pratiche(ids: [Int64], keys: [String]?) throws -> [PraticaRow] {
        guard !ids.isEmpty else { return [] }
        var document = "p.fields"
        var arguments = StatementArguments()
        if let keys {
            document = "json_object(" + keys.map { _ in "?, p.fields -> ?" }.joined(separator: ", ") + ")"
            for key in keys { arguments += [key, "$.\"\(key)\""] }
        }
        let sql = "SELECT \(StoreReader.praticaColumns(document: document)) FROM pratica p WHERE p.id IN (\(marks(ids.count)))"
        // A cursor decodes each row where SQLite left it, without copying it into a `Row` first.
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments + StatementArguments(ids))
        var byId: [Int64: PraticaRow] = [:]
        byId.reserveCapacity(ids.count)
        while let row = try cursor.next() {
            let pratica = StoreReader.pratica(from: row)
            byId[pratica.id] = pratica
        }
        return ids.compactMap { byId[$0] }
    }

    /// Every creation and state change of the pratiche a query selects, by pratica and time.
    public func stateChanges(_ query: PraticaQuery) throws -> [StateChangeRow] {
        let filter = ListPredicates(query).whereClause(on: "p")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT subject_id, at, old_value, new_value FROM audit
                WHERE subject = 'pratica' AND subject_id IN (SELECT p.id FROM pratica p WHERE \(filter.sql))
                  AND field = 'stato' AND action IN ('create', 'transition', 'import') AND new_value IS NOT NULL
                ORDER BY subject_id, id
                """, arguments: filter.arguments
        ).map { StateChangeRow(praticaId: $0[0], at: $0[1], from: $0[2], to: $0[3]) }
    }

    /// The state each pratica a query selects had at the end of `day` (ISO date): the last state
    /// it entered by then. Pratiche created later are absent.
    public func statesOn(_ day: String, _ query: PraticaQuery) throws -> [(Int64, String)] {
        let filter = ListPredicates(query).whereClause(on: "p")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT subject_id, new_value, max(id) FROM audit
                WHERE subject = 'pratica' AND subject_id IN (SELECT p.id FROM pratica p WHERE \(filter.sql))
                  AND field = 'stato' AND action IN ('create', 'transition', 'import') AND new_value IS NOT NULL
                  AND substr(at, 1, 10) <= ?
                GROUP BY subject_id
                """, arguments: filter.arguments + [day]
        ).map { ($0[0], $0[1]) }
    }
}
