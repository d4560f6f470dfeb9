import FascicoloCore

/// Checks of the identity-code field types shared by pratiche and contacts.
public enum IdentityCodes {
    /// A codice fiscale as stored (upper case, no spaces): 16 characters checked with their check
    /// letter and birth date, or 11 digits (companies) checked like a partita IVA.
    public static func codiceFiscale(_ text: String, today: CalendarDate) -> Result<String, CoercionFailure> {
        let compact = text.filter { !$0.isWhitespace }.uppercased()
        if compact.count == 11, compact.allSatisfy(\.isASCIIDigit) {
            return PartitaIVA.validate(compact).mapError { _ in CoercionFailure("codice fiscale numerico non valido") }
        }
        return CodiceFiscale.parse(compact, today: today).map(\.normalized).mapError { CoercionFailure($0.description) }
    }
}

/// A light check of e-mail and PEC addresses: one `@`, a dotted domain, no spaces.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, text.count <= 254,
            !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
            && labels.last!.count >= 2
    }
}

/// Telephone numbers: digits with an optional leading `+`, spaces, dots, dashes or slashes.
public enum PhoneNumber {
    /// The number with separators removed (`+39 02 1234567` → `+39021234567`), or nil when invalid.
    public static func normalize(_ text: String) -> String? {
        var body = text.trimmingWhitespace()
        let plus = body.hasPrefix("+")
        if plus { body.removeFirst() }
        guard body.allSatisfy({ $0.isASCIIDigit || " .-/()".contains($0) }) else { return nil }
        let digits = body.filter(\.isASCIIDigit)
        guard (6...15).contains(digits.count) else { return nil }
        return (plus ? "+" : "") + digits
    }
}
