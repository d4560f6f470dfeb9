import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// The search box: words (names, codici fiscali, texts, enum labels) and dates in any date field.
@Suite struct SearchTests {
    @Test func bySurnameOfTheDebtor() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let bianchi = try t.addPerson(.lauraBianchi)
        let a = try t.createCrisi(debitore: rossi.id)
        let b = try t.createCrisi(debitore: bianchi.id)
        #expect(try t.search("Rossi") == [a.id])
        #expect(try t.search("rossi") == [a.id])
        #expect(try t.search("Bianchi") == [b.id])
        #expect(try t.search("Mario Rossi") == [a.id])
        #expect(try t.search("Ross") == [a.id], "each word is a prefix")
        #expect(try t.search("Ferrari") == [])
    }

    @Test func byCodiceFiscale() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let bianchi = try t.addPerson(.lauraBianchi)
        let a = try t.createCrisi(debitore: rossi.id)
        _ = try t.createCrisi(debitore: bianchi.id)
        #expect(try t.search("RSSMRA80A01H501U") == [a.id])
        #expect(try t.search("rssmra80a01h501u") == [a.id])
    }

    @Test func byTextAndEnumLabel() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let a = try t.createCrisi(debitore: rossi.id, fields: ["giudice": .text("Dott.ssa Colombo"), "procedura": .text("piano_consumatore")])
        let b = try t.createCrisi(debitore: rossi.id, fields: ["procedura": .text("liquidazione")])
        #expect(try t.search("Colombo") == [a.id])
        #expect(try t.search("consumatore") == [a.id], "enum fields are found by their label")
        #expect(try t.search("piano_consumatore") == [], "the stored enum code is not a search term")
        #expect(try t.search("Liquidazione") == [b.id])
    }

    @Test func byProtocol() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let a = try t.createCrisi(debitore: rossi.id)
        _ = try t.createCrisi(debitore: rossi.id)
        _ = try t.engine.assignProtocol(id: a.id, actor: t.actor)
        #expect(try t.search("2025/0001") == [a.id])
    }

    @Test(arguments: ["15/03/2025", "2025-03-15", "15.03.2025"])
    func byTheDateOfAHearing(typed: String) throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let onTheDay = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 15))
        _ = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 16))
        _ = try t.createCrisi(debitore: rossi.id)
        #expect(onTheDay.fields["udienze"] == .list([.record(["data": .date(CalendarDate(2025, 3, 15))])]))
        #expect(try t.search(typed) == [onTheDay.id])
    }

    @Test func aDateInASecondHearingRow() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(
            debitore: rossi.id,
            fields: [
                "udienze": .list([
                    .record(["data": .text("10/02/2025")]), .record(["data": .text("15/03/2025")]),
                ])
            ])
        #expect(try t.search("15/03/2025") == [pratica.id])
        #expect(try t.search("10/02/2025") == [pratica.id])
    }

    @Test func byMonth() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let early = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 1))
        let late = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 31))
        _ = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 4, 1))
        _ = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 2, 28))
        #expect(try t.search("03/2025") == [early.id, late.id])
        #expect(try t.search("3/2025") == [early.id, late.id])
    }

    @Test func aDateAndAWordTogether() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let bianchi = try t.addPerson(.lauraBianchi)
        let a = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 15))
        _ = try t.createCrisi(debitore: bianchi.id, hearing: CalendarDate(2025, 3, 15))
        #expect(try t.search("Rossi 15/03/2025") == [a.id])
    }

    @Test func otherAccountsPraticheAreNeverFound() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let mine = try t.createCrisi(debitore: rossi.id, hearing: CalendarDate(2025, 3, 15))
        let other = try t.otherActor()
        let theirRossi = try t.addPerson(.marioRossi, actor: other)
        let theirs = try t.createCrisi(debitore: theirRossi.id, hearing: CalendarDate(2025, 3, 15), actor: other)
        #expect(try t.search("Rossi") == [mine.id])
        #expect(try t.search("RSSMRA80A01H501U") == [mine.id])
        #expect(try t.search("15/03/2025") == [mine.id])
        #expect(try t.search("Rossi", actor: other) == [theirs.id])
    }

    @Test func aRenamedContactIsFoundByItsNewName() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let pratica = try t.createCrisi(debitore: rossi.id)
        var attributes = TestPerson.marioRossi.attributes
        attributes["cognome"] = "Ferraris"
        let renamed = try t.engine.updateContact(id: rossi.id, expectedVersion: rossi.version, kind: .fisica, attributes: attributes, actor: t.actor)
        #expect(renamed.displayName == "Ferraris Mario")
        #expect(try t.search("Ferraris") == [pratica.id])
        #expect(try t.search("Rossi") == [])
        #expect(try t.engine.pratica(id: pratica.id, actor: t.actor).version == pratica.version, "re-indexing is not an edit")
    }

    @Test func searchCombinesWithFilters() throws {
        let t = try TestEngine.make()
        let rossi = try t.addPerson(.marioRossi)
        let open = try t.createCrisi(debitore: rossi.id, fields: ["stato": .text("aperta")])
        _ = try t.createCrisi(debitore: rossi.id)
        var request = ListRequest(type: TestProjects.crisi)
        request.text = "Rossi"
        request.filters = [ListRequest.Filter(field: "stato", expression: "aperta")]
        let result = try t.ids(request)
        #expect(result.ids == [open.id])
        #expect(result.total == 1)
    }
}
