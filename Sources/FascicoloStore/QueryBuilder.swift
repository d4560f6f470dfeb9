import Foundation
import GRDB

/// Turns a `PraticaQuery` into SQL over the pratica table and its index tables.
///
/// Conditions on the pratica's own columns come first. Among the index filters, the most selective
/// one (a contact, the full-text match, a short date range…) becomes the driver, written
/// `p.id IN (subquery)` so that SQLite starts from its index; the others are correlated `EXISTS`
/// checks on candidates only. Pages of small result sets are sorted after filtering; large ones
/// walk the sort key's index. Pratiche lacking the sort field come last, whatever the direction.
struct QueryBuilder {
    let query: PraticaQuery

    /// Above this many matches, a page sorted by a field walks that field's index instead of sorting.
    static let sortAfterFilterLimit = 3_000

    init(_ query: PraticaQuery) { self.query = query }

    struct Fragment {
        var sql: String
        var arguments: StatementArguments
    }

    /// An index filter, before it is written as the driver or as a check.
    private struct IndexFilter {
        let table: String
        let idColumn: String
        let condition: String
        let arguments: StatementArguments
        /// Lower is more selective.
        let rank: Int
    }

    var filter: Fragment {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if query.sharedWith.isEmpty {
            clauses.append("p.account_id IN (\(marks(query.accountIds.count)))")
            arguments += StatementArguments(query.accountIds)
        } else {
            // One id set, owned plus shared, that SQLite builds once: cheap for the professionals who
            // receive shares (they own few pratiche), where an OR would scan the whole table.
            clauses.append(
                """
                p.id IN (SELECT id FROM pratica WHERE account_id IN (\(marks(query.accountIds.count))) \
                UNION ALL SELECT pratica_id FROM pratica_share WHERE account_id IN (\(marks(query.sharedWith.count))))
                """)
            arguments += StatementArguments(query.accountIds) + StatementArguments(query.sharedWith)
        }
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
        if let text = query.fullText, !query.sharedWith.isEmpty, !query.typesHidingFields.isEmpty {
            // A shared pratica of a type with hidden fields must match without them.
            clauses.append(
                """
                (p.account_id IN (\(marks(query.accountIds.count))) OR p.type NOT IN (\(marks(query.typesHidingFields.count))) \
                OR p.id IN (SELECT rowid FROM pratica_shared_fts WHERE pratica_shared_fts MATCH ?))
                """)
            arguments += StatementArguments(query.accountIds) + StatementArguments(query.typesHidingFields) + [text]
        }
        let filters = indexFilters.sorted { $0.rank < $1.rank }
        for (position, filter) in filters.enumerated() {
            if position == 0 && driverAllowed(filter) {
                clauses.append("p.id IN (SELECT \(filter.idColumn) FROM \(filter.table) WHERE \(filter.condition))")
            } else if filter.idColumn == "rowid" {
                clauses.append("p.id IN (SELECT rowid FROM \(filter.table) WHERE \(filter.condition))")
            } else {
                clauses.append("EXISTS (SELECT 1 FROM \(filter.table) x WHERE x.pratica_id = p.id AND \(filter.condition))")
            }
            arguments += filter.arguments
        }
        return Fragment(sql: clauses.joined(separator: " AND "), arguments: arguments)
    }

    /// A wide date range is a poor driver when the states already narrow the candidates.
    private func driverAllowed(_ filter: IndexFilter) -> Bool {
        filter.rank < 5 || query.states.isEmpty
    }

