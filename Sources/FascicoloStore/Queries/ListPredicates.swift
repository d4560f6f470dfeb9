import GRDB

/// SQL with its arguments.
struct Fragment {
    var sql: String
    var arguments: StatementArguments

    init(_ sql: String, _ arguments: StatementArguments = []) {
        self.sql = sql
        self.arguments = arguments
    }

    /// `a AND b AND …`; `1` when there is nothing to join.
    static func all(_ parts: [Fragment]) -> Fragment {
        guard !parts.isEmpty else { return Fragment("1") }
        return Fragment(parts.map { "(\($0.sql))" }.joined(separator: " AND "), parts.reduce(StatementArguments()) { $0 + $1.arguments })
    }
}

/// `?,?,?` for `count` arguments; `NULL` (matching nothing) for none.
func marks(_ count: Int) -> String { count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ",") }

/// Where a list looks: the pratiche its accounts own, of its type (or types), in its states.
struct ListScope {
    let accountIds: [Int64]
    /// Empty: any type.
    let types: [String]
    /// Empty: any state.
    let states: [String]
    let yearFrom: Int?
    let yearTo: Int?

    init(_ query: PraticaQuery) {
        accountIds = query.accountIds
        types = query.type.map { [$0] } ?? []
        states = query.states
        yearFrom = query.yearFrom
        yearTo = query.yearTo
    }

    /// The scope on a table carrying `account_id`, `type` and `state` (the pratica row or an index table).
    /// `withStates: false` leaves the states to `stateCheck` (a walk must see, and count, every
    /// entry it passes over).
    func columns(_ alias: String, withStates: Bool = true) -> Fragment {
        var parts = [Fragment("\(alias).account_id IN (\(marks(accountIds.count)))", StatementArguments(accountIds))]
        if !types.isEmpty { parts.append(Fragment("\(alias).type IN (\(marks(types.count)))", StatementArguments(types))) }
        if withStates, let states = stateCheck(alias) { parts.append(states) }
        return Fragment.all(parts)
    }

    /// The states, on a table carrying `state`; nil when the list has none.
    func stateCheck(_ alias: String) -> Fragment? {
        states.isEmpty ? nil : Fragment("\(alias).state IN (\(marks(states.count)))", StatementArguments(states))
    }

    /// The years, on a table carrying `year` (the pratica row); nil when the list has none.
    func years(_ alias: String) -> Fragment? {
        var parts: [Fragment] = []
        if let yearFrom { parts.append(Fragment("\(alias).year >= ?", [yearFrom])) }
        if let yearTo { parts.append(Fragment("\(alias).year <= ?", [yearTo])) }
        return parts.isEmpty ? nil : Fragment.all(parts)
    }

    /// The years as a check of the pratica whose id is `id`.
    func yearProbe(on id: String) -> Fragment? {
        years("py").map { Fragment("EXISTS (SELECT 1 FROM pratica py WHERE py.id = \(id) AND \($0.sql))", $0.arguments) }
    }
}

/// One filter of a list, two ways: as the index range it reads (to drive a query from it, inside
/// the scope) and as a check of one candidate pratica (a probe by primary key).
struct ListPredicate {
    /// `SELECT … AS id FROM …`: the ids in the filter's index range, within the scope.
    let driver: Fragment
    /// Whether the driver yields each pratica once (a top-level field); else ids may repeat.
    let unique: Bool
    /// The condition on a candidate whose id is the SQL expression given.
    let probe: (String) -> Fragment
    /// For a range over one field: the field's table, column and bounds, so that a list sorted by
    /// that same field can walk the range itself in order.
    var range: FieldRange?

    struct FieldRange {
        let table: String
        let column: String
        let field: String
        let condition: Fragment
    }
}

/// The filters of a query as predicates: dates, values, contacts, the full-text match.
struct ListPredicates {
    let query: PraticaQuery
    let scope: ListScope

    init(_ query: PraticaQuery) {
        self.query = query
        self.scope = ListScope(query)
    }

