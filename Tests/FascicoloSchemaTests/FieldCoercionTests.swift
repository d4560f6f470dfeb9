import FascicoloCore
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

private let today = CalendarDate(2025, 1, 20)

/// Coerces `input` for the `pratica-prova` field `id`.
private func coerce(_ id: String, _ input: String) throws -> Result<Value, CoercionFailure> {
    try coerce(id, Value.text(input))
}

private func coerce(_ id: String, _ input: Value) throws -> Result<Value, CoercionFailure> {
    let type = try #require(TestProjects.praticaProvaType)
    let field = try #require(type.field(id), "no field \(id) in pratica-prova")
    return FieldCoercion(today: today).coerce(input, for: field)
}

/// The canonical value, or a recorded issue.
private func accepted(_ id: String, _ input: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Value? {
    switch try coerce(id, input) {
    case .success(let value): return value
    case .failure(let failure):
        Issue.record("\(id) refused its input: \(failure.message)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The refusal message; it must not quote the input, which may be personal data or an amount.
private func refused(_ id: String, _ input: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
    switch try coerce(id, input) {
    case .success(let value):
        Issue.record("\(id) accepted its input as \(value)", sourceLocation: sourceLocation)
        return nil
    case .failure(let failure):
        #expect(!failure.message.contains(input), "the message quotes the input: \(failure.message)", sourceLocation: sourceLocation)
        return failure.message
    }
}

/// Each field type turns the ways users write a value into one canonical value.
@Suite struct FieldCoercionAcceptsTests {
    @Test func textIsTrimmed() throws {
        #expect(try accepted("testo", "  Pratica Rossi  ") == .text("Pratica Rossi"))
        #expect(try accepted("testo", String(repeating: "a", count: 40)) == .text(String(repeating: "a", count: 40)))
    }

    @Test func longtextKeepsLines() throws {
        #expect(try accepted("testo_lungo", "prima riga\nseconda riga") == .text("prima riga\nseconda riga"))
    }

    @Test func integerWithinBounds() throws {
        #expect(try accepted("intero", "42") == .integer(42))
        #expect(try accepted("intero", "0") == .integer(0))
        #expect(try accepted("intero", "100") == .integer(100))
        #expect(try coerce("intero", .integer(7)).get() == .integer(7))
    }

    @Test(arguments: [
        ("1.234,56", 123_456), ("1234,56", 123_456), ("1234.56", 123_456), ("1234", 123_400),
        ("€ 1.234,56", 123_456), ("1234,5", 123_450), ("0", 0), ("1.000.000,00", 100_000_000),
    ])
    func moneyToCents(input: String, cents: Int64) throws {
        #expect(try accepted("importo", input) == .money(Money(cents: cents)))
    }

    @Test(arguments: [("12,5", "12.5"), ("12.5", "12.5"), ("12", "12"), ("0", "0"), ("100", "100"), ("33,33", "33.33")])
    func percentExact(input: String, plain: String) throws {
        let value = try #require(try accepted("percentuale", input))
        #expect(value == .decimal(try #require(ExactDecimal(parsing: plain))))
        if case .decimal(let number) = value { #expect(number.plain == plain) }
    }

    @Test(arguments: ["15/03/2025", "2025-03-15", "15-03-2025", "15.03.2025"])
    func dateInItalianAndISOForms(input: String) throws {
        #expect(try accepted("data", input) == .date(CalendarDate(2025, 3, 15)))
    }

    @Test func dateWithOneDigitDayAndMonth() throws {
        #expect(try accepted("data", "5/3/2025") == .date(CalendarDate(2025, 3, 5)))
        #expect(try accepted("data", "29/02/2024") == .date(CalendarDate(2024, 2, 29)))
    }

    @Test(arguments: ["15/03/2025 09:30", "2025-03-15 09:30", "2025-03-15T09:30", "15/03/2025 9:30"])
    func datetime(input: String) throws {
        let expected = try #require(LocalDateTime(date: CalendarDate(2025, 3, 15), hour: 9, minute: 30))
        #expect(try accepted("data_ora", input) == .datetime(expected))
    }

    @Test(arguments: [("9:30", "09:30"), ("09:30", "09:30"), ("09.30", "09:30"), ("23:59", "23:59"), ("0:05", "00:05")])
    func timeIsZeroPadded(input: String, canonical: String) throws {
        #expect(try accepted("ora", input) == .text(canonical))
    }

    @Test(arguments: [("sì", true), ("si", true), ("Sì", true), ("true", true), ("1", true), ("no", false), ("false", false), ("0", false)])
    func boolean(input: String, flag: Bool) throws {
        #expect(try accepted("flag", input) == .bool(flag))
    }

    @Test func enumStoresTheOptionValue() throws {
        #expect(try accepted("scelta", "a") == .text("a"))
        #expect(try accepted("scelta", "c") == .text("c"))
        #expect(try accepted("tribunale", "0151460094") == .text("0151460094"))
    }

    @Test func contactIsAReference() throws {
        #expect(try accepted("referente", "12") == .reference(12))
        #expect(try coerce("referente", .integer(7)).get() == .reference(7))
        #expect(try coerce("referente", .reference(3)).get() == .reference(3))
    }

    @Test func protocolIsKeptAsTyped() throws {
        #expect(try accepted("protocollo", " 2025/0042 ") == .text("2025/0042"))
    }

    @Test func emailAndPEC() throws {
        #expect(try accepted("email", "mario.rossi@example.it") == .text("mario.rossi@example.it"))
        #expect(try accepted("pec", " studio.rossi@pec.example.it ") == .text("studio.rossi@pec.example.it"))
    }

    @Test(arguments: [
        ("+39 02 1234567", "+39021234567"), ("02-1234567", "021234567"), ("(02) 123.45.67", "021234567"),
        ("333 123 4567", "3331234567"),
    ])
    func phoneIsNormalised(input: String, canonical: String) throws {
        #expect(try accepted("telefono", input) == .text(canonical))
    }

    @Test(arguments: ["RSSMRA80A01H501U", "rssmra80a01h501u", "RSS MRA 80A01 H501U"])
    func codiceFiscaleIsUpperCasedWithoutSpaces(input: String) throws {
        #expect(try accepted("cf", input) == .text("RSSMRA80A01H501U"))
    }

    @Test func numericCodiceFiscaleOfACompany() throws {
        #expect(try accepted("cf", "02342520158") == .text("02342520158"))
    }

    @Test func partitaIVA() throws {
        #expect(try accepted("piva", "02342520158") == .text("02342520158"))
    }

    @Test func blankInputIsNull() throws {
        for id in ["testo", "intero", "importo", "data", "scelta", "cf"] {
            #expect(try coerce(id, "   ").get() == .null, "\(id)")
            #expect(try coerce(id, .null).get() == .null, "\(id)")
        }
        #expect(try coerce("righe", .null).get() == .list([]))
    }
}

/// Invalid inputs are refused with an Italian reason that never quotes the input.
@Suite struct FieldCoercionRefusesTests {
    @Test func textTooLong() throws {
        #expect(try refused("testo", String(repeating: "x", count: 41)) == "testo troppo lungo (massimo 40 caratteri)")
    }

    @Test func integerOutOfBoundsOrNotWhole() throws {
        #expect(try refused("intero", "-1") == "il valore minimo è 0")
        #expect(try refused("intero", "101") == "il valore massimo è 100")
        #expect(try refused("intero", "4,5") == "numero intero non valido")
        #expect(try refused("intero", "dodici") == "numero intero non valido")
    }

    @Test func moneyNegative() throws {
        #expect(try refused("importo", "-10,00") == "l'importo non può essere negativo")
    }

    @Test(arguments: ["1.234,567", "12,345", "abc", "1.23.4", "12 euro"])
    func moneyNotAnAmount(input: String) throws {
        #expect(try refused("importo", input) == "importo non valido: scrivere ad esempio 1.234,56")
    }

    @Test func moneyAboveTheMaximum() throws {
        #expect(try refused("importo", "2.500.000") == "l'importo massimo è 1.000.000,00")
    }

    @Test func percentAbove100() throws {
        #expect(try refused("percentuale", "100,5") == "la percentuale deve essere tra 0 e 100")
        #expect(try refused("percentuale", "-1") == "la percentuale deve essere tra 0 e 100")
    }

    @Test func percentWithThreeDecimals() throws {
        #expect(try refused("percentuale", "12,345") == "percentuale non valida: al massimo due decimali, ad esempio 12,5")
    }

    @Test(arguments: ["31/02/2025", "29/02/2025", "2025-13-01", "15/03/25", "ieri"])
    func dateThatDoesNotExist(input: String) throws {
        #expect(try refused("data", input) == "data non valida: scrivere gg/mm/aaaa")
    }

    @Test func datetimeInvalid() throws {
        #expect(try refused("data_ora", "15/03/2025 25:00") == "data e ora non valide: scrivere gg/mm/aaaa hh:mm")
        #expect(try refused("data_ora", "15/03/2025") == "data e ora non valide: scrivere gg/mm/aaaa hh:mm")
    }

    @Test func timeInvalid() throws {
        #expect(try refused("ora", "24:00") == "ora non valida: scrivere hh:mm")
        #expect(try refused("ora", "9:5") == "ora non valida: scrivere hh:mm")
    }

    @Test func booleanInvalid() throws {
        #expect(try refused("flag", "forse") == "valore non valido: sì o no")
    }

    @Test func enumValueNotAnOption() throws {
        #expect(try refused("scelta", "zeta") == "valore non ammesso: scegliere tra a, b, c")
        #expect(try refused("scelta", "Opzione A") == "valore non ammesso: scegliere tra a, b, c")
        #expect(try refused("tribunale", "Tribunale di Milano") == "valore non ammesso")
    }

    @Test func contactInvalid() throws {
        #expect(try refused("referente", "0") == "riferimento al contatto non valido")
        #expect(try refused("referente", "Rossi") == "riferimento al contatto non valido")
    }

    @Test func emailAndPECInvalid() throws {
        #expect(try refused("email", "mario.rossi@") == "indirizzo email non valido")
        #expect(try refused("email", "mario rossi@example.it") == "indirizzo email non valido")
        #expect(try refused("pec", "studio.rossi.pec.it") == "indirizzo PEC non valido")
    }

    @Test func phoneInvalid() throws {
        #expect(try refused("telefono", "02 ABC 1234") == "numero di telefono non valido")
        #expect(try refused("telefono", "12345") == "numero di telefono non valido")
    }

    @Test func codiceFiscaleWithAWrongCheckCharacter() throws {
        #expect(try refused("cf", "RSSMRA80A01H501X") == "carattere di controllo del codice fiscale errato")
    }

    @Test func codiceFiscaleMalformed() throws {
        #expect(try refused("cf", "RSSMRA80A01H501") == "il codice fiscale deve avere 16 caratteri")
        #expect(try refused("cf", "RSSMRA80Z01H501Q") == "formato del codice fiscale non valido")
        #expect(try refused("cf", "02342520159") == "codice fiscale numerico non valido")
    }

    @Test func partitaIVAInvalid() throws {
        #expect(try refused("piva", "02342520159") == "cifra di controllo della partita IVA errata")
        #expect(try refused("piva", "0234252015") == "la partita IVA deve avere 11 cifre")
    }
}

/// `1.234` (a thousands dot, no decimals) is how Italians write one thousand two hundred thirty-four
/// euro (docs/types.md §5 and `Money.looksLikeThousands`). Run in a child process, because the parse
/// currently traps and would otherwise take the whole test run down with it.
@Suite struct MoneyThousandsDotTests {
    @Test func moneyWithAThousandsDotAndNoDecimals() async {
        await #expect(processExitsWith: .success) {
            let type = TestProjects.praticaProvaType!
            let coercion = FieldCoercion(today: CalendarDate(2025, 1, 20))
            let result = coercion.coerce(.text("1.234"), for: type.field("importo")!)
            precondition((try? result.get()) == .money(Money(cents: 123_400)), "1.234 is not 1234,00 €")
            precondition(Money(parsing: "250.000")?.cents == 25_000_000, "250.000 is not 250.000,00 €")
        }
    }
}
