import GRDB

/// A list's order: the key of each pratica (for sorting a known set of matches) and the streams
/// that produce the scope's pratiche already in that order (for walking a broad set).
/// Pratiche without the key (no protocol, an empty date field) come last, in the order of ties.
struct ListSort {
    let sort: PraticaQuery.Sort
    let scope: ListScope

    /// Whether ties (and pratiche lacking the key) go by id descending whatever the direction.
    private var tiesNewestFirst: Bool {
        switch sort.key {
        case .state, .folderName, .protocolNumber: return true
        default: return false
        }
    }

    /// The comparison of (id, key) pairs in this order.
    var order: SortOrder { SortOrder(descending: sort.descending, tiesDescending: tiesNewestFirst ? true : sort.descending) }

    /// The key of the pratica whose id is the SQL expression `id`, with the join it needs: the
    /// columns come from the `pratica_header` index and the field values from their index tables,
    /// never from the rows that carry the document.
    func key(of id: String) -> (expression: String, join: Fragment) {
        func header(_ column: String) -> (String, Fragment) {
            ("h.\(column)", Fragment("LEFT JOIN pratica h INDEXED BY pratica_header ON h.id = \(id)"))
        }
        switch sort.key {
        case .created: return (id, Fragment(""))
        case .updated: return header("updated_at")
        case .state: return header("state")
        case .year: return header("year")
        case .folderName: return header("folder_name")
        case .protocolNumber: return header("protocol_year * 10000000 + h.protocol_number")
        case .date(let field):
            return ("k.date", Fragment("LEFT JOIN pratica_date k ON k.pratica_id = \(id) AND k.field = ? AND k.row = 0", [field]))
        case .value(let field):
            return ("k.value", Fragment("LEFT JOIN pratica_value k ON k.pratica_id = \(id) AND k.field = ? AND k.row = 0", [field]))
        }
    }

    /// `ORDER BY` for a key expression and an id expression, as `order` compares them.
    func orderBy(key: String, id: String) -> String {
        let direction = sort.descending ? "DESC" : "ASC"
        let ties = order.tiesDescending ? "DESC" : "ASC"
        return "ORDER BY \(key) IS NULL, \(key) \(direction), \(id) \(ties)"
    }

    /// The field a list sorted by a date or value field is sorted by.
    var field: String? {
        switch sort.key {
        case .date(let field), .value(let field): return field
        default: return nil
        }
    }

    /// Statements that together yield `(id, key, check)` of every pratica of the scope in this
    /// order, each from an index, without sorting; `check` is 1 when the pratica is in the
    /// scope's states and passes the probes built on the id expression given. Every pratica of
    /// the accounts and types comes out (the states are checked, not skipped inside SQLite), so
    /// that the caller bounds the work by counting what it reads.
    func streams(check probes: (String) -> [Fragment]) -> [Fragment] {
        let direction = sort.descending ? "DESC" : "ASC"
        let scoped = scope.columns("c", withStates: false)
        let byType = scope.types.count == 1 ? "pratica_by_type" : "pratica_by_account"
        func checking(_ alias: String, _ id: String) -> Fragment {
            let all = (scope.stateCheck(alias).map { [$0] } ?? []) + probes(id)
            guard !all.isEmpty else { return Fragment("1") }
            let condition = Fragment.all(all)
            return Fragment("CASE WHEN \(condition.sql) THEN 1 ELSE 0 END", condition.arguments)
        }
        let check = checking("c", "c.id")
        func pratica(_ index: String, key: String, order: String, extra: String = "") -> Fragment {
            Fragment(
                "SELECT c.id, \(key), \(check.sql) FROM pratica c INDEXED BY \(index) WHERE \(scoped.sql)\(extra) ORDER BY \(order)",
                check.arguments + scoped.arguments)
        }
        switch sort.key {
        case .created:
            return [pratica(byType, key: "c.id", order: "c.id \(direction)")]
        case .updated:
            return [singleType(pratica("pratica_by_updated", key: "c.updated_at", order: "c.updated_at \(direction), c.id \(direction)"))]
        case .year:
            return [singleType(pratica("pratica_by_year", key: "c.year", order: "c.year \(direction), c.id \(direction)"))]
        case .state:
            return [singleType(pratica("pratica_by_state", key: "c.state", order: "c.state \(direction), c.id DESC"))]
        case .folderName:
            return [singleType(pratica("pratica_by_folder", key: "c.folder_name", order: "c.folder_name \(direction), c.id DESC"))]
        case .protocolNumber:
            return [
                singleType(
                    pratica(
                        "pratica_by_protocol", key: "c.protocol_year * 10000000 + c.protocol_number",
                        order: "c.protocol_year \(direction), c.protocol_number \(direction), c.id DESC", extra: " AND c.protocol_number IS NOT NULL")
                ),
                pratica(byType, key: "NULL", order: "c.id DESC", extra: " AND c.protocol_number IS NULL"),
            ]
        case .date(let field):
            return fieldStreams(
                table: "pratica_date", index: "pratica_date_by_field", column: "date", field: field, direction: direction, check: checking)
        case .value(let field):
            return fieldStreams(
                table: "pratica_value", index: "pratica_value_by_field", column: "value", field: field, direction: direction, check: checking)
        }
    }

    /// Walking a key other than the id needs the key's index, which is per type: with several
    /// types the stream sorts instead (still correct, only slower).
    private func singleType(_ stream: Fragment) -> Fragment {
        guard scope.types.count != 1 else { return stream }
        return Fragment(stream.sql.replacingOccurrences(of: #"INDEXED BY \w+ "#, with: "", options: .regularExpression), stream.arguments)
    }

    /// The pratiche with the field (row 0) by its value, then those without it, newest first.
    private func fieldStreams(
        table: String, index: String, column: String, field: String, direction: String,
        check checking: (String, String) -> Fragment
    ) -> [Fragment] {
        let scoped = scope.columns("x", withStates: false)
        let byType = scope.types.count == 1 ? "pratica_by_type" : "pratica_by_account"
        let fieldCheck = checking("x", "x.pratica_id")
        let withField = Fragment(
            """
            SELECT x.pratica_id, x.\(column), \(fieldCheck.sql) FROM \(table) x INDEXED BY \(index)
            WHERE \(scoped.sql) AND x.field = ? AND x.row = 0 ORDER BY x.\(column) \(direction), x.pratica_id \(direction)
            """, fieldCheck.arguments + scoped.arguments + [field])
        let pratiche = scope.columns("c", withStates: false)
        let check = checking("c", "c.id")
        let without = Fragment(
            """
            SELECT c.id, NULL, \(check.sql) FROM pratica c INDEXED BY \(byType) WHERE \(pratiche.sql)
            AND NOT EXISTS (SELECT 1 FROM \(table) k WHERE k.pratica_id = c.id AND k.field = ? AND k.row = 0) ORDER BY c.id \(direction)
            """, check.arguments + pratiche.arguments + [field])
        return [
            scope.types.count == 1
                ? withField : Fragment(withField.sql.replacingOccurrences(of: "INDEXED BY \(index)", with: ""), withField.arguments), without,
        ]
    }
}
