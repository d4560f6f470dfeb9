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
        var words: [String] = []
        var ranges: [PraticaQuery.DateRange] = []
        for token in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if let date = CalendarDate(parsing: token) {
                ranges.append(PraticaQuery.DateRange(field: nil, from: date.iso, to: date.iso, searchableOnly: true))
            } else if let month = CalendarDate(month: token) {
                ranges.append(PraticaQuery.DateRange(field: nil, from: month.firstOfMonth.iso, to: month.lastOfMonth.iso, searchableOnly: true))
            } else {
                let cleaned = token.filter { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "-" || $0 == "." || $0 == "'" }
                if cleaned.contains(where: { $0.isLetter || $0.isNumber }) { words.append(cleaned) }
            }
        }
        expression = words.isEmpty ? nil : FullTextPattern.allPrefixes(of: words.joined(separator: " "))
        dateRanges = ranges
    }
}

/// The same splitting for the contacts search (words only).
enum ContactSearchText {
    static func expression(_ text: String) -> String? {
        FullTextPattern.allPrefixes(of: text)
    }
}