    private var indexFilters: [IndexFilter] {
        var filters: [IndexFilter] = []
        for filter in query.contactFilters {
            var condition = "contact_id IN (\(marks(filter.contactIds.count)))"
            var arguments = StatementArguments(filter.contactIds)
            if let field = filter.field {
                condition += " AND field = ?"
                arguments += [field]
            }
            if !filter.excludedFields.isEmpty {
                condition += " AND field NOT IN (\(marks(filter.excludedFields.count)))"
                arguments += StatementArguments(filter.excludedFields)
            }
            filters.append(IndexFilter(table: "pratica_contact", idColumn: "pratica_id", condition: condition, arguments: arguments, rank: 1))
        }
        if let text = query.fullText {
            filters.append(IndexFilter(table: "pratica_fts", idColumn: "rowid", condition: "pratica_fts MATCH ?", arguments: [text], rank: 2))
        }
        for range in query.dateRanges {
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let field = range.field {
                conditions.append("field = ?")
                arguments += [field]
            }
            if let from = range.from {
                conditions.append("date >= ?")
                arguments += [from]
            }
            if let to = range.to {
                conditions.append("date <= ?")
                arguments += [to]
            }
            if range.searchableOnly { conditions.append("searchable = 1") }
            if !range.excludedFields.isEmpty {
                conditions.append("field NOT IN (\(marks(range.excludedFields.count)))")
                arguments += StatementArguments(range.excludedFields)
            }
            if conditions.isEmpty { conditions.append("1") }
            filters.append(
                IndexFilter(
                    table: "pratica_date", idColumn: "pratica_id", condition: conditions.joined(separator: " AND "),
                    arguments: arguments, rank: Self.days(range).map { $0 <= 31 ? 3 : 5 } ?? 6))
        }
        for filter in query.valueFilters {
            var condition = "field = ?"
            var arguments: StatementArguments = [filter.field]
            let rank: Int
            switch filter.match {
            case .anyOf(let values):
                condition += " AND value IN (\(marks(values.count)))"
                arguments += StatementArguments(values.map(\.databaseValue))
                rank = 4
            case .range(let from, let to):
                if let from {
                    condition += " AND value >= ?"
                    arguments += [from.databaseValue]
                }
                if let to {
                    condition += " AND value <= ?"
                    arguments += [to.databaseValue]
                }
                rank = 6
            case .contains(let fragment):
                condition += " AND instr(lower(value), lower(?)) > 0"
                arguments += [fragment]
                rank = 7
            }
            filters.append(IndexFilter(table: "pratica_value", idColumn: "pratica_id", condition: condition, arguments: arguments, rank: rank))
        }
        return filters
    }

    /// The number of days a range spans, when both ends are ISO dates.
    private static func days(_ range: PraticaQuery.DateRange) -> Int? {
        guard let from = range.from, let to = range.to, from.count == 10, to.count == 10 else { return nil }
        func number(_ iso: String) -> Int? {
            let parts = iso.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return parts[0] * 372 + parts[1] * 31 + parts[2]
        }
        guard let start = number(from), let end = number(to) else { return nil }
        return end - start
    }

