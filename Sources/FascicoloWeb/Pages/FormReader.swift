import FascicoloCore
import FascicoloSchema

/// Turns posted form values into the changes of a save. Against the stored pratica, only the
/// fields whose text differs are sent: a save never rewrites what the user did not touch (an
/// option a newer type version dropped, a protocol in the plugin's own format), and a field the
/// form did not post at all is left as it is. The engine coerces the text by the field's type.
struct FormReader {
    let type: PraticaType
    /// Fields the form shows but does not send back (the fee calculator's results).
    let readOnly: Set<String>

    func changes(_ values: FormValues, from stored: FormValues? = nil) -> [(path: String, value: Value)] {
        var changes: [(path: String, value: Value)] = []
        let folderKey = BuiltinField.nome_cartella.rawValue
        if let folder = values.scalars[folderKey]?.trimmingWhitespace(), !folder.isEmpty,
            folder != stored?.scalars[folderKey]?.trimmingWhitespace()
        {
            changes.append((folderKey, .text(folder)))
        }
        for field in type.fields where !readOnly.contains(field.id) {
            if let group = field.kind.group {
                if stored != nil, values.groups[field.id] == nil { continue }
                let rows = values.groups[field.id] ?? []
                if let stored, Self.normalized(rows) == Self.normalized(stored.groups[field.id] ?? []) { continue }
                changes.append(
                    (
                        field.id,
                        .list(
                            rows.map { row in
                                .record(Dictionary(uniqueKeysWithValues: group.fields.map { ($0.id, value(row[$0.id], kind: $0.kind)) }))
                            })
                    ))
            } else {
                let text = values.scalars[field.id]
                if stored != nil, text == nil { continue }
                if let stored, (text ?? "").trimmingWhitespace() == (stored.scalars[field.id] ?? "").trimmingWhitespace() { continue }
                changes.append((field.id, value(text, kind: field.kind)))
            }
        }
        return changes
    }

    /// Group rows without blank cells and without blank rows, for comparing what was posted
    /// with what is stored.
    private static func normalized(_ rows: [[String: String]]) -> [[String: String]] {
        rows.map { $0.mapValues { $0.trimmingWhitespace() }.filter { !$0.value.isEmpty } }.filter { !$0.isEmpty }
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
