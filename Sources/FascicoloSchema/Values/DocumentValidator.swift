import FascicoloCore

/// Validates a whole pratica document (its typed fields) against its type.
public struct DocumentValidator: Sendable {
    public let type: PraticaType
    public let coercion: FieldCoercion

    /// How many unknown field names an error lists before it only counts the rest.
    static let unknownNamesShown = 5

    public init(type: PraticaType, today: CalendarDate) {
        self.type = type
        self.coercion = FieldCoercion(today: today)
    }

    /// Canonicalises `input` field by field. Unknown field names, invalid values, missing required
    /// fields and groups with too few rows are all reported together; on any issue nothing is returned.
    /// The protocol field is not part of the document (it lives in the pratica's own columns).
    public func validate(_ input: [String: Value]) -> Result<[String: Value], FascicoloError> {
        var issues: [FieldIssue] = []
        let known = Set(type.fields.map(\.id))
        let unknown = input.keys.filter { !known.contains($0) }.sorted()
        // A few names are enough to see the mistake; a hook or a client sending thousands gets
        // one more line with their number, not thousands of lines.
        for key in unknown.prefix(Self.unknownNamesShown) {
            issues.append(FieldIssue(field: FieldIssue.safeName(key), message: "campo sconosciuto per la tipologia '\(type.id)'"))
        }
        if unknown.count > Self.unknownNamesShown {
            issues.append(FieldIssue(field: "…", message: "e altri \(unknown.count - Self.unknownNamesShown) campi sconosciuti"))
        }
        var document: [String: Value] = [:]
        for field in type.fields {
            if case .protocolNumber = field.kind { continue }
            let raw = input[field.id] ?? .null
            switch coercion.coerce(raw, for: field) {
            case .success(let value):
                if let group = field.kind.group, let rows = value.listValue, rows.count < group.min {
                    issues.append(
                        FieldIssue(
                            field: field.id, message: group.min == 1 ? "almeno una riga obbligatoria" : "almeno \(group.min) righe obbligatorie"))
                } else if field.required, value.isBlank {
                    issues.append(FieldIssue(field: field.id, message: Wording.required))
                }
                if !value.isBlank { document[field.id] = value }
            case .failure(let failure):
                issues.append(contentsOf: failure.issues(at: field.id))
            }
        }
        return issues.isEmpty ? .success(document) : .failure(.validation(issues))
    }

    /// The values a new pratica starts with: each declared default, resolved for today.
    public func defaults() -> [String: Value] {
        var values: [String: Value] = [:]
        for field in type.fields {
            if let value = field.defaultValue?.resolve(today: coercion.today) { values[field.id] = value }
        }
        return values
    }
}
