import FascicoloCore
import FascicoloLua
import Testing

private func evaluate(_ expression: String) throws -> Value? {
    try Plugin(source: "return { fees = function() return \(expression) end }", file: "plugins/d.lua").call(.fees, []).first
}

private func decimal(_ text: String) -> Value { .decimal(ExactDecimal(parsing: text)!) }

/// `dec`: exact decimal arithmetic for money in scripts.
@Suite struct DecimalTests {
    @Test func arithmeticIsExact() throws {
        #expect(try evaluate("dec('16227.08') * dec('0.12')") == decimal("1947.2496"))
        #expect(try evaluate("dec('0.1') + dec('0.2')") == decimal("0.3"))
        #expect(try evaluate("dec('100') - 1") == decimal("99"))
        #expect(try evaluate("-dec('2.5')") == decimal("-2.5"))
        #expect(try evaluate("dec(1) / dec(4)") == decimal("0.25"))
        #expect(try evaluate("dec('1234,56')") == decimal("1234.56"))
    }

    @Test func roundingIsHalfUpOnce() throws {
        #expect(try evaluate("dec('7609.01418648'):round(2)") == decimal("7609.01"))
        #expect(try evaluate("dec('2124.125'):round(2)") == decimal("2124.13"))
        #expect(try evaluate("dec('-2.5'):round(0)") == decimal("-3"))
        #expect(try evaluate("tostring(dec('10.50'))") == .text("10.5"))
    }

    @Test func divisionKeepsTwentyFourPlacesRoundedHalfUp() throws {
        #expect(try evaluate("dec(1) / dec(3)") == decimal("0.333333333333333333333333"))
        #expect(try evaluate("dec(2) / dec(3)") == decimal("0.666666666666666666666667"))
        #expect(try evaluate("(dec(1) / dec(8)) * 8") == decimal("1"))
    }

    @Test func overflowIsAnErrorNotAWrap() {
        #expect(throws: LuaError.self) { try evaluate("dec('99999999999999999999') * dec('99999999999999999999')") }
    }

    @Test func comparisonsWork() throws {
        #expect(try evaluate("dec('16227.08') < dec('16227.09')") == .bool(true))
        #expect(try evaluate("dec('2') <= 2") == .bool(true))
        #expect(try evaluate("dec('2.0') == dec('2')") == .bool(true))
    }

    @Test(arguments: ["dec('1') + 0.5", "dec(0.1)", "dec('abc')", "dec('1') / 0", "dec('1'):round(99)", "dec({})"])
    func misuseIsAnError(expression: String) {
        #expect(throws: LuaError.self) { try evaluate(expression) }
    }
}
