import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// One calendar entry as text: `date pratica "title" field "label"`.
private func line(_ entry: CalendarEntry) -> String {
    "\(entry.date.iso) #\(entry.praticaId) \"\(entry.praticaTitle)\" \(entry.field) \"\(entry.label)\""
}

/// The entries between two dates, leaving out `creata` (the creation timestamp is the wall clock's).
private func entries(
    _ t: TestEngine, from: CalendarDate, to: CalendarDate, request: ListRequest = ListRequest(),
    actor: Actor? = nil
) throws -> [String] {
    try t.engine.calendar(from: from, to: to, request: request, actor: actor ?? t.actor).flatMap(\.entries).filter { $0.field != "creata" }.map(line)
}

/// The calendar: every date of every pratica (hearings, deadlines, other dates), labelled and linked.
@Suite struct CalendarTests {
    @Test func hearingsAndDeadlinesWithLabelsAndLinks() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let a = try t.createCrisi(
            debitore: rossi.id,
            fields: [
                "udienze": .list([
                    .record(["data": .text("15/03/2025"), "ora": .text("9:30"), "descrizione": .text("Comparizione delle parti")]),
                    .record(["data": .text("02/04/2025"), "descrizione": .text("Rinvio")]),
                ]),
                "scadenze": .list([.record(["data": .text("20/03/2025"), "descrizione": .text("Deposito della relazione")])]),
            ])
        _ = try t.engine.assignProtocol(id: a.id, actor: t.actor)
        let b = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 18))
        _ = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 2, 28))

        #expect(
            try entries(t, from: CalendarDate(2025, 3, 1), to: CalendarDate(2025, 3, 31)) == [
                "2025-03-15 #\(a.id) \"2025/0001\" udienze.data \"Udienza 1: Comparizione delle parti\"",
                "2025-03-18 #\(b.id) \"Pratica del 20/01/2025\" udienze.data \"Udienza 1\"",
                "2025-03-20 #\(a.id) \"2025/0001\" scadenze.data \"Scadenza 1: Deposito della relazione\"",
            ])
        #expect(
            try entries(t, from: CalendarDate(2025, 4, 1), to: CalendarDate(2025, 4, 30)) == [
                "2025-04-02 #\(a.id) \"2025/0001\" udienze.data \"Udienza 2: Rinvio\""
            ])
    }

    @Test func anEntryLinksToItsPratica() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 15), description: "Prima udienza")
        let found = try t.engine.calendar(from: CalendarDate(2025, 3, 15), to: CalendarDate(2025, 3, 15), actor: t.actor).flatMap(\.entries)
            .filter { $0.field != "creata" }
        let entry = try #require(found.first)
        #expect(found.count == 1)
        #expect(entry.date == CalendarDate(2025, 3, 15))
        #expect(entry.praticaId == pratica.id)
        #expect(try t.engine.pratica(id: entry.praticaId, actor: t.actor).fields["udienze"] == pratica.fields["udienze"])
    }

    @Test func topLevelDatesUseTheFieldLabel() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: rossi.id, fields: ["data_apertura": .text("10/03/2025"), "acconto_data": .text("12/03/2025")])
        #expect(
            try entries(t, from: CalendarDate(2025, 3, 1), to: CalendarDate(2025, 3, 31)) == [
                "2025-03-10 #\(pratica.id) \"Pratica del 10/03/2025\" data_apertura \"Data di apertura\"",
                "2025-03-12 #\(pratica.id) \"Pratica del 10/03/2025\" acconto_data \"Data dell'acconto\"",
            ])
        #expect(
            try entries(t, from: TestEngine.today, to: TestEngine.today) == [
                "2025-01-20 #\(pratica.id) \"Pratica del 10/03/2025\" data_presentazione \"Data di presentazione\""
            ])
    }

    /// A gestore row holds four dates (nomina, accettazione, consegna dell'elaborato, fattura): the
    /// label must say which one it is, not only "Gestore 1".
    @Test func datesOfAGroupWithoutADataFieldSayWhichDateTheyAre() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let verdi = try t.addPerson(.giuseppeVerdi)
        let pratica = try t.createCrisi(
            debitore: rossi.id,
            fields: [
                "gestori": .list([
                    .record(["gestore": .reference(verdi.id), "data_nomina": .text("03/03/2025"), "data_accettazione": .text("05/03/2025")])
                ])
            ])
        #expect(
            try entries(t, from: CalendarDate(2025, 3, 1), to: CalendarDate(2025, 3, 31)) == [
                "2025-03-03 #\(pratica.id) \"Pratica del 20/01/2025\" gestori.data_nomina \"Gestore 1 – Data di nomina\"",
                "2025-03-05 #\(pratica.id) \"Pratica del 20/01/2025\" gestori.data_accettazione \"Gestore 1 – Data di accettazione\"",
            ])
    }

    @Test func theCalendarFollowsTheListFilters() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let bianchi = try t.addPerson(.lauraBianchi)
        _ = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 15))
        let b = try t.createCrisi(debitore: bianchi.id, hearing: CalendarDate(2025, 3, 16), fields: ["stato": .text("aperta")])
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = [ListRequest.Filter(field: "stato", expression: "aperta")]
        #expect(
            try entries(t, from: CalendarDate(2025, 3, 1), to: CalendarDate(2025, 3, 31), request: request) == [
                "2025-03-16 #\(b.id) \"Pratica del 20/01/2025\" udienze.data \"Udienza 1\""
            ])
    }

    @Test func otherAccountsHearingsAreNotShown() throws {
        let t = try TestEngine.make()
        let other = try t.otherActor()
        let theirRossi = try t.addPerson(.marioRossi, actor: other)
        let theirs = try t.createCrisi(debitore: theirRossi.id, hearing: CalendarDate(2025, 3, 15), actor: other)
        #expect(try entries(t, from: CalendarDate(2025, 3, 1), to: CalendarDate(2025, 3, 31)) == [])
        #expect(
            try entries(t, from: CalendarDate(2025, 3, 1), to: CalendarDate(2025, 3, 31), actor: other) == [
                "2025-03-15 #\(theirs.id) \"Pratica del 20/01/2025\" udienze.data \"Udienza 1\""
            ])
    }

    @Test func aRangeLongerThanAYearIsRefused() throws {
        let t = try TestEngine.make()
        let error = fascicoloError {
            _ = try t.engine.calendar(from: CalendarDate(2025, 1, 1), to: CalendarDate(2026, 3, 1), actor: t.actor).flatMap(\.entries)
        }
        #expect(error == .invalidRequest("intervallo del calendario troppo ampio (al massimo un anno)"))
        let backwards = fascicoloError {
            _ = try t.engine.calendar(from: CalendarDate(2025, 3, 2), to: CalendarDate(2025, 3, 1), actor: t.actor).flatMap(\.entries)
        }
        #expect(backwards == .invalidRequest("intervallo del calendario non valido: la data finale precede quella iniziale"))
    }
}

/// A busy day is counted, not listed whole: the calendar returns its total and its first entries.
@Suite struct CalendarBoundTests {
    @Test func aDayWithMoreDatesThanAskedForIsCountedWholeAndListedInPart() throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let day = CalendarDate(2025, 6, 10)
        for _ in 0..<5 { try t.createCrisi(debitore: debtor.id, hearing: day) }
        let days = try t.engine.calendar(from: day, to: day, request: ListRequest(type: TestProjects.crisi), actor: t.actor, perDay: 2)
        #expect(days.count == 1)
        #expect(days.first?.total == 5 && days.first?.counts["udienze.data"] == 5)
        #expect(days.first?.entries.count == 2)
        #expect(throws: FascicoloError.self) { try t.engine.calendar(from: day, to: day, actor: t.actor, perDay: 0) }
    }
}
