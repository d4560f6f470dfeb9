import FascicoloCore

/// A pratica type: the typed schema of a kind of case, loaded from `types/<id>.yaml`.
public struct PraticaType: Sendable {
    public let id: String
    public let label: String
    public let version: Int
    /// The file it was loaded from, relative to the project root (`types/<id>.yaml`).
    public let file: String
    public let sections: [Section]
    public let states: [StateDefinition]
    public let transitions: [Transition]
    public let list: ListDefaults
    /// The fields that feed the fee calculator and receive its quote, when the type declares them.
    public let fees: FeeFields?

    /// Every top-level field, in declaration order across sections.
    public let fields: [FieldDefinition]
    private let fieldIndex: [String: Int]
    private let stateIndex: [String: Int]
    /// Every path the list block names (filters, columns, sort).
    private let listedPaths: Set<String>
    /// Every path hidden from the accounts a pratica is shared with (`access: {shared: hidden}`).
    public let sharedHiddenPaths: [String]

    public init(
        id: String, label: String, version: Int, file: String, sections: [Section],
        states: [StateDefinition], transitions: [Transition], list: ListDefaults, fees: FeeFields? = nil
    ) {
        self.id = id
        self.label = label
        self.version = version
        self.file = file
        self.sections = sections
        self.states = states
        self.transitions = transitions
        self.list = list
        self.fees = fees
        self.fields = sections.flatMap(\.fields)
        self.fieldIndex = Dictionary(fields.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.stateIndex = Dictionary(states.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.listedPaths = Set(list.filters + list.columns + [list.sort.key])
        self.sharedHiddenPaths = Self.sharedHiddenPaths(of: fields)
    }

    /// The top-level field with this id.
    public func field(_ id: String) -> FieldDefinition? { fieldIndex[id].map { fields[$0] } }

    /// The state with this id.
    public func state(_ id: String) -> StateDefinition? { stateIndex[id].map { states[$0] } }

    /// The states a new pratica may start in.
    public var initialStates: [StateDefinition] { states.filter(\.initial) }

    /// Whether the accounts a pratica is shared with may change any field (`access: {shared: edit}`).
    public var hasSharedEdits: Bool {
        fields.contains { $0.sharedEdit || ($0.kind.group?.fields.contains(where: \.sharedEdit) ?? false) }
    }

    /// The fields linking to another pratica.
    public var praticaLinkFields: [FieldDefinition] {
        fields.filter { if case .praticaLink = $0.kind { true } else { false } }
    }

    /// The numbering series of the protocol field (`series:`), empty for the common one.
    public var protocolSeries: String { protocolField?.protocolSeries ?? "" }

    /// The protocol field, when the type numbers its pratiche.
    public var protocolField: FieldDefinition? {
        fields.first { if case .protocolNumber = $0.kind { true } else { false } }
    }

    /// The declared transitions leaving `state`, in declaration order.
    public func transitions(from state: String) -> [Transition] {
        guard let current = self.state(state) else { return [] }
        return transitions.filter { $0.from.matches(current) }
    }

    /// Whether a scalar path (`procedura`, `gestori.compenso_liquidato`) gets filter and sort index
    /// rows: fields marked `filter` or `column`, and every path the list block names. Dates and
    /// contacts are always indexed in their own tables.
    public func isIndexed(path: String) -> Bool {
        guard let (field, _) = resolve(path: path) else { return false }
        // Links to other pratiche are always indexed: the linked pratica finds its backlinks there.
        if case .praticaLink = field.kind { return true }
        return field.filter || field.column || listedPaths.contains(path)
    }

    /// Resolves `field` or `group.subfield` to its definition and, for a sub-field, its group.
    public func resolve(path: String) -> (field: FieldDefinition, group: FieldDefinition?)? {
        let parts = path.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let top = field(first) else { return nil }
        if parts.count == 1 { return (top, nil) }
        guard let sub = top.kind.group?.field(parts[1]) else { return nil }
        return (sub, top)
    }
}

/// A tab of the pratica form.
public struct Section: Sendable {
    public let id: String
    public let label: String
    public let fields: [FieldDefinition]
}

/// A workflow state.
public struct StateDefinition: Sendable, Hashable {
    public let id: String
    public let label: String
    public let initial: Bool
    public let final: Bool
}

/// A declared state change. Whether it is allowed for a given pratica is then the plugin's call.
public struct Transition: Sendable {
    public enum Source: Sendable {
        case states(Set<String>)
        /// Any state that is not final.
        case anyOpen

        func matches(_ state: StateDefinition) -> Bool {
            switch self {
            case .states(let ids): return ids.contains(state.id)
            case .anyOpen: return !state.final
            }
        }
    }

    public let from: Source
    public let to: String
    public let label: String
}

/// The list page's defaults for this type.
public struct ListDefaults: Sendable {
    /// The columns shown until a user picks others: field ids, built-ins, or `group.subfield`.
    public let columns: [String]
    /// The filters of the main panel.
    public let filters: [String]
    /// The default sort key, e.g. `data_apertura`, and its direction.
    public let sort: SortKey
}

/// A sort key: a field, built-in or `group.subfield`, ascending or descending.
public struct SortKey: Sendable, Hashable {
    public let key: String
    public let descending: Bool

    public init(key: String, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    /// Parses `-data_apertura` (descending) or `protocollo` (ascending).
    public init(parsing text: String) {
        if text.hasPrefix("-") {
            self.init(key: String(text.dropFirst()), descending: true)
        } else {
            self.init(key: text.hasPrefix("+") ? String(text.dropFirst()) : text, descending: false)
        }
    }
}

/// The fields every pratica has, which types do not declare.
public enum BuiltinField: String, Sendable, CaseIterable {
    case stato, anno, nome_cartella, creata, aggiornata

    /// The Italian column header.
    public var label: String {
        switch self {
        case .stato: return "Stato"
        case .anno: return "Anno"
        case .nome_cartella: return "Nome cartella"
        case .creata: return "Creata il"
        case .aggiornata: return "Aggiornata il"
        }
    }
}
