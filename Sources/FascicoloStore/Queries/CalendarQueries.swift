import GRDB

/// How many dates of one field fall on one day, among the pratiche a query selects.
public struct CalendarCount: Sendable {
    public let date: String
    public let field: String
    public let count: Int
    /// Whether they are dates of pratiche shared with the caller (not owned).
    public let shared: Bool
}

extension StoreReader {
    /// Per day and field, how many dates between two ISO dates (inclusive) the pratiche a query
    /// selects have: a month of a large archive is counted from the day index, not listed.
    public func calendarCounts(_ query: PraticaQuery, from: String, to: String) throws -> [CalendarCount] {
        try calendarParts(query) { source, shared in
            let sql = "SELECT d.date, d.field, count(*) \(source.sql) AND d.date BETWEEN ? AND ? GROUP BY d.date, d.field"
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: source.arguments + [from, to]).map {
                CalendarCount(date: $0[0], field: $0[1], count: $0[2], shared: shared)
            }
        }
    }

    /// The first `limit` dates of one day (ISO) among the pratiche a query selects, by pratica,
    /// with the pratica's title and the group row's `descrizione`.
    public func calendarDay(_ query: PraticaQuery, day: String, limit: Int) throws -> [CalendarRow] {
        let found = try calendarParts(query) { source, _ in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT d.pratica_id, d.field, d.row \(source.sql) AND d.date = ? ORDER BY d.pratica_id, d.field, d.row LIMIT ?"),
                arguments: source.arguments + [day, limit]
            ).map { (id: $0[0] as Int64, field: $0[1] as String, row: $0[2] as Int) }
        }
        let shown = found.sorted { ($0.id, $0.field, $0.row) < ($1.id, $1.field, $1.row) }.prefix(limit)
        return try shown.compactMap { entry in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT p.type, p.account_id, coalesce(p.protocol_text, p.folder_name),
                               CASE WHEN ? > 0 THEN json_extract(p.fields, '$.' || substr(?, 1, instr(?, '.') - 1) || '[' || (? - 1) || '].descrizione') END
                        FROM pratica p WHERE p.id = ?
                        """), arguments: [entry.row, entry.field, entry.field, entry.row, entry.id]
            ).map {
                CalendarRow(
                    date: day, field: entry.field, row: entry.row, praticaId: entry.id, type: $0[0], accountId: $0[1], title: $0[2],
                    description: $0[3])
            }
        }
    }

    /// Runs `body` on the dates of the pratiche the accounts own (from the day index, inside their
    /// scope) and, when they receive shares, on those of the pratiche shared with them; each
    /// source is `FROM … WHERE …` with `d` the date rows, every filter applied as a probe.
    private func calendarParts<T>(_ query: PraticaQuery, _ body: (Fragment, Bool) throws -> [T]) throws -> [T] {
        let predicates = ListPredicates(query)
        let scope = ListScope(query)
        var owned = [scope.columns("d")] + predicates.all().map { $0.probe("d.pratica_id") }
        if let years = scope.yearProbe(on: "d.pratica_id") { owned.append(years) }
        let ownedWhere = Fragment.all(owned)
        var results = try body(Fragment("FROM pratica_date d INDEXED BY pratica_date_by_day WHERE \(ownedWhere.sql)", ownedWhere.arguments), false)
        if !query.sharedWith.isEmpty {
            var shared = [Fragment("s.account_id IN (\(marks(query.sharedWith.count)))", StatementArguments(query.sharedWith))]
            if !scope.types.isEmpty { shared.append(Fragment("d.type IN (\(marks(scope.types.count)))", StatementArguments(scope.types))) }
            if let states = scope.stateCheck("d") { shared.append(states) }
            shared += predicates.all(sharedText: true).map { $0.probe("d.pratica_id") }
            if let years = scope.yearProbe(on: "d.pratica_id") { shared.append(years) }
            let sharedWhere = Fragment.all(shared)
            results += try body(
                Fragment(
                    "FROM pratica_share s CROSS JOIN pratica_date d ON d.pratica_id = s.pratica_id WHERE \(sharedWhere.sql)", sharedWhere.arguments),
                true)
        }
        return results
    }
}
