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
    /// What the accounts a pratica is shared with and the debtor may do with this field.
    public var access = FieldAccess()
    /// Filled only by the plugin's `compute` hook on every save (`computed: true`): read-only in
    /// forms, refused in user input.
    public var computed = false
    /// For the protocol field: the numbering series (`series: BE`), so that each type can number
    /// its pratiche on its own. Empty: the office's common series.
    public var protocolSeries = ""

    /// Whether the accounts a pratica is shared with may change this field (`access: {shared: edit}`).
    public var sharedEdit: Bool { access.shared == .edit }

    /// An optional field that no YAML declares — a built-in of every pratica (`anno`,
    /// `nome_cartella`, `stato`) — described with the same kinds as declared fields.
    public static func builtin(_ id: String, kind: FieldKind) -> FieldDefinition {
        FieldDefinition(
            id: id, kind: kind, label: id, required: false, defaultValue: nil, help: nil, filter: false, column: false, search: false,
            renamedFrom: nil)
    }
}

/// Who besides the owning account may see or change a field (`access:` in YAML). By default the
/// accounts a pratica is shared with see it read-only and the debtor does not see it.
public struct FieldAccess: Sendable, Hashable {
    /// What an account the pratica is shared with may do.
    public enum Shared: String, Sendable, CaseIterable {
        /// Nothing: the field does not exist for it (form, lists, filters, search, CSV, API).
        case hidden
        /// Read it (grey in the form).
        case view
        /// Change it.
        case edit
    }

    public var shared: Shared = .view
    /// Whether the debtor sees it in the token area (`debtor: view`).
    public var debtorView = false

    public init(shared: Shared = .view, debtorView: Bool = false) {
        self.shared = shared
        self.debtorView = debtorView
    }
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
