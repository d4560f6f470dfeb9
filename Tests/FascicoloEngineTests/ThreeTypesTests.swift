import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// The three shipped types in one office: one list across types, one search box, one calendar,
/// and the same sharing rules for each type — visible read-only to the account it is shared
/// with, invisible to any other.
@Suite struct ThreeTypesTests {
    @Test func threeTypesCoexistInListsSearchCalendarAndSharing() throws {
        let w = try SharedWorld(shared: false)
        let t = w.t
        let banca = try t.create(
            "banche-equitalia",
            [
                "richiedenti": .list([.record(["richiedente": .reference(w.debtor.id)])]), "oggetto": .text("cartelle"),
                "data_richiesta": .text("16/03/2026"),
            ])
        let analisi = try t.create(
            "analisi-finanziaria",
            [
                "soggetti": .list([.record(["soggetto": .reference(w.debtor.id)])]),
                "bilancio": .list([.record(["anno_riferimento": .integer(2025), "redditi": .text("20000")])]),
                "data_analisi": .text("17/03/2026"),
            ])
        // Across types: the list, the search box and the calendar reach all three.
        #expect(Set(try t.ids(ListRequest(), actor: t.actor).ids) == [w.pratica.id, banca.id, analisi.id])
        #expect(Set(try t.search("rossi")) == [w.pratica.id, banca.id, analisi.id])
        let days = try t.engine.calendar(from: CalendarDate(2026, 3, 1), to: CalendarDate(2026, 3, 31), actor: t.actor)
        #expect(Set(days.flatMap(\.entries).map(\.praticaId)).isSuperset(of: [w.pratica.id, banca.id, analisi.id]))
        // A filter on a field only one type has reaches that type's pratiche, even across types.
        var byObject = ListRequest()
        byObject.filters = [ListRequest.Filter(field: "oggetto", expression: "cartelle")]
        #expect(try t.ids(byObject).ids == [banca.id])

        // Shared, each type is visible read-only to the studio, and to no one else.
        for pratica in [w.pratica, banca, analisi] {
            _ = try t.engine.share(id: pratica.id, withAccountCode: w.gestoreCode, actor: t.actor)
        }
        #expect(Set(try t.ids(ListRequest(), actor: w.gestore).ids) == [w.pratica.id, banca.id, analisi.id])
        #expect(Set(try t.search("rossi", actor: w.gestore)) == [w.pratica.id, banca.id, analisi.id])
        #expect(try t.ids(ListRequest(), actor: w.stranger).total == 0)
        for pratica in [banca, analisi] {
            let shared = try t.engine.pratica(id: pratica.id, actor: w.gestore)
            let edit = fascicoloError {
                _ = try t.engine.update(
                    id: shared.id, expectedVersion: shared.version, changes: PraticaChanges([("note", .text("modifica"))]), actor: w.gestore)
            }
            #expect(edit == .forbidden("la pratica è condivisa in sola lettura: solo l'account proprietario la modifica"), "\(pratica.type.id)")
            #expect(throws: FascicoloError.notFound("pratica \(pratica.id)")) { try t.engine.pratica(id: pratica.id, actor: w.stranger) }
        }
    }
}
