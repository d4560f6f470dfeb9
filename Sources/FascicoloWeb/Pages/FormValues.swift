import FascicoloCore
import FascicoloEngine
import FascicoloSchema

/// The text of every input of a pratica form: from a stored pratica (in the notation the inputs
/// use: ISO dates, Italian amounts) or exactly as the user sent it, so that a refused save shows
/// the user's own input again.
struct FormValues {
    /// Top-level fields by id (and `nome_cartella`).
    var scalars: [String: String] = [:]
    /// Rows of each group, in order, sub-field id to text.
    var groups: [String: [[String: String]]] = [:]

    init() {}

    /// The inputs of a stored document.
    init(document: [String: Value], type: PraticaType) {
        for field in type.fields {
            if let group = field.kind.group {
                groups[field.id] = (document[field.id]?.listValue ?? []).map { row in
                    let record = row.recordValue ?? [:]
                    return Dictionary(uniqueKeysWithValues: group.fields.map { ($0.id, Self.text(record[$0.id], kind: $0.kind)) })
                }
            } else {
                scalars[field.id] = Self.text(document[field.id], kind: field.kind)
            }
        }
    }

    /// The inputs of a stored pratica: its fields, its protocol and its folder name.
    init(pratica: Pratica) {
        self.init(document: pratica.fields, type: pratica.type)
        if let field = pratica.type.protocolField { scalars[field.id] = pratica.protocolNumber?.text ?? "" }
        scalars[BuiltinField.nome_cartella.rawValue] = pratica.folderName
    }

    /// The inputs as posted: `f.<field>` and `g.<group>.<row>.<sub-field>` (rows in numeric order);
    /// `g.<group>` alone marks a group the form showed, so that removing its last row clears it.
    init(form: FormData, type: PraticaType) {
        for (name, value) in form.withPrefix("f.") { scalars[name] = value }
        var rows: [String: [Int: [String: String]]] = [:]
        for (name, value) in form.withPrefix("g.") {
            let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
            if parts.count == 1, type.field(parts[0])?.kind.group != nil {
                rows[parts[0], default: [:]] = rows[parts[0]] ?? [:]
                continue
            }
            guard parts.count == 3, let row = Int(parts[1]), type.field(parts[0])?.kind.group != nil else { continue }
            rows[parts[0], default: [:]][row, default: [:]][parts[2]] = value
        }
        for (group, byRow) in rows {
            groups[group] = byRow.keys.sorted().prefix(1000).map { byRow[$0]! }
        }
    }

    /// The input text of a stored value.
    static func text(_ value: Value?, kind: FieldKind) -> String {
        guard let value else { return "" }
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "sì" : "no"
        case .money(let money): return money.italian
        case .decimal(let number): return number.italian
        case .date(let date): return date.iso
        case .datetime(let moment): return moment.iso
        case .reference(let id): return String(id)
        case .text(let text):
            if case .enumeration(let options) = kind, FieldView.usesSearchList(options) { return options.label(for: text) ?? text }
            return text
        default: return value.displayText
        }
    }
}
