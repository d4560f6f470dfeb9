import FascicoloCore

/// What a user asks of the pratiche list: a type, filters, a search text, a sort, a page.
public struct ListRequest: Sendable {
    /// A filter on one field: `stato=aperta,conclusa`, `data_apertura=2025-01-01..2025-06-30`,
    /// `gestori.gestore=12`, `procedura=piano_consumatore`, `valore_passivo=10000..`.
    public struct Filter: Sendable, Hashable {
        public var field: String
        public var expression: String

        public init(field: String, expression: String) {
            self.field = field
            self.expression = expression
        }

        /// Parses `field=expression`.
        public init?(parsing text: String) {
            guard let equals = text.firstIndex(of: "=") else { return nil }
            self.init(field: text[..<equals].trimmingWhitespace(), expression: text[text.index(after: equals)...].trimmingWhitespace())
        }
    }

    public var type: String?
    public var filters: [Filter] = []
    /// Pratiche linking this contact in any contact field (the "soggetto" filter).
    public var contactId: Int64?
    /// Words and dates to search across all searchable data.
    public var text: String?
    /// A field or built-in, `-` prefixed for descending; nil uses the type's default.
    public var sort: String?
    /// 1-based.
    public var page: Int = 1
    public var pageSize: Int = 50

    public init(type: String? = nil) { self.type = type }
}

/// One page of pratiche with the total count of matches.
public struct ListResult: Sendable {
    public let pratiche: [Pratica]
    /// How many pratiche match.
    public let total: Int
    public let page: Int
    public let pageSize: Int

    public init(pratiche: [Pratica], total: Int, page: Int, pageSize: Int) {
        self.pratiche = pratiche
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }

    /// "1 pratica", "1.234 pratiche".
    public var totalText: String { total == 1 ? "1 pratica" : "\(Self.grouped(total)) pratiche" }

    private static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var result = ""
        while digits.count > 3 {
            result = "." + digits.suffix(3) + result
            digits.removeLast(3)
        }
        return digits + result
    }

    /// The number of pages (at least 1).
    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }
}
