import FascicoloEngine
import FascicoloSchema

/// The list columns a type offers (built-ins, fields marked `column`, sub-fields of groups marked
/// `column`) and the ones a user picked, saved as the preference `colonne:<type>`.
struct ColumnChoice {
    let type: PraticaType
    let engine: Engine

    /// Every column the picker offers, in a stable order.
    var available: [String] {
        var paths = ["stato", "nome_cartella", "anno", "creata", "aggiornata"]
        for field in type.fields where field.column {
            if let group = field.kind.group {
                paths += group.fields.map { "\(field.id).\($0.id)" }
            } else {
                paths.append(field.id)
            }
        }
        let defaults = type.list.columns
        return defaults + paths.filter { !defaults.contains($0) }
    }

    static func preferenceKey(_ type: PraticaType) -> String { "colonne:\(type.id)" }

    /// The user's saved columns that still exist, else the type's defaults.
    func chosen(by user: User) throws -> [String] {
        let saved = try engine.preference(Self.preferenceKey(type), user: user)?.split(separator: ",").map(String.init) ?? []
        let valid = saved.filter(Set(available).contains)
        return valid.isEmpty ? type.list.columns : valid
    }

    /// Saves a choice, keeping only known columns (at least one).
    func save(_ columns: [String], for user: User) throws {
        let known = Set(available)
        let kept = columns.filter(known.contains)
        guard !kept.isEmpty else { throw WebError.badRequest("scegliere almeno una colonna", field: "colonne") }
        try engine.setPreference(Self.preferenceKey(type), value: kept.joined(separator: ","), user: user)
    }

    /// Whether the list can be sorted by a column.
    func isSortable(_ path: String) -> Bool {
        if BuiltinField(rawValue: path) != nil { return true }
        guard let field = type.field(path) else { return false }
        switch field.kind {
        case .group, .contact: return false
        case .date, .protocolNumber: return true
        default: return type.isIndexed(path: path)
        }
    }
}
