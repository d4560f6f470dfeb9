import FascicoloCore
import FascicoloLua
import Testing

private func echo(_ code: String, _ arguments: [HookArgument] = []) throws -> [Value] {
    try Plugin(source: "return { fees = function(a, b) \(code) end }", file: "plugins/c.lua").call(.fees, arguments)
}

/// Values crossing the Lua boundary keep their kind; ambiguous tables are errors naming where.
@Suite struct ConversionTests {
    @Test func valuesRoundTrip() throws {
        let record: Value = .record([
            "n": .integer(3), "t": .text("è"), "b": .bool(true), "l": .list([.integer(1), .integer(2)]),
            "r": .record(["x": .text("y")]),
        ])
        #expect(try echo("return a", [.value(record)]) == [record])
        #expect(try echo("return a", [.value(.money(Money(cents: 123_456)))]) == [.decimal(ExactDecimal(parsing: "1234.56")!)])
        #expect(try echo("return a", [.value(.date(CalendarDate(year: 2025, month: 3, day: 15)!))]) == [.text("2025-03-15")])
        #expect(
            try echo("return a.x, #a.l, a.l[2]", [.readOnly(.record(["x": .integer(7), "l": .list([.integer(1), .integer(9)])]))])
                == [.integer(7), .integer(2), .integer(9)])
    }

    @Test func integersStayIntegersAndFloatsBecomeExactDecimals() throws {
        #expect(
            try echo("return 42, 0.1, 1.25") == [.integer(42), .decimal(ExactDecimal(parsing: "0.1")!), .decimal(ExactDecimal(parsing: "1.25")!)])
    }

    @Test(arguments: [
        ("return {1, 2, x = 3}", "fees()[1]: tabella mista (lista e record insieme)"),
        ("local t = {} t.self = t return t", "fees()[1].self: tabella ciclica"),
        ("return {1, nil, 3}", "fees()[1]: lista con buchi (gli indici devono andare da 1 a n)"),
        ("return print", "fees()[1]: una funzione non può essere restituita all'applicazione"),
        ("return {[true] = 1}", "fees()[1]: chiave non valida (solo testi o indici interi)"),
    ])
    func ambiguousResultsAreRefused(code: String, expected: String) {
        #expect(throws: LuaError.conversion("plugins/c.lua: bad result in hook 'fees': \(expected)")) { try echo(code) }
    }

    @Test func theReadOnlyPraticaCannotBeReturnedAsIs() {
        #expect(throws: LuaError.self) { try echo("return a", [.readOnly(.record(["x": .integer(1)]))]) }
    }
}
