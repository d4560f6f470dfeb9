import FascicoloCore
import FascicoloSchema

/// What an account a pratica is shared with may change: the fields marked `access: {shared: edit}`,
/// and inside groups the marked sub-fields of existing rows (adding or removing rows needs the
/// whole group marked).
enum SharedEdits {
    /// The label of the first field that differs between two canonical documents and that a
    /// shared account may not change; nil when every change is allowed.
    static func firstForbidden(before: [String: Value], after: [String: Value], type: PraticaType) -> String? {
        for field in type.fields {
            let old = before[field.id] ?? .null
            let new = after[field.id] ?? .null
            guard !sameValue(old, new), !field.sharedEdit else { continue }
            guard let group = field.kind.group else { return field.label }
            let oldRows = old.listValue ?? []
            let newRows = new.listValue ?? []
            guard oldRows.count == newRows.count else { return field.label }
            for (oldRow, newRow) in zip(oldRows, newRows) {
                for sub in group.fields where !sub.sharedEdit && oldRow.recordValue?[sub.id] != newRow.recordValue?[sub.id] {
                    return "\(field.label): \(sub.label)"
                }
            }
        }
        return nil
    }

    /// The label of the first change path (`note_riservate`, `gestori[1].compenso`, `gestori`) that
    /// touches a field hidden from shared accounts. Checked before the changes are applied, so that
    /// a shared account cannot learn a hidden value by sending guesses and watching which are
    /// refused.
    static func firstHidden(_ paths: [String], type: PraticaType) -> String? {
        for path in paths {
            let root = String(path.prefix { $0 != "[" && $0 != "." })
            guard let field = type.field(root) else { continue }
            if field.access.shared == .hidden { return field.label }
            guard let group = field.kind.group else { continue }
            let subId = path.contains(".") ? String(path[path.index(after: path.lastIndex(of: ".")!)...]) : nil
            let touched = subId.map { id in group.fields.filter { $0.id == id } } ?? group.fields
            if let hidden = touched.first(where: { $0.access.shared == .hidden }) { return "\(field.label): \(hidden.label)" }
        }
        return nil
    }

    /// Equal, counting a missing value, null and an empty group as the same.
    private static func sameValue(_ a: Value, _ b: Value) -> Bool {
        func normal(_ value: Value) -> Value { value == .list([]) ? .null : value }
        return normal(a) == normal(b)
    }
}
