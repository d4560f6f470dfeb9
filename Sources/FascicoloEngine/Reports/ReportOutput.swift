import FascicoloCore

/// What a report script produced, checked and typed: one or more tables, each optionally with a
/// chart. Renderers (HTML, CSV, JSON, text, SVG) read only this.
public struct ReportOutput: Sendable {
    public let name: String
    public let title: String
    public let description: String
    /// The parameters the report ran with, as a reader sees them (`Anno: 2025`).
    public let parameters: [(label: String, value: String)]
    public let tables: [ReportTable]
}

/// One table of a report.
public struct ReportTable: Sendable {
    public let title: String?
    public let columns: [ReportColumn]
    /// One value per column; `.null` for an empty cell.
    public let rows: [[Value]]
    public let chart: ReportChart?
    /// Rows shown apart at the bottom (totals), same shape as `rows`.
    public let footer: [[Value]]
}

/// A column: its key in the script's rows, its header and how its values are written.
public struct ReportColumn: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case text, integer, money, decimal, percent, date
    }

    public let id: String
    public let label: String
    public let kind: Kind
}

/// A chart of one table: one bar (or point) per row, labelled by `label`, measuring `values`.
public struct ReportChart: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case bar, line
    }

    public let kind: Kind
    public let title: String?
    /// The column whose text names each bar.
    public let label: Int
    /// The numeric columns drawn (one series each).
    public let values: [Int]
}

/// Reads the value a script returned into a `ReportOutput`; every mistake names where it is.
struct ReportResultReader {
    let file: String

    func read(_ value: Value) throws(FascicoloError) -> [ReportTable] {
        guard let record = value.recordValue else { throw fail("result", "return a table with columns and rows (or tables = {…})") }
        if let tables = record["tables"] {
            guard let list = tables.listValue, !list.isEmpty else { throw fail("tables", "must be a non-empty list of tables") }
            var result: [ReportTable] = []
            for (index, table) in list.enumerated() { result.append(try self.table(table, at: "tables[\(index + 1)]")) }
            return result
        }
        return [try table(value, at: "result")]
    }

    private func table(_ value: Value, at place: String) throws(FascicoloError) -> ReportTable {
        guard let record = value.recordValue else { throw fail(place, "must be a table") }
        guard let columnList = record["columns"]?.listValue, !columnList.isEmpty else {
            throw fail("\(place).columns", "must list at least one column")
        }
        var columns: [ReportColumn] = []
        for (index, column) in columnList.enumerated() {
            let where_ = "\(place).columns[\(index + 1)]"
            if let id = column.textValue {
                columns.append(ReportColumn(id: id, label: id, kind: .text))
                continue
            }
            guard let fields = column.recordValue, let id = fields["id"]?.textValue, !id.isEmpty else { throw fail(where_, "needs an id") }
            guard let kind = ReportColumn.Kind(rawValue: fields["type"]?.textValue ?? "text") else {
                throw fail("\(where_).type", "expected one of: \(ReportColumn.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            columns.append(ReportColumn(id: id, label: fields["label"]?.textValue ?? id, kind: kind))
        }
        let rows = try self.rows(record["rows"], columns: columns, at: "\(place).rows")
        let footer = try self.rows(record["footer"], columns: columns, at: "\(place).footer")
        return ReportTable(
            title: record["title"]?.textValue, columns: columns, rows: rows,
            chart: try chart(record["chart"], columns: columns, at: "\(place).chart"), footer: footer)
    }

    private func rows(_ value: Value?, columns: [ReportColumn], at place: String) throws(FascicoloError) -> [[Value]] {
        guard let value, value != .null else { return [] }
        guard let list = value.listValue else { throw fail(place, "must be a list of rows") }
        var rows: [[Value]] = []
        rows.reserveCapacity(list.count)
        for (index, row) in list.enumerated() {
            switch row {
            case .record(let cells):
                rows.append(
                    try columns.map { column throws(FascicoloError) in
                        try cell(cells[column.id] ?? .null, column, at: "\(place)[\(index + 1)].\(column.id)")
                    })
            case .list(let cells):
                rows.append(
                    try columns.enumerated().map { offset, column throws(FascicoloError) in
                        try cell(offset < cells.count ? cells[offset] : .null, column, at: "\(place)[\(index + 1)][\(offset + 1)]")
                    })
            default:
                throw fail("\(place)[\(index + 1)]", "must be a table of cells")
            }
        }
        return rows
    }

    /// A cell checked against its column: numbers where numbers are declared, ISO dates for dates.
    private func cell(_ value: Value, _ column: ReportColumn, at place: String) throws(FascicoloError) -> Value {
        switch (column.kind, value) {
        case (_, .null): return .null
        case (.text, .text), (.text, .integer), (.text, .decimal), (.text, .bool): return value
        case (.integer, .integer): return value
        case (.money, .integer(let number)), (.decimal, .integer(let number)), (.percent, .integer(let number)):
            return .decimal(ExactDecimal(Int(number)))
        case (.money, .decimal), (.decimal, .decimal), (.percent, .decimal): return value
        case (.date, .text(let text)):
            guard let date = CalendarDate(parsing: String(text.prefix(10))) else { throw fail(place, "expected a date (YYYY-MM-DD)") }
            return .date(date)
        default:
            throw fail(place, "expected a value of type \(column.kind.rawValue)")
        }
    }

    private func chart(_ value: Value?, columns: [ReportColumn], at place: String) throws(FascicoloError) -> ReportChart? {
        guard let value, value != .null else { return nil }
        guard let record = value.recordValue else { throw fail(place, "must be a table {type = \"bar\", label = …, value = …}") }
        guard let kind = ReportChart.Kind(rawValue: record["type"]?.textValue ?? "bar") else { throw fail("\(place).type", "expected bar or line") }
        func index(_ id: String?, _ name: String) throws(FascicoloError) -> Int {
            guard let id, let found = columns.firstIndex(where: { $0.id == id }) else { throw fail("\(place).\(name)", "must name a column") }
            return found
        }
        let label = try index(record["label"]?.textValue, "label")
        var values: [Int] = []
        let named = record["value"].map { $0.listValue ?? [$0] } ?? []
        for name in named {
            let found = try index(name.textValue, "value")
            guard columns[found].kind != .text, columns[found].kind != .date else { throw fail("\(place).value", "must name a numeric column") }
            values.append(found)
        }
        guard !values.isEmpty else { throw fail("\(place).value", "must name a numeric column") }
        return ReportChart(kind: kind, title: record["title"]?.textValue, label: label, values: values)
    }

    private func fail(_ place: String, _ message: String) -> FascicoloError {
        .plugin("\(file): bad result of 'run': \(place) \(message)")
    }
}