    /// Every filter, for the pratiche the accounts own. `sharedText` selects, for shared pratiche of
    /// types hiding fields, the full-text index without those fields.
    func all(sharedText: Bool = false) -> [ListPredicate] {
        query.dateRanges.map(date) + query.valueFilters.map(value) + query.contactFilters.map(contact)
            + (query.fullText.map { [fullText($0, shared: sharedText)] } ?? [])
    }

    /// Every condition of the query on the pratica aliased `alias` (owned or shared), for reads
    /// that take every match (reports, the calendar): the scope, then each filter as a probe.
    func whereClause(on alias: String) -> Fragment {
        var owners = Fragment("\(alias).account_id IN (\(marks(query.accountIds.count)))", StatementArguments(query.accountIds))
        if !query.sharedWith.isEmpty {
            owners.sql =
                "(\(owners.sql) OR \(alias).id IN (SELECT pratica_id FROM pratica_share WHERE account_id IN (\(marks(query.sharedWith.count)))))"
            owners.arguments += StatementArguments(query.sharedWith)
        }
        var parts = [owners]
        if !scope.types.isEmpty { parts.append(Fragment("\(alias).type IN (\(marks(scope.types.count)))", StatementArguments(scope.types))) }
        if !scope.states.isEmpty { parts.append(Fragment("\(alias).state IN (\(marks(scope.states.count)))", StatementArguments(scope.states))) }
        if let years = scope.years(alias) { parts.append(years) }
        let owned = all(sharedText: false)
        let shared = all(sharedText: true)
        for (mine, theirs) in zip(owned, shared) {
            let own = mine.probe("\(alias).id")
            let other = theirs.probe("\(alias).id")
            if own.sql == other.sql {
                parts.append(own)
            } else {
                parts.append(
                    Fragment(
                        "CASE WHEN \(alias).account_id IN (\(marks(query.accountIds.count))) THEN \(own.sql) ELSE \(other.sql) END",
                        StatementArguments(query.accountIds) + own.arguments + other.arguments))
            }
        }
        return Fragment.all(parts)
    }

    /// A condition written on alias `x`, on alias `alias` instead (probes run inside queries whose
    /// own tables may be called `x`; each probe has an alias of its own).
    static func realias(_ sql: String, _ alias: String) -> String {
        sql.replacingOccurrences(of: "x.", with: "\(alias).")
    }

    private func date(_ range: PraticaQuery.DateRange) -> ListPredicate {
        var conditions: [Fragment] = []
        if let field = range.field { conditions.append(Fragment("x.field = ?", [field])) }
        if let from = range.from { conditions.append(Fragment("x.date >= ?", [from])) }
        if let to = range.to { conditions.append(Fragment("x.date <= ?", [to])) }
        if range.searchableOnly { conditions.append(Fragment("x.searchable = 1")) }
        if !range.excludedFields.isEmpty {
            conditions.append(Fragment("x.field NOT IN (\(marks(range.excludedFields.count)))", StatementArguments(range.excludedFields)))
        }
        let condition = Fragment.all(conditions)
        let index = range.field == nil ? "pratica_date_by_day" : "pratica_date_by_field"
        let scoped = Fragment.all([scope.columns("x"), condition])
        let topLevel = range.field.map { !$0.contains(".") } ?? false
        return ListPredicate(
            driver: Fragment("SELECT x.pratica_id AS id FROM pratica_date x INDEXED BY \(index) WHERE \(scoped.sql)", scoped.arguments),
            unique: topLevel,
            probe: { id in
                Fragment(
                    "EXISTS (SELECT 1 FROM pratica_date pd WHERE pd.pratica_id = \(id) AND \(Self.realias(condition.sql, "pd")))", condition.arguments
                )
            },
            range: topLevel ? .init(table: "pratica_date", column: "date", field: range.field!, condition: condition) : nil)
    }

