import FascicoloCore
import Testing

/// Inputs the libFuzzer harnesses (Tests/Fuzz) found crashing a parser: each must now be refused.
@Suite struct FuzzRegressionTests {
    /// A digit followed by a combining mark sorted between "0" and "9" and passed the digit test,
    /// then `Int64(…)!` trapped (Tests/Fuzz, target `amount`).
    @Test(arguments: ["01005010050\u{20EC}", "1\u{0301}", "12,5\u{20DD}"])
    func digitsWithCombiningMarksAreNotAmounts(_ text: String) {
        #expect(Money(parsing: text) == nil)
        #expect(ExactDecimal(parsing: text) == nil)
    }

    @Test(arguments: ["1\u{20EC}/01/2025", "15/03/2025\u{0301}", "2025-03-1\u{20EC}"])
    func digitsWithCombiningMarksAreNotDates(_ text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    /// Dropping a control character joined `-` and a Thai vowel sign into one character that was
    /// neither a letter nor an allowed sign, in a word of the search box (target `list-syntax`).
    @Test func searchWordsKeepOnlyLettersDigitsAndTheirSigns() {
        let tokens = SearchTokens("1N.\u{FF}-2\u{0}e50015.*\u{11}\u{0E38}01 -\u{11}\u{0E38}")
        for word in tokens.words {
            #expect(word.unicodeScalars.contains(where: SearchTokens.isWordScalar))
            #expect(word.unicodeScalars.allSatisfy { SearchTokens.isWordScalar($0) || "/-.'".unicodeScalars.contains($0) })
        }
    }
}
