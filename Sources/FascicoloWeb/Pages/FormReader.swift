import FascicoloCore
import FascicoloSchema

/// Turns posted form values into the changes of a save: one value per editable field (the
/// engine coerces the text by the field's type and audits only what really changed).
struct FormReader {
    let type: PraticaType
    /// Fields the form shows but does not send back (the fee calculator's results).
    let readOnly: Set<String>

    func changes(_ values: FormValues) -> [(path: String, value: Value)] {
        var changes: [(path: String, value: Value)] = []
        if let folder = values.scalars[BuiltinField.nome_cartella.rawValue]?.trimmingWhitespace(), !folder.isEmpty {
            changes.append((BuiltinField.nome_cartella.rawValue, .text(folder)))
        }
        for field in type.fields where !readOnly.contains(field.id) {
            if let group = field.kind.group {
                let rows = values.groups[field.id] ?? []
                changes.append((field.id, .list(rows.map { row in
                    .record(Dictionary(uniqueKeysWithValues: group.fields.map { ($0.id, value(row[$0.id], kind: $0.kind)) }))
                })))
            } else {
                changes.append((field.id, value(values.scalars[field.id], kind: field.kind)))
            }
        }
        return changes
    }

    private func value(_ text: String?, kind: FieldKind) -> Value {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return .null }
        switch kind {
        case .enumeration(let options):
            // A searchable list sends the label the user picked; map it back to the stored value.
            return .text(options.options.first { $0.label == text }?.value ?? text)
        case .boolean:
            return text == "sì" ? .bool(true) : text == "no" ? .bool(false) : .text(text)
        default:
            return .text(text)
        }
    }
}
