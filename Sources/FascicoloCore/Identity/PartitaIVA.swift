/// The Italian VAT number (partita IVA): 11 digits, the last one a Luhn check digit.
/// The same rule checks the 11-digit numeric codice fiscale of companies and associations.
public enum PartitaIVA {
    /// Why a text is not a valid partita IVA. The messages never quote the number.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not exactly 11 digits (letters, an `IT` prefix, a wrong length).
        case format
        /// The eleventh digit does not match the first ten.
        case checkDigit
        /// Well formed but never issued, such as all zeros.
        case notAssignable

        public var description: String {
            switch self {
            case .format: return "la partita IVA deve avere 11 cifre"
            case .checkDigit: return "cifra di controllo della partita IVA errata"
            case .notAssignable: return "partita IVA non assegnabile"
            }
        }
    }

    /// Validates `text` and returns it as 11 digits. Whitespace anywhere is ignored; an `IT`
    /// (VIES) prefix is not accepted, because the field holds the national number only.
    public static func validate(_ text: String) -> Result<String, Problem> {
        let compact = text.filter { !$0.isWhitespace }
        let digits = digitValues(compact)
        guard digits.count == 11, compact.utf8.count == 11 else { return .failure(.format) }
        guard checkDigit(for: String(compact.prefix(10))) == digits[10] else { return .failure(.checkDigit) }
        guard digits.contains(where: { $0 != 0 }) else { return .failure(.notAssignable) }
        return .success(compact)
    }

    /// The check digit (0–9) for the first 10 digits: odd positions count as they are, even
    /// positions are doubled (minus 9 when above 9), and the digit brings the sum to a multiple of 10.
    /// - Precondition: `first10` is 10 ASCII digits.
    public static func checkDigit(for first10: String) -> Int {
        let digits = digitValues(first10)
        precondition(digits.count == 10 && first10.utf8.count == 10, "a partita IVA check digit needs 10 digits")
        var sum = 0
        for (offset, digit) in digits.enumerated() {
            if offset % 2 == 0 {
                sum += digit
            } else {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            }
        }
        return (10 - sum % 10) % 10
    }

    /// The full 11-digit number for a 10-digit `serial` (taxpayer serial and office code), for
    /// generating synthetic data.
    /// - Precondition: `serial` is 10 ASCII digits.
    public static func compute(serial: String) -> String {
        serial + String(checkDigit(for: serial))
    }

    /// The values of the ASCII digits in `text`, skipping any other byte.
    private static func digitValues(_ text: String) -> [Int] {
        text.utf8.compactMap { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) ? Int($0 - UInt8(ascii: "0")) : nil }
    }
}
