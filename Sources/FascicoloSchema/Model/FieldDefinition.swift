import FascicoloCore

/// One field of a pratica type, as declared in YAML.
public struct FieldDefinition: Sendable {
    public let id: String
    public let kind: FieldKind
    public let label: String
    public let required: Bool
    /// The value a new pratica gets when the field is not given (already validated against `kind`).
    public let defaultValue: FieldDefault?
    public let help: String?
    /// Offered in the "Più filtri" panel.
    public let filter: Bool
    /// Offered in the list's column picker.
    public let column: Bool
    /// Indexed by full-text search.
    public let search: Bool
    /// The id this field had before, so stored documents follow a rename.
    public let renamedFrom: String?
    /// Whether the accounts a pratica is shared with may change this field (`access: {shared: edit}`);
    /// by default they only see it.
    public var sharedEdit: Bool = false
}

/// A declared default: a fixed value, or today's date for a date field.
public enum FieldDefault: Sendable {
    case value(Value)
    case today

    /// The concrete value for a pratica created on `today`.
    public func resolve(today: CalendarDate) -> Value {
        switch self {
        case .value(let value): return value
        case .today: return .date(today)
        }
    }
}
