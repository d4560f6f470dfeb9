import FascicoloCore
import FascicoloSchema

/// The data of a new pratica. `fields` may also hold the built-ins `stato`, `anno`, `nome_cartella`,
/// the protocol field (a manual number such as `2026/0042`), and group paths such as
/// `udienze[1].data` (rows are filled in path order).
public struct NewPratica: Sendable {
    public var type: String
    public var fields: [String: Value]
    /// Assign the first free protocol number of the year in the same transaction (unless a manual
    /// number is given in `fields`).
    public var numbered: Bool

    public init(type: String, fields: [String: Value] = [:], numbered: Bool = false) {
        self.type = type
        self.fields = fields
        self.numbered = numbered
    }
}

/// Changes to apply to a pratica. Keys are field ids, built-ins (`anno`, `nome_cartella`), the
/// protocol field, or paths into a group: `udienze[2].data` sets one cell (row `n+1` appends a row),
/// `udienze[2]` with null removes the row. Null clears a field.
public struct PraticaChanges: Sendable {
    public var values: [(path: String, value: Value)]

    public init(_ values: [(path: String, value: Value)]) { self.values = values }
}

/// What an import keeps from the exported pratica.
struct ImportedStamps {
    /// The original creation timestamp (its first ten characters are the creation day).
    let createdAt: String

    /// Accepts a timestamp starting with a valid ISO date, or none (then the import time is used).
    init?(createdAt text: String?) throws {
        guard let text else { return nil }
        guard text.count >= 10, text.count <= 40, CalendarDate(parsing: String(text.prefix(10))) != nil else {
            throw FascicoloError.validation([FieldIssue(field: "creata", message: "data di creazione non valida")])
        }
        createdAt = text
    }
}

/// A change path: `field`, `group[row]` or `group[row].subfield` (rows are 1-based).
struct FieldPath: Comparable {
    let name: String
    let row: Int?
    let subfield: String?

    /// Parses a path; nil when brackets or the row number are malformed.
    init?(_ text: String) {
        guard let open = text.firstIndex(of: "[") else {
            guard !text.isEmpty, !text.contains("]") else { return nil }
            self.init(name: text, row: nil, subfield: nil)
            return
        }
        let afterOpen = text.index(after: open)
        guard let close = text[afterOpen...].firstIndex(of: "]"), let row = Int(text[afterOpen..<close]), row >= 1 else { return nil }
        let rest = text[text.index(after: close)...]
        guard rest.isEmpty || (rest.hasPrefix(".") && rest.count > 1 && !rest.dropFirst().contains(where: { "[].".contains($0) })) else {
            return nil
        }
        self.init(name: String(text[..<open]), row: row, subfield: rest.isEmpty ? nil : String(rest.dropFirst()))
    }

    private init(name: String, row: Int?, subfield: String?) {
        self.name = name
        self.row = row
        self.subfield = subfield
    }

    /// Group, then row number (row 2 before row 10), then sub-field.
    static func < (a: FieldPath, b: FieldPath) -> Bool {
        (a.name, a.row ?? 0, a.subfield ?? "") < (b.name, b.row ?? 0, b.subfield ?? "")
    }
}

/// Applies `PraticaChanges` paths to a document.
enum FieldPaths {
    /// The document after the changes, or the issues of paths that name nothing.
    static func apply(_ changes: [(path: String, value: Value)], to document: [String: Value], type: PraticaType)
        -> Result<[String: Value], FascicoloError>
    {
        var result = document
        var issues: [FieldIssue] = []
        for (text, value) in changes {
            guard let path = FieldPath(text) else {
                issues.append(FieldIssue(field: FieldIssue.safeName(text), message: Wording.invalidFieldPath))
                continue
            }
            guard let row = path.row else {
                result[path.name] = value
                continue
            }
            guard let group = type.field(path.name)?.kind.group else {
                issues.append(FieldIssue(field: FieldIssue.safeName(text), message: Wording.invalidFieldPath))
                continue
            }
            var rows = result[path.name]?.listValue ?? []
            guard let sub = path.subfield else {
                guard value.isBlank else {
                    issues.append(FieldIssue(field: text, message: "una riga si può solo eliminare (valore vuoto)"))
                    continue
                }
                if row <= rows.count { rows.remove(at: row - 1) }
                result[path.name] = .list(rows)
                continue
            }
            guard group.field(sub) != nil else {
                issues.append(FieldIssue(field: FieldIssue.safeName(text), message: "campo sconosciuto nella riga"))
                continue
            }
            guard row <= rows.count + 1 else {
                issues.append(FieldIssue(field: text, message: "riga inesistente: le righe sono \(rows.count)"))
                continue
            }
            if row == rows.count + 1 { rows.append(.record([:])) }
            var record = rows[row - 1].recordValue ?? [:]
            record[sub] = value
            rows[row - 1] = .record(record)
            result[path.name] = .list(rows)
        }
        return issues.isEmpty ? .success(result) : .failure(.validation(issues))
    }
}
