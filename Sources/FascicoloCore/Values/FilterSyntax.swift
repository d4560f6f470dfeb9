/// The syntax of what users type to filter and search lists, before any field gives it meaning:
/// `a,b,c` lists, `a..b` ranges, and the search box's words, days and months.
public enum FilterSyntax {
    /// `a,b,c` as trimmed, non-empty items.
    public static func items(_ expression: String) -> [String] {
        expression.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// `a..b`, `a..`, `..b` or `a` (exactly a); nil when a bound does not parse or both are missing.
    public static func range<T>(_ expression: String, parse: (String) -> T?) -> (from: T?, to: T?)? {
        guard let dots = expression.range(of: "..") else {
            guard let value = parse(expression.trimmingWhitespace()) else { return nil }
            return (value, value)
        }
        let lower = expression[..<dots.lowerBound].trimmingWhitespace()
        let upper = expression[dots.upperBound...].trimmingWhitespace()
        let from = lower.isEmpty ? nil : parse(lower)
        let to = upper.isEmpty ? nil : parse(upper)
        guard lower.isEmpty || from != nil, upper.isEmpty || to != nil, !(lower.isEmpty && upper.isEmpty) else { return nil }
        return (from, to)
    }
}

/// What a user types in the search box, split: days (`15/03/2025`, `2025-03-15`), months
/// (`03/2025`) and words — each kept to the Unicode scalars that are letters or digits and
/// `/ - . '`, and only when it holds a letter or a digit. (Scalars, not characters: dropping a
/// character can join its neighbours into a new one, such as `-` and a combining mark.)
public struct SearchTokens: Sendable, Equatable {
    public private(set) var words: [String] = []
    public private(set) var days: [CalendarDate] = []
    /// The first day of each month typed.
    public private(set) var months: [CalendarDate] = []

    public init(_ text: String) {
        for token in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if let date = CalendarDate(parsing: token) {
                days.append(date)
            } else if let month = CalendarDate(month: token) {
                months.append(month.firstOfMonth)
            } else {
                var cleaned = String.UnicodeScalarView()
                cleaned.append(contentsOf: token.unicodeScalars.filter { Self.isWordScalar($0) || "/-.'".unicodeScalars.contains($0) })
                if cleaned.contains(where: Self.isWordScalar) { words.append(String(cleaned)) }
            }
        }
    }

    /// A letter or a digit (of any script).
    public static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
