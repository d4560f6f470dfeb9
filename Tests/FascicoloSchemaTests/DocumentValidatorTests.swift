import FascicoloCore
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

private let today = CalendarDate(2025, 1, 20)

private func validator() throws -> DocumentValidator {
    DocumentValidator(type: try #require(TestProjects.praticaProvaType), today: today)
}

/// One valid row for `righe`, the group the fixture requires.
private let oneRow: Value = .list([.record(["quando": .text("15/03/2025")])])

/// The issues of an invalid document (or a recorded failure when it validates).
private func issues(_ input: [String: Value], sourceLocation: SourceLocation = #_sourceLocation) throws -> [FieldIssue] {
    switch try validator().validate(input) {
    case .success(let document):
        Issue.record("validated: \(document)", sourceLocation: sourceLocation)
        return []
    case .failure(.validation(let issues)):
        return issues
    case .failure(let other):
        Issue.record("unexpected error \(other)", sourceLocation: sourceLocation)
        return []
    }
}

/// Whole documents of the `pratica-prova` type: every field canonicalised, every problem reported at once.
@Suite struct DocumentValidatorTests {
    @Test func everyFieldTypeIsCanonicalised() throws {
        let input: [String: Value] = [
            "testo": .text(" Pratica di prova "), "testo_lungo": .text("note\nsu due righe"), "intero": .text("7"),
            "importo": .text("1.234,56"), "percentuale": .text("12,5"), "data": .text("15/03/2025"),
            "data_ora": .text("2025-03-15 09:30"), "ora": .text("9:30"), "flag": .text("sì"), "scelta": .text("b"),
            "tribunale": .text("0580910098"), "referente": .integer(4), "email": .text("mario.rossi@example.it"),
            "pec": .text("mario.rossi@pec.example.it"), "telefono": .text("+39 02 1234567"), "cf": .text("rssmra80a01h501u"),
            "piva": .text("02342520158"),
            "righe": .list([.record(["quando": .text("2025-03-15"), "cosa": .text("udienza")]), .record(["quando": .text("5/4/2025")])]),
        ]
        let document = try validator().validate(input).get()
        #expect(
            document == [
                "testo": .text("Pratica di prova"), "testo_lungo": .text("note\nsu due righe"), "intero": .integer(7),
                "importo": .money(Money(cents: 123_456)), "percentuale": .decimal(ExactDecimal(parsing: "12.5")!),
                "data": .date(CalendarDate(2025, 3, 15)), "data_ora": .datetime(LocalDateTime(date: CalendarDate(2025, 3, 15), hour: 9, minute: 30)!),
                "ora": .text("09:30"), "flag": .bool(true), "scelta": .text("b"), "tribunale": .text("0580910098"),
                "referente": .reference(4), "email": .text("mario.rossi@example.it"), "pec": .text("mario.rossi@pec.example.it"),
                "telefono": .text("+39021234567"), "cf": .text("RSSMRA80A01H501U"), "piva": .text("02342520158"),
                "righe": .list([
                    .record(["quando": .date(CalendarDate(2025, 3, 15)), "cosa": .text("udienza")]),
                    .record(["quando": .date(CalendarDate(2025, 4, 5))]),
                ]),
            ])
    }

    @Test func blankFieldsAreLeftOut() throws {
        let document = try validator().validate(["testo": .text("x"), "intero": .text(""), "email": .null, "righe": oneRow]).get()
        #expect(document.keys.sorted() == ["righe", "testo"])
    }

    @Test func defaultsAreResolvedForToday() throws {
        #expect(try validator().defaults() == ["data": .date(today), "flag": .bool(false)])
    }

    @Test func requiredFieldMissing() throws {
        #expect(try issues(["righe": oneRow]) == [FieldIssue(field: "testo", message: "campo obbligatorio")])
        #expect(try issues(["testo": .text("   "), "righe": oneRow]) == [FieldIssue(field: "testo", message: "campo obbligatorio")])
    }

    @Test func invalidValuesAreReportedWithTheirFieldAndNoValue() throws {
        let found = try issues(["testo": .text("ok"), "importo": .text("1.234,567"), "cf": .text("RSSMRA80A01H501X"), "righe": oneRow])
        #expect(
            found == [
                FieldIssue(field: "importo", message: "importo non valido: scrivere ad esempio 1.234,56"),
                FieldIssue(field: "cf", message: "carattere di controllo del codice fiscale errato"),
            ])
        for issue in found {
            #expect(!issue.description.contains("RSSMRA80A01H501X"))
            #expect(!issue.description.contains("1.234,567"))
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let found = try issues(["intero": .text("101"), "percentuale": .text("150"), "data": .text("31/02/2025"), "scelta": .text("d")])
        #expect(
            found == [
                FieldIssue(field: "testo", message: "campo obbligatorio"),
                FieldIssue(field: "intero", message: "il valore massimo è 100"),
                FieldIssue(field: "percentuale", message: "la percentuale deve essere tra 0 e 100"),
                FieldIssue(field: "data", message: "data non valida: scrivere gg/mm/aaaa"),
                FieldIssue(field: "scelta", message: "valore non ammesso: scegliere tra a, b, c"),
                FieldIssue(field: "righe", message: "almeno una riga obbligatoria"),
            ])
    }

    @Test func unknownFieldName() throws {
        #expect(
            try issues(["testo": .text("ok"), "righe": oneRow, "colore": .text("rosso")])
                == [FieldIssue(field: "colore", message: "campo sconosciuto per la tipologia 'pratica-prova'")])
    }

    @Test func groupBelowItsMinimum() throws {
        #expect(try issues(["testo": .text("ok"), "righe": .list([])]) == [FieldIssue(field: "righe", message: "almeno una riga obbligatoria")])
        #expect(try issues(["testo": .text("ok")]) == [FieldIssue(field: "righe", message: "almeno una riga obbligatoria")])
    }

    @Test func groupAboveItsMaximum() throws {
        let rows = Value.list((1...4).map { .record(["quando": .text("0\($0)/03/2025")]) })
        #expect(try issues(["testo": .text("ok"), "righe": rows]) == [FieldIssue(field: "righe", message: "al massimo 3 righe")])
    }

    @Test func requiredSubFieldMissingInOneRow() throws {
        let rows = Value.list([.record(["quando": .text("15/03/2025")]), .record(["cosa": .text("deposito")])])
        #expect(try issues(["testo": .text("ok"), "righe": rows]) == [FieldIssue(field: "righe[2].quando", message: "campo obbligatorio")])
    }

    @Test func invalidAndUnknownSubFields() throws {
        let rows = Value.list([.record(["quando": .text("31/02/2025")]), .record(["quando": .text("01/03/2025"), "dove": .text("Milano")])])
        #expect(
            try issues(["testo": .text("ok"), "righe": rows]) == [
                FieldIssue(field: "righe[1].quando", message: "data non valida: scrivere gg/mm/aaaa"),
                FieldIssue(field: "righe[2].dove", message: "campo sconosciuto"),
            ])
    }

    @Test func emptyRowsAreDropped() throws {
        let rows = Value.list([.record(["quando": .null, "cosa": .text("  ")]), .record(["quando": .text("01/03/2025")])])
        let document = try validator().validate(["testo": .text("ok"), "righe": rows]).get()
        #expect(document["righe"] == .list([.record(["quando": .date(CalendarDate(2025, 3, 1))])]))
    }

    @Test func aGroupMustBeAListOfRows() throws {
        #expect(try issues(["testo": .text("ok"), "righe": .text("una riga")]) == [FieldIssue(field: "righe", message: "attesa una lista di righe")])
    }

    @Test func storedDocumentsFollowARenamedField() throws {
        let type = try #require(TestProjects.praticaProvaType)
        let document = DocumentCodec.decode(#"{"descrizione":"scritta prima del cambio","testo":"ok","importo":"12.50"}"#, type: type)
        #expect(document == ["testo_lungo": .text("scritta prima del cambio"), "testo": .text("ok"), "importo": .money(Money(cents: 1250))])
    }

    @Test func storedDocumentsRestoreEveryKind() throws {
        let type = try #require(TestProjects.praticaProvaType)
        let stored =
            #"{"data":"2025-03-15","data_ora":"2025-03-15T09:30","importo":"1234.50","percentuale":12.5,"#
            + #""intero":7,"flag":true,"referente":3,"righe":[{"quando":"2025-04-01","cosa":"x"}]}"#
        let document = DocumentCodec.decode(stored, type: type)
        #expect(document["data"] == .date(CalendarDate(year: 2025, month: 3, day: 15)!))
        #expect(document["data_ora"] == .datetime(LocalDateTime(parsing: "2025-03-15T09:30")!))
        #expect(document["importo"] == .money(Money(cents: 123_450)))
        #expect(document["percentuale"] == .decimal(ExactDecimal(parsing: "12.5")!))
        #expect(document["intero"] == .integer(7))
        #expect(document["flag"] == .bool(true))
        #expect(document["referente"] == .reference(3))
        #expect(document["righe"] == .list([.record(["quando": .date(CalendarDate(year: 2025, month: 4, day: 1)!), "cosa": .text("x")])]))
    }

    @Test func aDocumentRoundTripsThroughItsStoredForm() throws {
        let type = try #require(TestProjects.praticaProvaType)
        let input: [String: Value] = [
            "testo": .text("ok"), "importo": .text("1.234,56"), "percentuale": .text("12,5"),
            "data": .text("15/03/2025"), "righe": .list([.record(["quando": .text("01/04/2025")])]),
        ]
        let canonical = try DocumentValidator(type: type, today: today).validate(input).get()
        #expect(DocumentCodec.decode(DocumentCodec.encode(canonical), type: type) == canonical)
    }
}
