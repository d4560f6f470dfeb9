import FascicoloCore
import Testing

private func d(_ text: String) -> ExactDecimal { ExactDecimal(parsing: text)! }

/// The one exact decimal: parsing, exact arithmetic, rounding once half up, money conversion.
@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("12,5", "12.5"), ("-3", "-3"), ("0.10", "0.1"), ("12,5 %", "12.5"), ("0,000000000000000000000001", "0.000000000000000000000001"),
    ])
    func parsesPlainAndItalianForms(text: String, plain: String) {
        #expect(ExactDecimal(parsing: text)?.plain == plain)
    }

    @Test(arguments: ["", "1.", ",5", "1.234,5", "1e3", "--1", "0.0000000000000000000000001", String(repeating: "9", count: 39)])
    func refusesWhatIsNotAnExactNumber(text: String) {
        #expect(ExactDecimal(parsing: text) == nil)
    }

    @Test func equalValuesAreEqualAndHashAlikeWhateverTheirScale() {
        #expect(d("1.5") == d("1.50"))
        #expect(Set([d("1.5"), d("1.500"), d("2")]).count == 2)
        #expect(d("-0.01") < d("0") && d("10") > d("9.999"))
    }

    @Test func arithmeticIsExactAndDivisionRoundsHalfUpAtTwentyFourPlaces() {
        #expect((d("0.1") + d("0.2"))! == d("0.3"))
        #expect((d("16227.08") * d("0.035"))!.plain == "567.9478")
        #expect((d("2") / d("3"))!.plain == "0.666666666666666666666667")
        #expect(d("1") / d("0") == nil)
        #expect((ExactDecimal(mantissa: .max, scale: 0) + d("1")) == nil)
    }

    @Test func roundingIsHalfAwayFromZero() {
        #expect(d("2.345").rounded(2).plain == "2.35")
        #expect(d("-2.345").rounded(2).plain == "-2.35")
        #expect(d("2.344999").rounded(2).plain == "2.34")
    }

    @Test func moneyHasAtMostTwoPlacesAndFifteenIntegerDigits() {
        #expect(d("1234.5").money == Money(cents: 123_450))
        #expect(d("1234.567").money == nil)
        #expect(d("999999999999999.99").money == Money(cents: 99_999_999_999_999_999))
        #expect(d("1000000000000000").money == nil)
        #expect(ExactDecimal(Money(cents: -1)).plain == "-0.01")
    }
}

/// Found by schemathesis through the analisi-finanziaria plugin: the average of large yearly
/// incomes overflowed at full precision and the save failed with a 500.
@Suite struct ExactDecimalLargeDivisionTests {
    @Test func aLargeQuotientKeepsTheDecimalsThatFit() throws {
        let total = try #require(ExactDecimal(parsing: "600366807354522.90"))
        let quotient: ExactDecimal? = total / ExactDecimal(3)
        #expect(quotient?.rounded(2) == ExactDecimal(parsing: "200122269118174.30"))
        #expect((ExactDecimal(1) / ExactDecimal(3))?.rounded(10) == ExactDecimal(parsing: "0.3333333333"))
        #expect(ExactDecimal(1) / ExactDecimal(0) == nil)
    }

    /// The fee calculator with an amount of hundreds of billions and a percentage of fourteen
    /// decimals (schemathesis, `POST /api/v1/fees`): the product drops far places, not the answer.
    @Test func aLargeAmountTimesALongFractionKeepsItsCents() throws {
        let fee = try #require(ExactDecimal(parsing: "7180240712130.123456789012"))
        let rate = try #require(ExactDecimal(parsing: "99.99999999999999"))
        let product: ExactDecimal? = fee * rate
        #expect(product?.rounded(2) == ExactDecimal(parsing: "718024071213012.27"))
    }
}
