import Foundation

/// CSV as Italian Excel opens it: UTF-8 with a byte-order mark, `;` between fields, CRLF line
/// ends, quotes where needed, and cells that a spreadsheet would run as a formula neutralised.
/// Amounts and dates arrive already in Italian notation (`1.234,56`, `15/03/2025`).
public struct CSVWriter: Sendable {
    /// At most this many pages of 500 rows are exported (250,000 pratiche).
    public static let maximumPages = 500
    public private(set) var text = "\u{FEFF}"

    public init() {}

    public mutating func append(_ cells: [String]) {
        text += cells.map(Self.escape).joined(separator: ";") + "\r\n"
    }

    /// A negative amount or number in Italian notation (`-1.234,56`): the only cell that may start with `-`.
    nonisolated(unsafe) private static let negativeNumber = /-\d[\d.]*(,\d+)?( %)?/

    public static func escape(_ cell: String) -> String {
        var cell = cell
        if let first = cell.first, "=+@\t\r".contains(first) || (first == "-" && cell.wholeMatch(of: Self.negativeNumber) == nil) {
            cell = "'" + cell
        }
        guard cell.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
