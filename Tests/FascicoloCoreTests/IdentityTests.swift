import FascicoloCore
import Foundation
import Testing

private let today = CalendarDate(year: 2026, month: 6, day: 1)!

/// The rows of `Tests/Fixtures/identity/<name>` (copies of the shared reference test vectors).
private func vectors(_ name: String) throws -> [[String: String]] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/identity").appendingPathComponent(name)
    return try CSVTable(text: String(contentsOf: url, encoding: .utf8)).records()
}

/// A code with its omocodia letters turned back into digits, the last character kept as written:
/// the form of the vectors' `normalizzato` column.
private func withoutOmocodia(_ code: String) -> String {
    let letters = Array("LMNPQRSTUV")
    return String(
        code.enumerated().map { offset, character -> Character in
            guard [6, 7, 9, 10, 12, 13, 14].contains(offset), let digit = letters.firstIndex(of: character) else { return character }
            return Character(String(digit))
        })
}

@Suite struct CodiceFiscaleTests {
    static let problems: [String: CodiceFiscale.Problem] = [
        "lunghezza": .length, "formato": .format, "carattere_controllo": .checkCharacter, "data": .date,
    ]

    @Test func everyVectorGetsTheExpectedVerdict() throws {
        let rows = try vectors("cf_test_vettori.csv")
        #expect(rows.count == 20)
        for row in rows {
            let code = try #require(row["codice_fiscale"])
            switch CodiceFiscale.parse(code, today: today) {
            case .success(let parsed):
                #expect(row["valido"] == "1" && row["esito"] == "ok", "\(code) should be rejected")
                #expect(parsed.birthplaceCode == row["codice_catastale"], "\(code)")
                #expect(withoutOmocodia(parsed.normalized) == row["normalizzato"], "\(code)")
            case .failure(let problem):
                #expect(row["valido"] == "0", "\(code) should be accepted, got \(problem)")
                #expect(Self.problems[row["esito"] ?? ""] == problem, "\(code)")
            }
        }
    }

    @Test func decodesDateSexAndBirthplace() throws {
        let parsed = try CodiceFiscale.parse("BNCLRA85M41F205C", today: today).get()
        #expect(parsed.birthDate == CalendarDate(year: 1985, month: 8, day: 1))
        #expect(parsed.isFemale)
        #expect(parsed.birthplaceCode == "F205")
    }

    @Test func normalizesSpacesAndCaseButKeepsOmocodia() throws {
        #expect(try CodiceFiscale.parse(" rssmra 80a01 h501u ", today: today).get().normalized == "RSSMRA80A01H501U")
        let omocode = try CodiceFiscale.parse("RSSMRAULALMHRLMD", today: today).get()
        #expect(omocode.normalized == "RSSMRAULALMHRLMD")
        #expect(omocode.birthDate == CalendarDate(year: 1980, month: 1, day: 1))
        #expect(omocode.birthplaceCode == "H501")
    }

    @Test func picksTheLatestCenturyNotInTheFuture() throws {
        let code = "VRDGPP13R10B293P"
        #expect(try CodiceFiscale.parse(code, today: today).get().birthDate == CalendarDate(year: 2013, month: 10, day: 10))
        let before = CalendarDate(year: 2013, month: 10, day: 9)!
        #expect(try CodiceFiscale.parse(code, today: before).get().birthDate == CalendarDate(year: 1913, month: 10, day: 10))
    }

    @Test func rejectsDaysOutsideBothRanges() {
        for day in ["00", "32", "40", "72"] {
            let first15 = "RSSMRA80A\(day)H501"
            let code = first15 + String(CodiceFiscale.checkCharacter(for: first15))
            #expect(CodiceFiscale.parse(code, today: today) == .failure(.format), "day \(day)")
        }
    }

    @Test func messagesAreItalianAndNeverQuoteTheCode() {
        let code = "RSSMRA80A01H501A"
        guard case .failure(let problem) = CodiceFiscale.parse(code, today: today) else {
            Issue.record("a wrong check letter must be rejected")
            return
        }
        #expect(problem.description == "carattere di controllo del codice fiscale errato")
        #expect(!problem.description.contains("RSS"))
    }

