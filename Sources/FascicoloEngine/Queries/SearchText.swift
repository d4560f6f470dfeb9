import FascicoloCore
import FascicoloStore

/// Splits what a user types in the search box into dates (searched in every date field) and
/// words (searched with the full-text index, each as a prefix).
struct SearchText {
    /// The FTS5 pattern for the words (each a prefix), nil when there are none.
    let expression: String?
    /// One range per date or month typed: `15/03/2025`, `2025-03-15` (a day) or `03/2025` (a month).
    let dateRanges: [PraticaQuery.DateRange]

    init(_ text: String) {
        let tokens = SearchTokens(text)
        expression = tokens.words.isEmpty ? nil : FullTextPattern.allPrefixes(of: tokens.words.joined(separator: " "))
        dateRanges =
            tokens.days.map { PraticaQuery.DateRange(field: nil, from: $0.iso, to: $0.iso, searchableOnly: true) }
            + tokens.months.map { PraticaQuery.DateRange(field: nil, from: $0.iso, to: $0.lastOfMonth.iso, searchableOnly: true) }
    }
}

/// The same splitting for the contacts search (words only).
enum ContactSearchText {
    static func expression(_ text: String) -> String? {
        FullTextPattern.allPrefixes(of: text)
    }
}
