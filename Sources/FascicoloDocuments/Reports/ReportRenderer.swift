import FascicoloCore
import FascicoloEngine
import Foundation

/// Writes a report's tables as CSV (Italian Excel), JSON, or a plain-text table for the terminal.
public enum ReportRenderer {
    /// A cell as an Italian reader sees it: `1.234,56`, `15/03/2025`, `12,5 %`.
    public static func text(_ value: Value, kind: ReportColumn.Kind) -> String {
        switch (kind, value) {
        case (_, .null): return ""
        case (.money, .decimal(let number)): return FeeQuote.rounded(number).italian
        case (.percent, .decimal(let number)): return number.italian + " %"
        case (_, .bool(let flag)): return flag ? "sì" : "no"
        default: return value.displayText
        }
    }

    /// Every table, one after the other, each with its title and header; a blank line between.
    public static func csv(_ output: ReportOutput) -> String {
        var writer = CSVWriter()
        for (index, table) in output.tables.enumerated() {
            if index > 0 { writer.append([]) }
            if let title = table.title { writer.append([title]) }
            writer.append(table.columns.map(\.label))
            for row in table.rows + table.footer { writer.append(zip(row, table.columns).map { text($0, kind: $1.kind) }) }
        }
        return writer.text
    }

    /// The report as JSON: numbers as JSON numbers (amounts as exact decimal strings), dates ISO.
    public static func json(_ output: ReportOutput) -> JSON {
        func cell(_ value: Value, _ column: ReportColumn) -> JSON {
            switch value {
            case .null: return .null
            case .integer(let number): return .number(String(number))
            case .decimal(let number): return column.kind == .money ? .string(FeeQuote.rounded(number).plain) : .number(number.plain)
            case .date(let date): return .string(date.iso)
            case .bool(let flag): return .bool(flag)
            default: return .string(value.displayText)
            }
        }
        func rows(_ rows: [[Value]], _ columns: [ReportColumn]) -> JSON {
            .array(rows.map { row in .object(zip(row, columns).map { ($1.id, cell($0, $1)) }) })
        }
        return .object([
            ("report", .string(output.name)), ("title", .string(output.title)),
            ("parameters", .object(output.parameters.map { ($0.label, .string($0.value)) })),
            (
                "tables",
                .array(
                    output.tables.map { table in
                        .object([
                            ("title", table.title.map(JSON.string) ?? .null),
                            (
                                "columns",
                                .array(
                                    table.columns.map {
                                        .object([("id", .string($0.id)), ("label", .string($0.label)), ("type", .string($0.kind.rawValue))])
                                    })
                            ),
                            ("rows", rows(table.rows, table.columns)),
                            ("footer", rows(table.footer, table.columns)),
                        ])
                    })
            ),
        ])
    }

    /// Aligned columns for the terminal (numbers right-aligned), each table under its title.
    public static func plainText(_ output: ReportOutput) -> String {
        var lines: [String] = [output.title]
        for (label, value) in output.parameters { lines.append("\(label): \(value)") }
        for table in output.tables {
            lines.append("")
            if let title = table.title { lines.append(title) }
            let body = (table.rows + table.footer).map { zip($0, table.columns).map { text($0, kind: $1.kind) } }
            let widths = table.columns.enumerated().map { index, column in
                ([column.label] + body.map { $0[index] }).map(\.count).max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                var parts: [String] = []
                for (index, cell) in cells.enumerated() {
                    let padding = String(repeating: " ", count: widths[index] - cell.count)
                    let leftAligned = table.columns[index].kind == .text || table.columns[index].kind == .date
                    parts.append(leftAligned ? cell + padding : padding + cell)
                }
                var joined = parts.joined(separator: "  ")
                while joined.last == " " { joined.removeLast() }
                return joined
            }
            lines.append(line(table.columns.map(\.label)))
            lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for element in body.prefix(table.rows.count) { lines.append(line(element)) }
            if !table.footer.isEmpty {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
                for element in body.dropFirst(table.rows.count) { lines.append(line(element)) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
