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

    /// The key of the pratica aliased `c`, as an SQL expression, with the joins it needs.
    func key(of alias: String) -> (expression: String, join: Fragment) {
        switch sort.key {
        case .created: return ("\(alias).id", Fragment(""))
        case .updated: return ("\(alias).updated_at", Fragment(""))
        case .state: return ("\(alias).state", Fragment(""))
        case .year: return ("\(alias).year", Fragment(""))
        case .folderName: return ("\(alias).folder_name", Fragment(""))
        case .protocolNumber: return ("\(alias).protocol_year * 10000000 + \(alias).protocol_number", Fragment(""))
        case .date(let field):
            return ("k.date", Fragment("LEFT JOIN pratica_date k ON k.pratica_id = \(alias).id AND k.field = ? AND k.row = 0", [field]))
        case .value(let field):
            return ("k.value", Fragment("LEFT JOIN pratica_value k ON k.pratica_id = \(alias).id AND k.field = ? AND k.row = 0", [field]))
        }
    }

    /// Statements that together yield `(id, key, check)` of every pratica of the scope (states
    /// included) in this order, each from an index, without sorting; `check` is the condition
    /// `probe` builds on the id expression it is given (1 when true).
    func streams(check probe: (String) -> Fragment) -> [Fragment] {
        let direction = sort.descending ? "DESC" : "ASC"
        let scoped = scope.columns("c")
        let byType = scope.types.count == 1 ? "pratica_by_type" : "pratica_by_account"
        let check = probe("c.id")
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
                table: "pratica_date", index: "pratica_date_by_field", column: "date", field: field, direction: direction, probe: probe)
        case .value(let field):
            return fieldStreams(
                table: "pratica_value", index: "pratica_value_by_field", column: "value", field: field, direction: direction, probe: probe)
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
        probe: (String) -> Fragment
    ) -> [Fragment] {
        let scoped = scope.columns("x")
        let byType = scope.types.count == 1 ? "pratica_by_type" : "pratica_by_account"
        let fieldCheck = probe("x.pratica_id")
        let withField = Fragment(
            """
            SELECT x.pratica_id, x.\(column), \(fieldCheck.sql) FROM \(table) x INDEXED BY \(index)
            WHERE \(scoped.sql) AND x.field = ? AND x.row = 0 ORDER BY x.\(column) \(direction), x.pratica_id \(direction)
            """, fieldCheck.arguments + scoped.arguments + [field])
        let pratiche = scope.columns("c")
        let check = probe("c.id")
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
