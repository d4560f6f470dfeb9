/// The one exact decimal number of Fascicolo: percentages, rates and fee formulas (in Swift and,
/// through Lua's `dec`, in plugins). An `Int128` mantissa and a count of decimal places; never a
/// binary floating point value.
///
/// Addition, subtraction and multiplication are exact (a product keeps at most `maximumScale`
/// places, rounded half up); division keeps `maximumScale` places, rounded half up (far below a
/// cent). An operation whose result would not fit (about 10^38) returns nil: it is reported,
/// never wrapped. Equal values compare and hash equal whatever their scale (`1.5 == 1.50`).
public struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The mantissa's two halves. Stored as 64-bit words so that the type keeps an 8-byte
    /// alignment inside `Value`, task frames and Lua userdata (an `Int128` field would ask for 16).
    private var high: Int64
    private var low: UInt64
    /// How many of the mantissa's digits are decimals (0...`maximumScale`).
    public private(set) var scale: Int

    /// The digits, as an integer: the value is `mantissa / 10^scale`.
    public private(set) var mantissa: Int128 {
        get { Int128(high) << 64 | Int128(low) }
        set {
            high = Int64(truncatingIfNeeded: newValue >> 64)
            low = UInt64(truncatingIfNeeded: newValue)
        }
    }

    /// The most decimal places a value keeps.
    public static let maximumScale = 24
    static let powers: [Int128] = (0...38).map { exponent in (0..<exponent).reduce(Int128(1)) { result, _ in result * 10 } }

    /// `mantissa × 10^-scale`; a scale above `maximumScale` is rounded to it.
    public init(mantissa: Int128, scale: Int) {
        precondition(scale >= 0 && scale <= 38, "ExactDecimal scale out of range")
        high = Int64(truncatingIfNeeded: mantissa >> 64)
        low = UInt64(truncatingIfNeeded: mantissa)
        self.scale = scale
        if scale > Self.maximumScale { self = rounded(Self.maximumScale) }
    }

    public init(_ integer: Int) { self.init(mantissa: Int128(integer), scale: 0) }
    public init(_ integer: Int64) { self.init(mantissa: Int128(integer), scale: 0) }

    /// An amount of money, exactly (two places).
    public init(_ money: Money) { self.init(mantissa: Int128(money.cents), scale: 2) }

    /// Parses `12.5`, `12,5`, `-3` or `12,5 %`; at most `maximumScale` decimals and 38 digits in all.
    /// Thousands separators are refused.
    public init?(parsing text: String) {
        var body = Substring(text.trimmingWhitespace())
        if body.hasSuffix("%") { body = Substring(body.dropLast().trimmingWhitespace()) }
        let negative = body.hasPrefix("-")
        if negative { body.removeFirst() }
        let parts = body.split(separator: body.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || !fraction.isEmpty, fraction.count <= Self.maximumScale,
            parts[0].count + fraction.count <= 38, let digits = Int128(String(parts[0]) + fraction)
        else { return nil }
        self.init(mantissa: negative ? -digits : digits, scale: fraction.count)
    }

    /// `1234.5`: the shortest exact form with a dot (trailing zero decimals dropped).
    public var plain: String {
        var digits = String(mantissa.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return (mantissa < 0 && digits != "0" ? "-" : "") + digits
    }

    /// `1234,5`: the Italian form (decimal comma, no grouping).
    public var italian: String { plain.replacingOccurrences(of: ".", with: ",") }

    public var description: String { plain }

    /// The number of digits after the decimal mark in the shortest exact form.
    public var significantScale: Int { trimmed().scale }

    /// Whether the value is zero.
    public var isZero: Bool { mantissa == 0 }

    /// The value as an amount of money when it has at most two decimals and fits an amount
    /// (15 integer digits); nil otherwise. Round first (`rounded(2)`) to convert any value.
    public var money: Money? {
        let trimmed = trimmed()
        guard trimmed.scale <= 2, let cents = trimmed.rescaled(to: 2), cents.magnitude < 100_000_000_000_000_000 else { return nil }
        return Money(cents: Int64(cents))
    }

    /// Rounds half away from zero ("half up" as Italian accounting means it) to `places` decimals.
    public func rounded(_ places: Int) -> ExactDecimal {
        guard places < scale else { return self }
        let divisor = Self.powers[scale - places]
        let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: divisor)
        let up = remainder.magnitude * 2 >= divisor.magnitude
        var result = self
        result.mantissa = quotient + (up ? (mantissa < 0 ? -1 : 1) : 0)
        result.scale = places
        return result
    }

    /// The same value without trailing zero places.
    public func trimmed() -> ExactDecimal {
        var result = self
        while result.scale > 0, result.mantissa % 10 == 0 {
            result.mantissa /= 10
            result.scale -= 1
        }
        return result
    }

    func rescaled(to target: Int) -> Int128? {
        guard target >= scale, target - scale < Self.powers.count else { return nil }
        let (value, overflow) = mantissa.multipliedReportingOverflow(by: Self.powers[target - scale])
        return overflow ? nil : value
    }

    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal? { combine(lhs, rhs) { $0.addingReportingOverflow($1) } }
    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal? { combine(lhs, rhs) { $0.subtractingReportingOverflow($1) } }

    private static func combine(
        _ lhs: ExactDecimal, _ rhs: ExactDecimal,
        _ operation: (Int128, Int128) -> (partialValue: Int128, overflow: Bool)
    ) -> ExactDecimal? {
        let scale = max(lhs.scale, rhs.scale)
        guard let a = lhs.rescaled(to: scale), let b = rhs.rescaled(to: scale) else { return nil }
        let result = operation(a, b)
        return result.overflow ? nil : ExactDecimal(mantissa: result.partialValue, scale: scale)
    }

    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal? {
        let (product, overflow) = lhs.mantissa.multipliedReportingOverflow(by: rhs.mantissa)
        if !overflow {
            let scale = lhs.scale + rhs.scale
            if scale <= 38 { return ExactDecimal(mantissa: product, scale: scale) }
            // More places than a scale can name: round the exact product to `maximumScale` places.
            let divisor = powers[scale - maximumScale]
            let (quotient, remainder) = product.quotientAndRemainder(dividingBy: divisor)
            let up = remainder.magnitude * 2 >= divisor.magnitude
            return ExactDecimal(mantissa: quotient + (up ? (product < 0 ? -1 : 1) : 0), scale: maximumScale)
        }
        // Too many digits at full precision (e.g. two results of divisions, or a large amount times
        // a long fraction): drop decimal places of the operands, one at a time, each time from the
        // operand whose dropped place changes the product least, until the product fits.
        var x = lhs.trimmed()
        var y = rhs.trimmed()
        while true {
            let (retry, again) = x.mantissa.multipliedReportingOverflow(by: y.mantissa)
            if !again, x.scale + y.scale <= 38 { return ExactDecimal(mantissa: retry, scale: x.scale + y.scale) }
            guard x.scale > 0 || y.scale > 0 else { return nil }
            // Rounding x at its last place moves the product by about 10^(digits of y's integer part − x.scale).
            let xError = y.integerDigits - x.scale
            let yError = x.integerDigits - y.scale
            if y.scale == 0 || (x.scale > 0 && xError <= yError) { x = x.rounded(x.scale - 1) } else { y = y.rounded(y.scale - 1) }
        }
    }

    /// Division to `maximumScale` places (one more digit, truncated, for the caller to round);
    /// a quotient too large for that many places gets as many as fit. Nil for a zero divisor or a
    /// quotient that does not fit at all.
    public static func / (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal? {
        let rhs = rhs.trimmed().scale > 12 ? rhs.rounded(12) : rhs.trimmed()
        guard rhs.mantissa != 0 else { return nil }
        // lhs/rhs = (lhs.m / rhs.m) × 10^(rhs.scale − lhs.scale), computed to `places` + 1 digits.
        for places in stride(from: maximumScale, through: 0, by: -1) {
            let shift = places + 1 + rhs.scale - lhs.scale
            guard shift >= 0 else { break }
            guard shift <= 38 else { continue }
            let (numerator, overflow) = lhs.mantissa.multipliedReportingOverflow(by: powers[shift])
            if !overflow { return ExactDecimal(mantissa: numerator / rhs.mantissa, scale: places + 1) }
        }
        return nil
    }

    /// How many digits the integer part has (at least 1).
    var integerDigits: Int { max(1, String(mantissa.magnitude).count - scale) }

    /// The opposite value; nil for the one mantissa that has none.
    public var negated: ExactDecimal? {
        let (value, overflow) = Int128(0).subtractingReportingOverflow(mantissa)
        return overflow ? nil : ExactDecimal(mantissa: value, scale: scale)
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) == 0 }
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) < 0 }

    public func hash(into hasher: inout Hasher) {
        let canonical = trimmed()
        hasher.combine(canonical.mantissa)
        hasher.combine(canonical.scale)
    }

    private static func compare(_ lhs: ExactDecimal, _ rhs: ExactDecimal) -> Int {
        let scale = max(lhs.scale, rhs.scale)
        if let a = lhs.rescaled(to: scale), let b = rhs.rescaled(to: scale) { return a < b ? -1 : (a == b ? 0 : 1) }
        // Rescaling overflowed: compare the integer parts, then the fractions (which always fit).
        let (a, fractionA) = lhs.mantissa.quotientAndRemainder(dividingBy: powers[lhs.scale])
        let (b, fractionB) = rhs.mantissa.quotientAndRemainder(dividingBy: powers[rhs.scale])
        if a != b { return a < b ? -1 : 1 }
        let x = fractionA * powers[scale - lhs.scale]
        let y = fractionB * powers[scale - rhs.scale]
        return x < y ? -1 : (x == y ? 0 : 1)
    }
}
