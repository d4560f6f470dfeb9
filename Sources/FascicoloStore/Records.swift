/// A pratica as stored: the common columns and its typed fields as one JSON document.
public struct PraticaRow: Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var accountId: Int64
    public var year: Int
    public var state: String
    public var folderName: String
    public var protocolSlot: ProtocolSlot?
    /// The typed fields, as JSON text.
    public var fields: String
    public var createdAt: String
    public var updatedAt: String
    public var version: Int64

    public init(
        id: Int64 = 0, type: String, accountId: Int64, year: Int, state: String, folderName: String,
        protocolSlot: ProtocolSlot?, fields: String, createdAt: String, updatedAt: String, version: Int64 = 1
    ) {
        self.id = id
        self.type = type
        self.accountId = accountId
        self.year = year
        self.state = state
        self.folderName = folderName
        self.protocolSlot = protocolSlot
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// A protocol number of one series and year, with the text the plugin formatted for it.
public struct ProtocolSlot: Sendable, Equatable {
    public var series: String
    public var year: Int
    public var number: Int
    public var text: String

    public init(series: String = "", year: Int, number: Int, text: String) {
        self.series = series
        self.year = year
        self.number = number
        self.text = text
    }
}

/// The derived rows that make a pratica findable, rebuilt from scratch on every write.
public struct PraticaIndex: Sendable {
    /// Every date: `field` is `data_apertura` or `udienze.data`; `row` is the 1-based group row, 0 at top level;
    /// `searchable` is false for fields declared `search: false`.
    public var dates: [(field: String, row: Int, date: String, searchable: Bool)] = []
    /// Filterable and sortable values: integers (cents for money) or texts.
    public var values: [(field: String, row: Int, value: IndexValue)] = []
    /// Linked contacts.
    public var contacts: [(field: String, row: Int, contactId: Int64)] = []
    /// Everything full-text search should find, space separated.
    public var searchText: String = ""
    /// The same without the fields hidden from shared accounts; nil when the type hides none.
    public var sharedSearchText: String?

    public init() {}

    /// The index with `words` (a folder name, a protocol) searchable too, in front.
    public func findable(with words: [String]) -> PraticaIndex {
        let front = words.filter { !$0.isEmpty }
        guard !front.isEmpty else { return self }
        var index = self
        index.searchText = (front + [searchText]).filter { !$0.isEmpty }.joined(separator: " ")
        index.sharedSearchText = sharedSearchText.map { (front + [$0]).filter { !$0.isEmpty }.joined(separator: " ") }
        return index
    }
}

/// A value in the filter index: numbers compare as numbers, texts as texts.
public enum IndexValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
}

/// A contact of the anagrafica as stored: its fields as one JSON document plus the columns
/// that are searched or constrained.
public struct ContactRow: Sendable, Equatable {
    public var id: Int64
    public var accountId: Int64
    /// `fisica` or `giuridica`.
    public var kind: String
    public var document: String
    public var displayName: String
    public var codiceFiscale: String?
    public var createdAt: String
    public var updatedAt: String
    public var version: Int64

    public init(
        id: Int64 = 0, accountId: Int64, kind: String, document: String, displayName: String,
        codiceFiscale: String?, createdAt: String, updatedAt: String, version: Int64 = 1
    ) {
        self.id = id
        self.accountId = accountId
        self.kind = kind
        self.document = document
        self.displayName = displayName
        self.codiceFiscale = codiceFiscale
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// An account: an OCC or a professional, with its 6-digit sharing code.
public struct AccountRow: Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var name: String
    /// `occ` or `professionista`.
    public var kind: String

    public init(id: Int64 = 0, code: String, name: String, kind: String) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// One line of the append-only audit log.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    /// `pratica`, `contact` or `account`.
    public var subject: String
    public var subjectId: Int64
    /// `create`, `update`, `transition`, `protocol`, `import`…
    public var action: String
    public var field: String?
    public var oldValue: String?
    public var newValue: String?

    public init(
        id: Int64 = 0, at: String, actor: String, subject: String, subjectId: Int64, action: String,
        field: String? = nil, oldValue: String? = nil, newValue: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.subject = subject
        self.subjectId = subjectId
        self.action = action
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}