    @Test func computeRoundTripsThroughParse() throws {
        let cases: [(surname: String, name: String, date: CalendarDate, female: Bool, place: String, expected: String?)] = [
            ("Rossi", "Mario", CalendarDate(year: 1980, month: 1, day: 1)!, false, "H501", "RSSMRA80A01H501U"),
            ("Bianchi", "Laura", CalendarDate(year: 1985, month: 8, day: 1)!, true, "F205", "BNCLRA85M41F205C"),
            ("D'Angelo", "Nicolò", CalendarDate(year: 2004, month: 2, day: 29)!, false, "z404", nil),
            ("De Luca", "Anna Maria", CalendarDate(year: 1950, month: 12, day: 31)!, true, "E608", nil),
        ]
        for item in cases {
            let code = CodiceFiscale.compute(
                surname: item.surname, name: item.name, birthDate: item.date,
                isFemale: item.female, birthplaceCode: item.place)
            if let expected = item.expected { #expect(code == expected) }
            let parsed = try CodiceFiscale.parse(code, today: today).get()
            #expect(parsed.birthDate == item.date)
            #expect(parsed.isFemale == item.female)
            #expect(parsed.birthplaceCode == item.place.uppercased())
        }
    }

    @Test func nameWithFourConsonantsUsesFirstThirdAndFourth() {
        let code = CodiceFiscale.compute(
            surname: "Rossi", name: "Gianfranco", birthDate: CalendarDate(year: 1970, month: 5, day: 3)!,
            isFemale: false, birthplaceCode: "H501")
        #expect(code.prefix(6) == "RSSGFR")
    }

    @Test func lettersOnlyAccentsStrippedShortPartsPaddedWithX() {
        let date = CalendarDate(year: 1990, month: 3, day: 15)!
        #expect(CodiceFiscale.compute(surname: "Fo", name: "Al", birthDate: date, isFemale: false, birthplaceCode: "H501").prefix(6) == "FOXLAX")
        #expect(CodiceFiscale.compute(surname: "Wu", name: "Ée", birthDate: date, isFemale: true, birthplaceCode: "H501").prefix(6) == "WUXEEX")
        #expect(
            CodiceFiscale.compute(surname: "D'Angelò", name: "Nicolò", birthDate: date, isFemale: false, birthplaceCode: "H501").prefix(6) == "DNGNCL"
        )
    }

}

@Suite struct PartitaIVATests {
    static let problems: [String: PartitaIVA.Problem] = [
        "formato": .format, "cifra_controllo": .checkDigit, "non_assegnabile": .notAssignable,
    ]

    @Test func everyVectorGetsTheExpectedVerdict() throws {
        let rows = try vectors("piva_test_vettori.csv")
        #expect(rows.count == 14)
        for row in rows {
            let number = try #require(row["partita_iva"])
            switch PartitaIVA.validate(number) {
            case .success(let normalized):
                #expect(row["valido"] == "1" && row["esito"] == "ok", "\(number) should be rejected")
                #expect(normalized == number)
            case .failure(let problem):
                #expect(row["valido"] == "0", "\(number) should be accepted, got \(problem)")
                #expect(Self.problems[row["esito"] ?? ""] == problem, "\(number)")
            }
            if row["controllo_ok"] == "1" {
                #expect(PartitaIVA.checkDigit(for: String(number.prefix(10))) == Int(String(number.last!)), "\(number)")
            }
        }
    }

    @Test func ignoresWhitespace() {
        #expect(PartitaIVA.validate(" 02342 520158\n") == .success("02342520158"))
    }

    @Test func computedNumbersValidate() {
        #expect(PartitaIVA.compute(serial: "0234252015") == "02342520158")
        for serial in ["0000000001", "1234567001", "9999999999", "0800570094"] {
            let number = PartitaIVA.compute(serial: serial)
            #expect(number.count == 11 && number.hasPrefix(serial))
            #expect(PartitaIVA.validate(number) == .success(number), "\(serial)")
        }
    }
}
