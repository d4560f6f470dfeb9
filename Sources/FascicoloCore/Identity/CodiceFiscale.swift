import Foundation

/// The Italian tax code (codice fiscale): 16 characters for a natural person, 11 digits for a
/// company. The rules are those of D.M. 23 dicembre 1976, summarised in `algorithms.md`.
public enum CodiceFiscale {
    /// What a valid 16-character codice fiscale encodes.
    public struct Parsed: Hashable, Sendable {
        /// The code as written, upper case and without spaces (omocodia letters kept).
        public let normalized: String
        /// The birth date, in the most recent century that does not put it after `today`.
        public let birthDate: CalendarDate
        /// Whether the day was encoded with the +40 used for women.
        public let isFemale: Bool
        /// The Belfiore code of the birthplace (`H501`, `Z404`), omocodia letters mapped back to digits.
        public let birthplaceCode: String
    }

    /// Why a text is not a valid codice fiscale. The messages never quote the code, which is personal data.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// Not 16 characters once spaces are removed.
        case length
        /// A character or field (month letter, day) that cannot appear at its position.
        case format
        /// The sixteenth character does not match the first fifteen.
        case checkCharacter
        /// The encoded birth date does not exist (31 February).
        case date

        public var description: String {
            switch self {
            case .length: return "il codice fiscale deve avere 16 caratteri"
            case .format: return "formato del codice fiscale non valido"
            case .checkCharacter: return "carattere di controllo del codice fiscale errato"
            case .date: return "data di nascita nel codice fiscale inesistente"
            }
        }
    }

    /// Validates a 16-character personal code and decodes it. Whitespace is removed and letters
    /// are upper-cased first. The check character is verified on the code as written, so every
    /// omocodia variant is accepted; the two-digit year is read in the latest century that does
    /// not place the birth after `today`.
    public static func parse(_ text: String, today: CalendarDate) -> Result<Parsed, Problem> {
        let compact = text.filter { !$0.isWhitespace }
        guard compact.count == 16 else { return .failure(.length) }
        guard compact.utf8.count == 16 else { return .failure(.format) }
        let code = Array(compact.uppercased().utf8)
        guard hasValidShape(code) else { return .failure(.format) }
        guard checkCharacter(of: code.prefix(15)) == code[15] else { return .failure(.checkCharacter) }
        let plain = code.enumerated().map { numericPositions.contains($0.offset) ? digitForOmocodia($0.element) : $0.element }
        let month = monthLetters.firstIndex(of: code[8])! + 1  // present: the shape is valid
        let dayField = number(plain[9], plain[10])
        guard
            let birthDate = birthDate(
                year: number(plain[6], plain[7]), month: month,
                day: dayField > 40 ? dayField - 40 : dayField, today: today)
        else { return .failure(.date) }
        return .success(
            Parsed(
                normalized: String(decoding: code, as: UTF8.self), birthDate: birthDate,
                isFemale: dayField > 40, birthplaceCode: String(decoding: plain[11..<15], as: UTF8.self)))
    }

    /// The check character for the first 15 characters of a code.
    /// - Precondition: `first15` is 15 ASCII letters or digits (either case).
    public static func checkCharacter(for first15: String) -> Character {
        let bytes = Array(first15.uppercased().utf8)
        precondition(
            bytes.count == 15 && bytes.allSatisfy { isLetter($0) || isDigit($0) },
            "a codice fiscale check character needs 15 letters or digits")
        return Character(Unicode.Scalar(checkCharacter(of: bytes[...])))
    }

    /// The codice fiscale of a person without omocodia, for generating realistic synthetic data.
    /// Surname: its consonants, then its vowels, then `X`, three letters in all. Name: the same,
    /// except that with four or more consonants it takes the first, third and fourth. Only letters
    /// count, with accents removed.
    /// - Precondition: `birthplaceCode` is a Belfiore code: a letter and three digits.
    public static func compute(
        surname: String, name: String, birthDate: CalendarDate, isFemale: Bool,
        birthplaceCode: String
    ) -> String {
        let surnameLetters = consonantsAndVowels(surname)
        let nameLetters = consonantsAndVowels(name)
        let nameCode =
            nameLetters.consonants.count >= 4
            ? String(decoding: [0, 2, 3].map { nameLetters.consonants[$0] }, as: UTF8.self)
            : threeLetters(nameLetters)
        let month = String(decoding: [monthLetters[birthDate.month - 1]], as: UTF8.self)
        let first15 =
            threeLetters(surnameLetters) + nameCode + CalendarDate.pad(birthDate.year % 100, 2) + month
            + CalendarDate.pad(birthDate.day + (isFemale ? 40 : 0), 2) + birthplaceCode.uppercased()
        return first15 + String(checkCharacter(for: first15))
    }

    // MARK: - Tables

    /// The 0-based positions that hold digits, or omocodia letters in their place.
    private static let numericPositions: Set<Int> = [6, 7, 9, 10, 12, 13, 14]
    /// The letters that replace 0 … 9 in omocodia codes.
    private static let omocodiaLetters = Array("LMNPQRSTUV".utf8)
    /// The month letters, January to December.
    private static let monthLetters = Array("ABCDEHLMPRST".utf8)
    /// The value of a character at an odd position (1st, 3rd, …), indexed by digit or letter index.
    private static let oddValues = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    private static let vowels = Array("AEIOU".utf8)

    // MARK: - Helpers

    private static func hasValidShape(_ code: [UInt8]) -> Bool {
        for (offset, byte) in code.enumerated() {
            let valid: Bool
            if numericPositions.contains(offset) {
                valid = isDigit(byte) || omocodiaLetters.contains(byte)
            } else if offset == 8 {
                valid = monthLetters.contains(byte)
            } else {
                valid = isLetter(byte)
            }
            guard valid else { return false }
        }
        let day = number(digitForOmocodia(code[9]), digitForOmocodia(code[10]))
        return (1...31).contains(day) || (41...71).contains(day)
    }

    /// The check character (as an ASCII byte) for 15 upper-case letters or digits.
    private static func checkCharacter(of first15: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (offset, byte) in first15.enumerated() {
            let index = isDigit(byte) ? Int(byte - UInt8(ascii: "0")) : Int(byte - UInt8(ascii: "A"))
            sum += offset % 2 == 0 ? oddValues[index] : index
        }
        return UInt8(ascii: "A") + UInt8(sum % 26)
    }

    /// The birth date in the latest century that keeps it on or before `today`, or nil when
    /// the day does not exist in either candidate century.
    private static func birthDate(year: Int, month: Int, day: Int, today: CalendarDate) -> CalendarDate? {
        let recent = today.year / 100 * 100 + year
        return [recent, recent - 100].lazy
            .compactMap { CalendarDate(year: $0, month: month, day: day) }
            .first { $0 <= today }
    }

    private static func digitForOmocodia(_ byte: UInt8) -> UInt8 {
        omocodiaLetters.firstIndex(of: byte).map { UInt8(ascii: "0") + UInt8($0) } ?? byte
    }

    private static func number(_ tens: UInt8, _ units: UInt8) -> Int {
        Int(tens - UInt8(ascii: "0")) * 10 + Int(units - UInt8(ascii: "0"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }

    /// The A–Z letters of a name, accents removed, split into consonants and vowels in order.
    private static func consonantsAndVowels(_ text: String) -> (consonants: [UInt8], vowels: [UInt8]) {
        let letters = text.folding(options: .diacriticInsensitive, locale: nil).uppercased().utf8.filter(isLetter)
        return (letters.filter { !vowels.contains($0) }, letters.filter { vowels.contains($0) })
    }

    /// Consonants, then vowels, then `X`, cut to three letters.
    private static func threeLetters(_ letters: (consonants: [UInt8], vowels: [UInt8])) -> String {
        String(decoding: (letters.consonants + letters.vowels + Array("XXX".utf8)).prefix(3), as: UTF8.self)
    }
}
