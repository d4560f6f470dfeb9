/// An exact amount of euro, held as integer cents.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The amount in cents (1 € = 100).
    public let cents: Int64

    public init(cents: Int64) { self.cents = cents }

    /// Parses an amount written the plain way (`1234.5`, `-12`) or the Italian way
    /// (`1.234,50`, `€ 1.234,50`). More than two decimals is an error, never a silent rounding.
    public init?(parsing text: String) {
        if let cents = Self.canonicalCents(text.utf8) {
            self.cents = cents
            return
        }
        var body = text.trimmingWhitespace()
        if body.hasPrefix("€") { body = String(body.dropFirst()).trimmingWhitespace() }
        if body.hasSuffix("€") { body = String(body.dropLast()).trimmingWhitespace() }
        let negative = body.hasPrefix("-")
        if negative || body.hasPrefix("+") { body.removeFirst() }
        guard let (integer, fraction) = Self.split(body), !integer.isEmpty || !fraction.isEmpty,
            fraction.count <= 2, integer.count <= 15
        else { return nil }
        let whole = Int64(integer.isEmpty ? "0" : integer)!
        let paddedFraction = fraction + String(repeating: "0", count: 2 - fraction.count)
        let cents = whole * 100 + Int64(paddedFraction)!
        self.cents = negative ? -cents : cents
    }

    /// Reads exactly the stored form `-?digits.dd` without building substrings, with the same
    /// ceiling as every other amount: at most 15 integer digits.
    private static func canonicalCents(_ bytes: String.UTF8View) -> Int64? {
        let count = bytes.count
        let sign = bytes.first == UInt8(ascii: "-") ? 1 : 0
        guard count >= 4, count - sign <= 18 else { return nil }
        var cents: Int64 = 0
        var negative = false
        for (index, byte) in bytes.enumerated() {
            if index == 0 && byte == UInt8(ascii: "-") {
                negative = true
            } else if index == count - 3 {
                guard byte == UInt8(ascii: ".") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                cents = cents * 10 + Int64(byte - UInt8(ascii: "0"))
            }
        }
        if negative && count < 5 { return nil }
        return negative ? -cents : cents
    }

    /// Splits digits into integer and fraction parts, accepting `.` or `,` as the decimal mark
    /// and the other one as a thousands separator placed every three digits.
    private static func split(_ body: String) -> (String, String)? {
        guard body.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }) else { return nil }
        let lastComma = body.lastIndex(of: ",")
        let lastDot = body.lastIndex(of: ".")
        let decimalMark: Character?
        switch (lastDot, lastComma) {
        case (nil, nil):
            decimalMark = nil
        case (let dot?, let comma?):
            // Both appear: the later one is the decimal mark (1.234,56 or 1,234.56).
            decimalMark = dot > comma ? "." : ","
        case (nil, _?):
            decimalMark = body.filter { $0 == "," }.count == 1 ? "," : nil
        case (_?, nil):
            // A single dot followed by exactly three digits is Italian grouping (1.234); otherwise a decimal point.
            decimalMark = body.filter { $0 == "." }.count == 1 && !Self.looksLikeThousands(body, mark: ".") ? "." : nil
        }
        var integerPart = body
        var fraction = ""
        if let mark = decimalMark, let index = body.lastIndex(of: mark) {
            integerPart = String(body[..<index])
            fraction = String(body[body.index(after: index)...])
            guard fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        }
        let separator: Character
        switch decimalMark {
        case ",": separator = "."
        case ".": separator = ","
        default: separator = lastDot != nil ? "." : ","
        }
        let groups = integerPart.split(separator: separator, omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard groups.first!.count <= 3, !groups.first!.isEmpty,
                groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
        }
        let digits = groups.joined()
        guard digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return (digits, fraction)
    }

    /// `1.234` with no comma reads as one thousand two hundred thirty-four (Italian grouping).
    private static func looksLikeThousands(_ body: String, mark: Character) -> Bool {
        guard let index = body.lastIndex(of: mark) else { return false }
        return body[body.index(after: index)...].count == 3 && body[..<index].count <= 3 && !body.hasPrefix("0")
    }

    /// `1234.50`: the storage and API form, always two decimals.
    public var plain: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        return "\(sign)\(magnitude / 100).\(CalendarDate.pad(Int(magnitude % 100), 2))"
    }

    /// `1.234,50`: the Italian display form.
    public var italian: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var integer = String(magnitude / 100)
        var grouped = ""
        while integer.count > 3 {
            grouped = "." + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        return "\(sign)\(integer)\(grouped),\(CalendarDate.pad(Int(magnitude % 100), 2))"
    }

    public var description: String { plain }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
}
