/// A CSV file read into memory: a header line and rows of text cells.
///
/// The format is RFC 4180: UTF-8 text (an optional byte-order mark is skipped), comma separators,
/// fields optionally enclosed in double quotes, `""` for a quote inside a quoted field, commas
/// and line breaks allowed inside quoted fields, and LF or CRLF line ends. Empty lines are
/// skipped, and a line end after the last row does not start a new one.
public struct CSVTable: Sendable {
    /// The column names of the first line, in order.
    public let header: [String]
    /// The data rows, each with exactly `header.count` cells.
    public let rows: [[String]]

    /// Parses `text`, throwing a `CSVError` for an unterminated quoted field or for a row whose
    /// number of cells differs from the header's. Empty text gives no header and no rows.
    public init(text: String) throws {
        var text = text
        text.makeContiguousUTF8()
        let records = try text.utf8.withContiguousStorageIfAvailable { try CSVScanner(bytes: $0).records() }!
        guard let first = records.first else {
            header = []
            rows = []
            return
        }
        header = first.cells
        for record in records.dropFirst() where record.cells.count != header.count {
            throw CSVError(line: record.line, reason: .columnCount(expected: header.count, found: record.cells.count))
        }
        rows = records.dropFirst().map(\.cells)
    }

    /// The index of the first column called `name`, or nil when there is none.
    public func column(_ name: String) -> Int? {
        header.firstIndex(of: name)
    }

    /// Every row as a dictionary from column name to cell. When two columns share a name,
    /// the first one wins.
    public func records() -> [[String: String]] {
        rows.map { Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first }) }
    }
}

/// Why a CSV text could not be read, with the 1-based line where the problem starts.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of malformed CSV.
    public enum Reason: Hashable, Sendable {
        /// A quoted field is still open at the end of the text.
        case unterminatedQuote
        /// A row has `found` cells while the header has `expected`.
        case columnCount(expected: Int, found: Int)
    }

    /// The line (counting from 1, physical lines of the text) where the bad field or row starts.
    public let line: Int
    public let reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .unterminatedQuote:
            return "riga \(line): virgolette aperte e mai chiuse"
        case .columnCount(let expected, let found):
            return "riga \(line): \(found) colonne invece di \(expected)"
        }
    }
}

/// A single pass over the UTF-8 bytes of a CSV text, producing records with their start line.
private struct CSVScanner {
    struct Record {
        let line: Int
        let cells: [String]
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    let bytes: UnsafeBufferPointer<UInt8>

    func records() throws -> [Record] {
        var records: [Record] = []
        var index = bytes.starts(with: Self.byteOrderMark) ? Self.byteOrderMark.count : 0
        var line = 1
        var cells: [String] = []
        var recordLine = 1
        var unescaped: [UInt8] = []
        while index < bytes.count {
            if cells.isEmpty, let next = lineEnd(at: index) {
                // An empty line: no record.
                index = next
                line += 1
                recordLine = line
                continue
            }
            let cell: String
            if bytes[index] == Self.quote {
                let openedAt = line
                unescaped.removeAll(keepingCapacity: true)
                index += 1
                while true {
                    guard index < bytes.count else { throw CSVError(line: openedAt, reason: .unterminatedQuote) }
                    let byte = bytes[index]
                    if byte == Self.quote {
                        if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                            unescaped.append(Self.quote)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if byte == Self.lineFeed { line += 1 }
                    unescaped.append(byte)
                    index += 1
                }
                // Tolerate stray text between the closing quote and the separator by keeping it.
                let tail = index
                while index < bytes.count, bytes[index] != Self.comma, lineEnd(at: index) == nil { index += 1 }
                unescaped.append(contentsOf: bytes[tail..<index])
                cell = String(decoding: unescaped, as: UTF8.self)
            } else {
                let start = index
                while index < bytes.count, bytes[index] != Self.comma, lineEnd(at: index) == nil { index += 1 }
                cell = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            cells.append(cell)
            if index < bytes.count, bytes[index] == Self.comma {
                index += 1
                if index == bytes.count { cells.append("") }
                continue
            }
            records.append(Record(line: recordLine, cells: cells))
            cells.removeAll(keepingCapacity: true)
            if let next = lineEnd(at: index) {
                index = next
                line += 1
            }
            recordLine = line
        }
        if !cells.isEmpty { records.append(Record(line: recordLine, cells: cells)) }
        return records
    }

    /// The index just past the LF or CRLF at `index`, or nil when no line ends there.
    private func lineEnd(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        if byte == Self.lineFeed { return index + 1 }
        if byte == Self.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == Self.lineFeed { return index + 2 }
        return nil
    }
}
