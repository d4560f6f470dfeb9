import Foundation

/// Exact base-10 arithmetic for percentages and fee formulas. Wraps Foundation's `Decimal`
/// (38 significant digits, no binary rounding), and never converts through `Double`.
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Decimal

    public init(_ value: Decimal) { self.value = value }
    public init(_ integer: Int) { self.value = Decimal(integer) }

    /// Parses `12.5`, `12,5` or `-3`; at most 30 decimals. Thousands separators are refused.
    public init?(parsing text: String) {
        var body = text.trimmingWhitespace()
        if body.hasSuffix("%") { body = String(body.dropLast()).trimmingWhitespace() }
        let negative = body.hasPrefix("-")
        if negative { body.removeFirst() }
        let parts = body.split(separator: body.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 20,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts.count == 1 || (1...30).contains(parts[1].count),
              let parsed = Decimal(string: parts.joined(separator: "."), locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        self.value = negative ? -parsed : parsed
    }

    /// The number of digits after the decimal mark in the shortest exact rendering.
    public var scale: Int {
        guard let dot = plain.firstIndex(of: ".") else { return 0 }
        return plain.distance(from: dot, to: plain.endIndex) - 1
    }

    /// Rounds half away from zero ("half up" as Italian accounting means it) to `places` decimals.
    public func rounded(_ places: Int) -> ExactDecimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return ExactDecimal(output)
    }

    /// `1234.5`: the shortest exact form with a dot.
    public var plain: String { NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX")) }

    /// `1234,5`: the Italian form (decimal comma, no grouping).
    public var italian: String { plain.replacingOccurrences(of: ".", with: ",") }

    public var description: String { plain }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { lhs.value < rhs.value }
}
