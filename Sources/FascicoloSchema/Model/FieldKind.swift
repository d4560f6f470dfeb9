import FascicoloCore

/// The declared type of a field and its type-specific options.
public enum FieldKind: Sendable {
    case text(maxLength: Int)
    case longtext
    case integer(min: Int64?, max: Int64?)
    case money(min: Money?, max: Money?)
    /// `decimals`: the most decimal places a value may have (2 unless the YAML says up to 6).
    case percent(min: ExactDecimal, max: ExactDecimal, decimals: Int)
    case date
    case datetime
    case time
    case boolean
    case enumeration(EnumOptions)
    case contact(role: ContactRole?)
    /// Another pratica of the same office (its id), of one of `types` when they are given.
    case praticaLink(types: [String])
    case protocolNumber
    case email
    case pec
    case phone
    case codiceFiscale
    case partitaIVA
    case group(GroupDefinition)

    /// The YAML spelling of each type, as written after `type:`.
    public static let names = [
        "text", "longtext", "integer", "money", "percent", "date", "datetime", "time", "boolean",
        "enum", "contact", "pratica", "protocol", "email", "pec", "phone", "codice_fiscale", "partita_iva", "group",
    ]

    /// The YAML spelling of this kind (`money`, `enum`, `codice_fiscale`…), one of `names`.
    public var name: String {
        switch self {
        case .text: return "text"
        case .longtext: return "longtext"
        case .integer: return "integer"
        case .money: return "money"
        case .percent: return "percent"
        case .date: return "date"
        case .datetime: return "datetime"
        case .time: return "time"
        case .boolean: return "boolean"
        case .enumeration: return "enum"
        case .contact: return "contact"
        case .praticaLink: return "pratica"
        case .protocolNumber: return "protocol"
        case .email: return "email"
        case .pec: return "pec"
        case .phone: return "phone"
        case .codiceFiscale: return "codice_fiscale"
        case .partitaIVA: return "partita_iva"
        case .group: return "group"
        }
    }

    /// Whether a value of this kind is a calendar date (indexed for the calendar and date search).
    public var isDate: Bool { if case .date = self { true } else { false } }

    /// Whether this is a repeatable group.
    public var group: GroupDefinition? { if case .group(let definition) = self { definition } else { nil } }
}

/// The role a contact plays in a pratica, which the contact picker uses to suggest people.
public enum ContactRole: String, Sendable, CaseIterable {
    case debitore, avvocato, consulente, gestore, creditore, altro
}

/// The options of an `enum` field, declared inline or read from a CSV file.
public struct EnumOptions: Sendable {
    public struct Option: Sendable, Hashable {
        public let value: String
        public let label: String

        public init(value: String, label: String) {
            self.value = value
            self.label = label
        }
    }

    public let options: [Option]
    private let labels: [String: String]

    public init(options: [Option]) {
        self.options = options
        self.labels = Dictionary(options.map { ($0.value, $0.label) }, uniquingKeysWith: { first, _ in first })
    }

    /// The label shown for a stored value, or nil when the value is not an option.
    public func label(for value: String) -> String? { labels[value] }
}

/// A repeatable group of fields (gestori, udienze, scadenze).
public struct GroupDefinition: Sendable {
    public let fields: [FieldDefinition]
    public let min: Int
    public let max: Int?
    /// The name of one row, e.g. "Udienza".
    public let itemLabel: String

    /// The sub-field with this id, if any.
    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }
}
