/// A schema-free description of which pratiche to list and how: the engine translates user
/// filters (by field name and type) into this, and `QueryBuilder` into SQL.
public struct PraticaQuery: Sendable {
    /// Only pratiche owned by these accounts…
    public var accountIds: [Int64]
    /// …or shared with these (empty when the accounts receive no shares: the plain, faster query).
    public var sharedWith: [Int64] = []
    public var type: String?
    /// Any of these states (empty: any state).
    public var states: [String] = []
    /// Only pratiche whose year (anno) is in this inclusive range.
    public var yearFrom: Int?
    public var yearTo: Int?
    /// Each range must be met by some date; `field` nil means any date field.
    public var dateRanges: [DateRange] = []
    /// Each filter must be met by some indexed value of its field.
    public var valueFilters: [ValueFilter] = []
    /// Each filter must be met by some linked contact; `field` nil means any contact field.
    public var contactFilters: [ContactFilter] = []
    /// An FTS5 expression every pratica must match.
    public var fullText: String?
    /// Types that hide fields from shared accounts: their pratiche shared with `sharedWith` must
    /// match `fullText` on the text those accounts may search.
    public var typesHidingFields: [String] = []
    public var sort: Sort = Sort(key: .created, descending: true)
    public var limit: Int = 50
    public var offset: Int = 0
    /// How far a list reads before it bounds its count (see `ListPlanner`).
    public var limits = ListLimits()

    public init(accountIds: [Int64]) { self.accountIds = accountIds }

    public struct DateRange: Sendable {
        public var field: String?
        /// ISO dates, inclusive; nil is open-ended.
        public var from: String?
        public var to: String?
        /// Only dates of fields that full-text search may look at (the search box).
        public var searchableOnly: Bool
        /// Dates of these fields never match (fields hidden from shared accounts).
        public var excludedFields: [String] = []

        public init(field: String?, from: String?, to: String?, searchableOnly: Bool = false) {
            self.field = field
            self.from = from
            self.to = to
            self.searchableOnly = searchableOnly
        }
    }

    public struct ValueFilter: Sendable {
        public enum Match: Sendable {
            case anyOf([IndexValue])
            case range(from: IndexValue?, to: IndexValue?)
            /// Text containing this fragment (case-insensitive for ASCII).
            case contains(String)
        }

        public var field: String
        public var match: Match

        public init(field: String, match: Match) {
            self.field = field
            self.match = match
        }
    }

    public struct ContactFilter: Sendable {
        public var field: String?
        public var contactIds: [Int64]
        /// Links in these fields never match (fields hidden from shared accounts).
        public var excludedFields: [String] = []

        public init(field: String?, contactIds: [Int64]) {
            self.field = field
            self.contactIds = contactIds
        }
    }

    public struct Sort: Sendable {
        public enum Key: Sendable, Equatable {
            case created, updated, state, year, folderName, protocolNumber
            /// A top-level date field (in `pratica_date`, row 0).
            case date(String)
            /// A top-level indexed value (in `pratica_value`, row 0).
            case value(String)
        }

        public var key: Key
        public var descending: Bool

        public init(key: Key, descending: Bool) {
            self.key = key
            self.descending = descending
        }
    }
}