    func run(_ db: Database) throws -> PraticaPage {
        let filter = self.filter
        let sortTable: (table: String, column: String, field: String)?
        switch query.sort.key {
        case .date(let field): sortTable = ("pratica_date", "date", field)
        case .value(let field): sortTable = ("pratica_value", "value", field)
        default: sortTable = nil
        }
        if hasSelectiveFilter, let sortTable,
            let page = try onePass(db, filter: filter, table: sortTable.table, column: sortTable.column, field: sortTable.field)
        {
            return page
        }
        let total =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM pratica p WHERE \(filter.sql)"),
                arguments: filter.arguments) ?? 0
        guard query.limit > 0, query.offset < total else { return PraticaPage(rows: [], total: total) }
        let direction = query.sort.descending ? "DESC" : "ASC"
        let columns = StoreReader.praticaColumns
        let sql: String
        var arguments = filter.arguments
        if let sortTable, total > Self.sortAfterFilterLimit {
            return try walkSortIndex(
                db, filter: filter, total: total, table: sortTable.table, column: sortTable.column,
                field: sortTable.field, direction: direction)
        } else if let sortTable {
            sql = """
                SELECT \(columns) FROM pratica p
                LEFT JOIN \(sortTable.table) s ON s.pratica_id = p.id AND s.field = ? AND s.row = 0
                WHERE \(filter.sql)
                ORDER BY s.\(sortTable.column) IS NULL, s.\(sortTable.column) \(direction), p.id \(direction) LIMIT ? OFFSET ?
                """
            arguments = [sortTable.field] + arguments
        } else {
            sql = "SELECT \(columns) FROM pratica p WHERE \(filter.sql) ORDER BY \(orderColumns(direction)) LIMIT ? OFFSET ?"
        }
        let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments + [query.limit, query.offset])
        return PraticaPage(rows: rows.map { StoreReader.pratica(from: $0) }, total: total)
    }

    /// Whether a filter usually leaves few pratiche: a contact, or a date range of at most a month.
    /// (States, years and wide ranges can match most of the archive; then counting first is cheaper.)
    private var hasSelectiveFilter: Bool {
        indexFilters.contains { $0.rank == 1 || $0.rank == 3 }
    }

    /// A filtered page sorted by a field, in one pass over the matches: every match's id and sort
    /// key are read once (their number is the total), the page is sorted here, and only its rows
    /// are read. Nil when more than `sortAfterFilterLimit` match (the index walk is then cheaper).
    private func onePass(_ db: Database, filter: Fragment, table: String, column: String, field: String) throws -> PraticaPage? {
        let keyed = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT p.id, s.\(column) FROM pratica p
                    LEFT JOIN \(table) s ON s.pratica_id = p.id AND s.field = ? AND s.row = 0
                    WHERE \(filter.sql) LIMIT ?
                    """), arguments: [field] + filter.arguments + [Self.sortAfterFilterLimit + 1])
        guard keyed.count <= Self.sortAfterFilterLimit else { return nil }
        let order = SortOrder(descending: query.sort.descending)
        let ids = keyed.map { SortOrder.Entry(id: $0[0], key: $0[1]) }.sorted(by: order.precedes)
            .dropFirst(query.offset).prefix(query.limit).map(\.id)
        guard !ids.isEmpty else { return PraticaPage(rows: [], total: keyed.count) }
        let rows = try Row.fetchAll(
            db, sql: "SELECT \(StoreReader.praticaColumns) FROM pratica p WHERE p.id IN (\(marks(ids.count)))",
            arguments: StatementArguments(ids)
        ).map { StoreReader.pratica(from: $0) }
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        return PraticaPage(rows: ids.compactMap { byId[$0] }, total: keyed.count)
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

    /// For large result sets: walk the sort field's index in order, then append the pratiche that
    /// lack the field (newest first).
    private func walkSortIndex(
        _ db: Database, filter: Fragment, total: Int, table: String, column: String, field: String,
        direction: String
    ) throws -> PraticaPage {
        let columns = StoreReader.praticaColumns
        let join = "FROM \(table) s CROSS JOIN pratica p ON p.id = s.pratica_id WHERE s.field = ? AND s.row = 0 AND \(filter.sql)"
        let arguments: StatementArguments = [field] + filter.arguments
        var rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(columns) \(join) ORDER BY s.\(column) \(direction), p.id \(direction) LIMIT ? OFFSET ?"),
            arguments: arguments + [query.limit, query.offset]
        ).map { StoreReader.pratica(from: $0) }
        if rows.count < query.limit {
            let withField = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) \(join)"), arguments: arguments) ?? 0
            let missing = """
                SELECT \(columns) FROM pratica p WHERE \(filter.sql)
                AND NOT EXISTS (SELECT 1 FROM \(table) s WHERE s.pratica_id = p.id AND s.field = ? AND s.row = 0)
                ORDER BY p.id DESC LIMIT ? OFFSET ?
                """
            rows += try Row.fetchAll(
                db.cachedStatement(sql: missing),
                arguments: filter.arguments + [field, query.limit - rows.count, max(0, query.offset - withField)]
            )
            .map { StoreReader.pratica(from: $0) }
        }
        return PraticaPage(rows: rows, total: total)
    }

    /// `?,?,?` for a list of `count` arguments; `NULL` (matching nothing) for an empty list.
    private func marks(_ count: Int) -> String { count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ",") }
}

extension StoreReader {
    /// The pratiche a query selects, in id order, `limit` at a time after id `after` (keyset
    /// paging: no count, no offset). With `keys`, each row's JSON holds only those keys (missing
    /// ones as null), extracted by SQLite, so that reading five fields of a hundred thousand
    /// pratiche does not decode their whole documents. For reports, which read everything a query
    /// matches. Keys are bound as parameters, never written into the SQL.
    public func scan(_ query: PraticaQuery, keys: [String]?, after: Int64, limit: Int) throws -> [PraticaRow] {
        let filter = QueryBuilder(query).filter
        var document = "p.fields"
        var arguments = StatementArguments()
        if let keys {
            document = "json_object(" + keys.map { _ in "?, p.fields -> ?" }.joined(separator: ", ") + ")"
            for key in keys { arguments += [key, "$.\"\(key)\""] }
        }
        let sql = "SELECT \(StoreReader.praticaColumns(document: document)) FROM pratica p WHERE \(filter.sql) AND p.id > ? ORDER BY p.id LIMIT ?"
        return try Row.fetchAll(db, sql: sql, arguments: arguments + filter.arguments + [after, limit]).map { StoreReader.pratica(from: $0) }
    }

    /// Every creation and state change of the pratiche a query selects, by pratica and time.
    public func stateChanges(_ query: PraticaQuery) throws -> [StateChangeRow] {
        let filter = QueryBuilder(query).filter
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
        let filter = QueryBuilder(query).filter
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