    private func value(_ filter: PraticaQuery.ValueFilter) -> ListPredicate {
        var condition = Fragment("x.field = ?", [filter.field])
        switch filter.match {
        case .anyOf(let values):
            condition.sql += " AND x.value IN (\(marks(values.count)))"
            condition.arguments += StatementArguments(values.map(\.databaseValue))
        case .range(let from, let to):
            if let from {
                condition.sql += " AND x.value >= ?"
                condition.arguments += [from.databaseValue]
            }
            if let to {
                condition.sql += " AND x.value <= ?"
                condition.arguments += [to.databaseValue]
            }
        case .contains(let fragment):
            condition.sql += " AND instr(lower(x.value), lower(?)) > 0"
            condition.arguments += [fragment]
        }
        let scoped = Fragment.all([scope.columns("x"), condition])
        let topLevel = !filter.field.contains(".")
        return ListPredicate(
            driver: Fragment(
                "SELECT x.pratica_id AS id FROM pratica_value x INDEXED BY pratica_value_by_field WHERE \(scoped.sql)", scoped.arguments),
            unique: topLevel,
            probe: { id in
                Fragment(
                    "EXISTS (SELECT 1 FROM pratica_value pv WHERE pv.pratica_id = \(id) AND \(Self.realias(condition.sql, "pv")))",
                    condition.arguments)
            },
            range: topLevel ? .init(table: "pratica_value", column: "value", field: filter.field, condition: condition) : nil)
    }

    private func contact(_ filter: PraticaQuery.ContactFilter) -> ListPredicate {
        var condition = Fragment("x.contact_id IN (\(marks(filter.contactIds.count)))", StatementArguments(filter.contactIds))
        if let field = filter.field {
            condition.sql += " AND x.field = ?"
            condition.arguments += [field]
        }
        if !filter.excludedFields.isEmpty {
            condition.sql += " AND x.field NOT IN (\(marks(filter.excludedFields.count)))"
            condition.arguments += StatementArguments(filter.excludedFields)
        }
        let scoped = Fragment.all([condition, scope.columns("s")])
        return ListPredicate(
            driver: Fragment(
                "SELECT x.pratica_id AS id FROM pratica_contact x CROSS JOIN pratica s INDEXED BY pratica_header ON s.id = x.pratica_id WHERE \(scoped.sql)",
                scoped.arguments),
            unique: false,
            probe: { id in
                Fragment(
                    "EXISTS (SELECT 1 FROM pratica_contact pc WHERE pc.pratica_id = \(id) AND \(Self.realias(condition.sql, "pc")))",
                    condition.arguments)
            }
        )
    }

    /// The search box's words. For an account a pratica is shared with, a pratica of a type that
    /// hides fields from it must match its text without those fields (`pratica_shared_fts`).
    private func fullText(_ pattern: String, shared: Bool) -> ListPredicate {
        let scoped = scope.columns("s")
        let hiding = shared ? query.typesHidingFields : []
        func matches(_ id: String) -> Fragment {
            // The matches are computed once per statement (an IN list SQLite builds), never per
            // candidate: FTS5 reevaluates a prefix query for each rowid it is asked about.
            let own = Fragment("\(id) IN (SELECT rowid FROM pratica_fts WHERE pratica_fts MATCH ?)", [pattern])
            guard !hiding.isEmpty else { return own }
            return Fragment(
                """
                CASE WHEN (SELECT pt.type FROM pratica pt WHERE pt.id = \(id)) IN (\(marks(hiding.count)))
                THEN \(id) IN (SELECT rowid FROM pratica_shared_fts WHERE pratica_shared_fts MATCH ?) ELSE \(own.sql) END
                """, StatementArguments(hiding) + [pattern] + own.arguments)
        }
        return ListPredicate(
            driver: Fragment(
                "SELECT f.rowid AS id FROM pratica_fts f CROSS JOIN pratica s INDEXED BY pratica_header ON s.id = f.rowid WHERE pratica_fts MATCH ? AND \(scoped.sql)",
                [pattern] + scoped.arguments),
            unique: true,
            probe: matches)
    }
}
