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

/// Applies `PraticaChanges` paths to a document.
enum FieldPaths {
    /// Orders paths by group, then by row number (so that row 2 is added before row 10), then by name.
    static func precedes(_ a: String, _ b: String) -> Bool {
        func parts(_ path: String) -> (String, Int, String) {
            guard let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]") else { return (path, 0, "") }
            return (String(path[..<open]), Int(path[path.index(after: open)..<close]) ?? 0, String(path[close...]))
        }
        return parts(a) < parts(b)
    }

    /// The document after the changes, or the issues of paths that name nothing.
    static func apply(_ changes: [(path: String, value: Value)], to document: [String: Value], type: PraticaType)
        -> Result<[String: Value], FascicoloError> {
        var result = document
        var issues: [FieldIssue] = []
        for (path, value) in changes {
            guard let open = path.firstIndex(of: "[") else {
                result[path] = value
                continue
            }
            let name = String(path[..<open])
            guard let close = path.firstIndex(of: "]"), let row = Int(path[path.index(after: open)..<close]), row >= 1,
                  let group = type.field(name)?.kind.group else {
                issues.append(FieldIssue(field: path, message: "percorso di campo non valido"))
                continue
            }
            var rows = result[name]?.listValue ?? []
            let rest = path[path.index(after: close)...]
            if rest.isEmpty {
                guard value.isBlank else {
                    issues.append(FieldIssue(field: path, message: "una riga si può solo eliminare (valore vuoto)"))
                    continue
                }
                if row <= rows.count { rows.remove(at: row - 1) }
            } else {
                let sub = String(rest.dropFirst())
                guard rest.hasPrefix("."), group.field(sub) != nil else {
                    issues.append(FieldIssue(field: path, message: "campo sconosciuto nella riga"))
                    continue
                }
                guard row <= rows.count + 1 else {
                    issues.append(FieldIssue(field: path, message: "riga inesistente: le righe sono \(rows.count)"))
                    continue
                }
                if row == rows.count + 1 { rows.append(.record([:])) }
                var record = rows[row - 1].recordValue ?? [:]
                record[sub] = value
                rows[row - 1] = .record(record)
            }
            result[name] = .list(rows)
        }
        return issues.isEmpty ? .success(result) : .failure(.validation(issues))
    }
}
