/// The data a template is filled with: text already formatted for an Italian reader, records
/// and lists. Built from a pratica by `DocumentData`.
public indirect enum TemplateValue: Sendable, Hashable {
    /// A formatted value; `code` is the stored value when it differs (an enum's code, for
    /// `{{#campo=codice}}`).
    case text(String, code: String? = nil)
    /// Named values; printed as `text` (a contact prints as its name).
    case record([String: TemplateValue], text: String = "")
    case list([TemplateValue])
    case empty

    /// Whether a section over this value shows its content.
    var isPresent: Bool {
        switch self {
        case .text(let text, _): !text.isEmpty
        case .record(let fields, let text): !fields.isEmpty || !text.isEmpty
        case .list(let items): !items.isEmpty
        case .empty: false
        }
    }

    /// What `{{name}}` prints.
    var printed: String {
        switch self {
        case .text(let text, _): text
        case .record(_, let text): text
        case .list(let items): items.map(\.printed).filter { !$0.isEmpty }.joined(separator: ", ")
        case .empty: ""
        }
    }

    /// The stored code compared by `{{#campo=codice}}`.
    var code: String? {
        switch self {
        case .text(let text, let code): code ?? text
        default: nil
        }
    }

    subscript(_ name: String) -> TemplateValue? {
        if case .record(let fields, _) = self { return fields[name] }
        return nil
    }
}

/// What names a template may use, derived from the pratica type: the vocabulary a template is
/// checked against when it is uploaded, so that a typo is found then and not in a letter.
public indirect enum TemplateShape: Sendable, Hashable {
    /// A printable value; `codes` lists the values `{{#campo=codice}}` may test, when known.
    case scalar(codes: Set<String>? = nil)
    /// Named parts; `printable` when `{{name}}` prints the record itself (a contact).
    case record([String: TemplateShape], printable: Bool = false)
    case list(TemplateShape)

    subscript(_ name: String) -> TemplateShape? {
        if case .record(let fields, _) = self { return fields[name] }
        return nil
    }
}
