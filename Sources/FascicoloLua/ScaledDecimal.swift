import Foundation
import FascicoloCore

/// The number behind Lua's `dec`: an `Int128` mantissa and a count of decimal places.
///
/// Addition, subtraction and multiplication are exact; division keeps 24 decimal places, rounded
/// half up (far below a cent). Unlike Foundation's `Decimal` it does not renormalise after every
/// operation, which makes fee formulas several times faster. Results that would overflow
/// (about 10^38) are reported, never wrapped.
struct ScaledDecimal: Equatable, Comparable, Sendable {
    var mantissa: Int128
    var scale: Int

    static let maximumScale = 24
    private static let powers: [Int128] = (0...38).map { exponent in (0..<exponent).reduce(Int128(1)) { result, _ in result * 10 } }

    init(mantissa: Int128, scale: Int) {
        self.mantissa = mantissa
        self.scale = scale
    }

    init(_ integer: Int64) { self.init(mantissa: Int128(integer), scale: 0) }

    /// Parses the plain form `-1234.5678` (as `ExactDecimal.plain` writes it).
    init?(plain text: String) {
        var digits = text
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts[0].count + (parts.count == 2 ? parts[1].count : 0) <= 37 else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= Self.maximumScale, let value = Int128(String(parts[0]) + fraction) else { return nil }
        self.init(mantissa: negative ? -value : value, scale: fraction.count)
    }

    init?(_ exact: ExactDecimal) { self.init(plain: exact.plain) }

    /// The exact value as `ExactDecimal`: built from the mantissa when it fits 64 bits, else from text.
    var exact: ExactDecimal? {
        if let small = UInt64(exactly: mantissa.magnitude) {
            return ExactDecimal(Decimal(sign: mantissa < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(small)))
        }
        return ExactDecimal(parsing: plain)
    }

    /// `-1234.5678`, trailing zeros removed.
    var plain: String {
        let magnitude = mantissa.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return (mantissa < 0 && digits != "0" ? "-" : "") + digits
    }

    private func rescaled(to target: Int) -> Int128? {
        guard target >= scale else { return nil }
        let (value, overflow) = mantissa.multipliedReportingOverflow(by: Self.powers[target - scale])
        return overflow ? nil : value
    }

    /// Rounds half away from zero to `places` decimals.
    func rounded(_ places: Int) -> ScaledDecimal {
        guard places < scale else { return self }
        let divisor = Self.powers[scale - places]
        let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: divisor)
        let up = remainder.magnitude * 2 >= divisor.magnitude
        return ScaledDecimal(mantissa: quotient + (up ? (mantissa < 0 ? -1 : 1) : 0), scale: places)
    }

    static func + (lhs: ScaledDecimal, rhs: ScaledDecimal) -> ScaledDecimal? { combine(lhs, rhs) { $0.addingReportingOverflow($1) } }
    static func - (lhs: ScaledDecimal, rhs: ScaledDecimal) -> ScaledDecimal? { combine(lhs, rhs) { $0.subtractingReportingOverflow($1) } }

    private static func combine(_ lhs: ScaledDecimal, _ rhs: ScaledDecimal,
                                _ operation: (Int128, Int128) -> (partialValue: Int128, overflow: Bool)) -> ScaledDecimal? {
        let scale = max(lhs.scale, rhs.scale)
        guard let a = lhs.rescaled(to: scale), let b = rhs.rescaled(to: scale) else { return nil }
        let result = operation(a, b)
        return result.overflow ? nil : ScaledDecimal(mantissa: result.partialValue, scale: scale)
    }

    static func * (lhs: ScaledDecimal, rhs: ScaledDecimal) -> ScaledDecimal? {
        let (product, overflow) = lhs.mantissa.multipliedReportingOverflow(by: rhs.mantissa)
        guard overflow else {
            let result = ScaledDecimal(mantissa: product, scale: lhs.scale + rhs.scale)
            return result.scale > maximumScale ? result.rounded(maximumScale) : result
        }
        // Too many digits at full precision (e.g. two results of divisions): drop the operands'
        // least significant places, keeping 24 places in the result.
        let a = lhs.trimmed(), b = rhs.trimmed()
        guard a.scale + b.scale > maximumScale else { return nil }
        let places = max(0, maximumScale / 2)
        let (retry, again) = a.rounded(places).mantissa.multipliedReportingOverflow(by: b.rounded(places).mantissa)
        guard !again else { return nil }
        return ScaledDecimal(mantissa: retry, scale: a.rounded(places).scale + b.rounded(places).scale).rounded(maximumScale)
    }

    /// The same value without trailing zero places.
    func trimmed() -> ScaledDecimal {
        var result = self
        while result.scale > 0, result.mantissa % 10 == 0 {
            result.mantissa /= 10
            result.scale -= 1
        }
        return result
    }

    /// Division to `maximumScale` places, half up; nil for a zero divisor or an overflow.
    static func / (lhs: ScaledDecimal, rhs: ScaledDecimal) -> ScaledDecimal? {
        guard rhs.mantissa != 0 else { return nil }
        let rhs = rhs.trimmed().scale > 12 ? rhs.rounded(12) : rhs.trimmed()
        guard rhs.mantissa != 0 else { return nil }
        // lhs/rhs = (lhs.m / rhs.m) × 10^(rhs.scale − lhs.scale); compute one extra digit to round.
        let shift = maximumScale + 1 + rhs.scale - lhs.scale
        guard shift >= 0, shift <= 38 else { return nil }
        let (numerator, overflow) = lhs.mantissa.multipliedReportingOverflow(by: powers[shift])
        guard !overflow else { return nil }
        return ScaledDecimal(mantissa: numerator / rhs.mantissa, scale: maximumScale + 1).rounded(maximumScale)
    }

    /// Negation; nil for the one mantissa that has no opposite.
    static prefix func - (value: ScaledDecimal) -> ScaledDecimal? {
        let (negated, overflow) = Int128(0).subtractingReportingOverflow(value.mantissa)
        return overflow ? nil : ScaledDecimal(mantissa: negated, scale: value.scale)
    }

    static func == (lhs: ScaledDecimal, rhs: ScaledDecimal) -> Bool { compare(lhs, rhs) == 0 }
    static func < (lhs: ScaledDecimal, rhs: ScaledDecimal) -> Bool { compare(lhs, rhs) < 0 }

    private static func compare(_ lhs: ScaledDecimal, _ rhs: ScaledDecimal) -> Int {
        let scale = max(lhs.scale, rhs.scale)
        if let a = lhs.rescaled(to: scale), let b = rhs.rescaled(to: scale) { return a < b ? -1 : (a == b ? 0 : 1) }
        // Rescaling overflowed: compare the integer parts, then the fractions (which always fit).
        let (a, fractionA) = lhs.mantissa.quotientAndRemainder(dividingBy: powers[lhs.scale])
        let (b, fractionB) = rhs.mantissa.quotientAndRemainder(dividingBy: powers[rhs.scale])
        if a != b { return a < b ? -1 : 1 }
        let x = fractionA * powers[scale - lhs.scale], y = fractionB * powers[scale - rhs.scale]
        return x < y ? -1 : (x == y ? 0 : 1)
    }
}
