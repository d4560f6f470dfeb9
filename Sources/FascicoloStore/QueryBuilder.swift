import GRDB

/// Turns a `PraticaQuery` into SQL over the pratica table and its index tables.
///
/// Filters are written as `p.id IN (subquery)` so that SQLite can drive the search from the most
/// selective index. Sorting by a field walks that field's index; pratiche that lack the field come
/// after all the others, whatever the direction.
struct QueryBuilder {
    let query: PraticaQuery

    init(_ query: PraticaQuery) { self.query = query }

    struct Fragment {
        var sql: String
        var arguments: StatementArguments
    }

    var filter: Fragment {
        var clauses: [String] = []
        var arguments = StatementArguments()
        clauses.append("p.account_id IN (\(marks(query.accountIds.count)))")
        arguments += StatementArguments(query.accountIds)
        if let type = query.type {
            clauses.append("p.type = ?")
            arguments += [type]
        }
        if !query.states.isEmpty {
            clauses.append("p.state IN (\(marks(query.states.count)))")
            arguments += StatementArguments(query.states)
        }
        if let from = query.yearFrom {
            clauses.append("p.year >= ?")
            arguments += [from]
        }
        if let to = query.yearTo {
            clauses.append("p.year <= ?")
            arguments += [to]
        }
        for range in query.dateRanges {
            var conditions: [String] = []
            if let field = range.field { conditions.append("field = ?"); arguments += [field] }
            if let from = range.from { conditions.append("date >= ?"); arguments += [from] }
            if let to = range.to { conditions.append("date <= ?"); arguments += [to] }
            if conditions.isEmpty { conditions.append("1") }
            clauses.append("p.id IN (SELECT pratica_id FROM pratica_date WHERE \(conditions.joined(separator: " AND ")))")
        }
        for filter in query.valueFilters {
            var condition = "field = ?"
            arguments += [filter.field]
            switch filter.match {
            case .anyOf(let values):
                condition += " AND value IN (\(marks(values.count)))"
                arguments += StatementArguments(values.map(\.databaseValue))
            case .range(let from, let to):
                if let from { condition += " AND value >= ?"; arguments += [from.databaseValue] }
                if let to { condition += " AND value <= ?"; arguments += [to.databaseValue] }
            case .contains(let fragment):
                condition += " AND instr(lower(value), lower(?)) > 0"
                arguments += [fragment]
            }
            clauses.append("p.id IN (SELECT pratica_id FROM pratica_value WHERE \(condition))")
        }
        for filter in query.contactFilters {
            var condition = "contact_id IN (\(marks(filter.contactIds.count)))"
            arguments += StatementArguments(filter.contactIds)
            if let field = filter.field { condition += " AND field = ?"; arguments += [field] }
            clauses.append("p.id IN (SELECT pratica_id FROM pratica_contact WHERE \(condition))")
        }
        if let text = query.fullText {
            clauses.append("p.id IN (SELECT rowid FROM pratica_fts WHERE pratica_fts MATCH ?)")
            arguments += [text]
        }
        return Fragment(sql: clauses.joined(separator: " AND "), arguments: arguments)
    }

    func run(_ db: Database) throws -> PraticaPage {
        let filter = self.filter
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM pratica p WHERE \(filter.sql)"),
                                     arguments: filter.arguments) ?? 0
        guard query.limit > 0, query.offset < total else { return PraticaPage(rows: [], total: total) }
        let direction = query.sort.descending ? "DESC" : "ASC"
        let columns = StoreReader.praticaColumns
        switch query.sort.key {
        case .date(let field):
            return try runJoined(db, filter: filter, total: total, table: "pratica_date", column: "date", field: field, direction: direction)
        case .value(let field):
            return try runJoined(db, filter: filter, total: total, table: "pratica_value", column: "value", field: field, direction: direction)
        default:
            let order = orderColumns(direction)
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(columns) FROM pratica p WHERE \(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?"),
                                        arguments: filter.arguments + [query.limit, query.offset])
            return PraticaPage(rows: rows.map(StoreReader.pratica(from:)), total: total)
        }
    }

    private func orderColumns(_ direction: String) -> String {
        switch query.sort.key {
        case .created, .date, .value: return "p.id \(direction)"
        case .updated: return "p.updated_at \(direction), p.id \(direction)"
        case .state: return "p.state \(direction), p.id DESC"
        case .year: return "p.year \(direction), p.id \(direction)"
        case .folderName: return "p.folder_name \(direction), p.id DESC"
        case .protocolNumber: return "p.protocol_year IS NULL, p.protocol_year \(direction), p.protocol_number \(direction), p.id DESC"
        }
    }

    /// Pratiche that have the sort field come first, in its order; those without it follow, newest first.
    private func runJoined(_ db: Database, filter: Fragment, total: Int, table: String, column: String, field: String,
                           direction: String) throws -> PraticaPage {
        let columns = StoreReader.praticaColumns
        let join = "FROM \(table) s CROSS JOIN pratica p ON p.id = s.pratica_id WHERE s.field = ? AND s.row = 0 AND \(filter.sql)"
        let arguments: StatementArguments = [field] + filter.arguments
        var rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(columns) \(join) ORDER BY s.\(column) \(direction), p.id \(direction) LIMIT ? OFFSET ?"),
                                    arguments: arguments + [query.limit, query.offset]).map(StoreReader.pratica(from:))
        if rows.count < query.limit {
            let withField = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) \(join)"), arguments: arguments) ?? 0
            let missing = """
                SELECT \(columns) FROM pratica p WHERE \(filter.sql)
                AND NOT EXISTS (SELECT 1 FROM \(table) s WHERE s.pratica_id = p.id AND s.field = ? AND s.row = 0)
                ORDER BY p.id DESC LIMIT ? OFFSET ?
                """
            rows += try Row.fetchAll(db.cachedStatement(sql: missing),
                                     arguments: filter.arguments + [field, query.limit - rows.count, max(0, query.offset - withField)])
                .map(StoreReader.pratica(from:))
        }
        return PraticaPage(rows: rows, total: total)
    }

    /// `?,?,?` for a list of `count` arguments; `NULL` (matching nothing) for an empty list.
    private func marks(_ count: Int) -> String { count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ",") }
}
