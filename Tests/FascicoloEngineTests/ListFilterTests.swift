import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Testing

/// Four crisi pratiche with different states, opening dates, procedures, debtors and gestori.
private struct Office {
    let t: TestEngine
    let rossi: Contact, bianchi: Contact, verdi: Contact, neri: Contact
    /// aperta, opened 10/01/2025, piano del consumatore, debtor Rossi, gestore Verdi, passivo 20.000.
    let a: Int64
    /// richiesta_informazioni, opened 15/02/2025, liquidazione, debtor Bianchi, passivo 80.000.
    let b: Int64
    /// aperta, opened 20/03/2025, liquidazione, debtors Rossi and Neri, gestore Verdi.
    let c: Int64
    /// istanza_accordo, no opening date, accordo, debtor Bianchi.
    let d: Int64

    init() throws {
        t = try TestEngine.make()
        rossi = try t.addPerson(.marioRossi)
        bianchi = try t.addPerson(.lauraBianchi)
        verdi = try t.addPerson(.giuseppeVerdi)
        neri = try t.addPerson(.annaNeri)
        let gestore: Value = .list([.record(["gestore": .reference(verdi.id)])])
        a = try t.createCrisi(
            debitore: rossi.id,
            fields: [
                "stato": .text("aperta"), "data_apertura": .text("10/01/2025"), "procedura": .text("piano_consumatore"),
                "gestori": gestore, "valore_passivo": .text("20.000,00"),
            ]
        ).id
        b = try t.createCrisi(
            debitore: bianchi.id,
            fields: [
                "data_apertura": .text("15/02/2025"), "procedura": .text("liquidazione"), "valore_passivo": .text("80000"),
            ]
        ).id
        c = try t.engine.create(
            NewPratica(
                type: TestProjects.crisi,
                fields: [
                    "interessati": .list([.record(["debitore": .reference(rossi.id)]), .record(["debitore": .reference(neri.id)])]),
                    "stato": .text("aperta"), "data_apertura": .text("20/03/2025"), "procedura": .text("liquidazione"), "gestori": gestore,
                ]), actor: t.actor
        ).id
        d = try t.createCrisi(debitore: bianchi.id, fields: ["stato": .text("istanza_accordo"), "procedura": .text("accordo")]).id
    }

    /// The ids a crisi list with these filters returns (in list order) and the total.
    func list(_ filters: [String], sort: String? = nil, page: Int = 1, pageSize: Int = 50) throws -> (ids: [Int64], total: Int) {
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = filters.map { ListRequest.Filter(parsing: $0)! }
        request.sort = sort
        request.page = page
        request.pageSize = pageSize
        return try t.ids(request)
    }

    func set(_ filters: String...) throws -> Set<Int64> { Set(try list(filters).ids) }
}

/// The pratiche list: filters by state, dates, contacts and enum values; sort and paging.
@Suite struct ListFilterTests {
    @Test func byState() throws {
        let o = try Office()
        #expect(try o.set("stato=aperta") == [o.a, o.c])
        #expect(try o.set("stato=aperta,richiesta_informazioni") == [o.a, o.b, o.c])
        #expect(try o.set("stato=conclusa") == [])
    }

    @Test func anUnknownStateIsRefused() throws {
        let o = try Office()
        let error = fascicoloError { _ = try o.list(["stato=chiusa"]) }
        #expect(error == .validation([FieldIssue(field: "stato", message: "stato sconosciuto 'chiusa'")]))
    }

    @Test func byOpeningDateRange() throws {
        let o = try Office()
        #expect(try o.set("data_apertura=01/02/2025..31/03/2025") == [o.b, o.c])
        #expect(try o.set("data_apertura=2025-01-01..2025-02-15") == [o.a, o.b])
        #expect(try o.set("data_apertura=16/02/2025..") == [o.c])
        #expect(try o.set("data_apertura=..10/01/2025") == [o.a])
        #expect(try o.set("data_apertura=02/2025") == [o.b])
        #expect(try o.set("data_apertura=20/03/2025") == [o.c])
        #expect(try o.set("data_apertura=2025") == [o.a, o.b, o.c])
    }

    @Test func byGestore() throws {
        let o = try Office()
        #expect(try o.set("gestori.gestore=\(o.verdi.id)") == [o.a, o.c])
        #expect(try o.set("gestori.gestore=\(o.rossi.id)") == [])
    }

    @Test func byDebtorInAnyRow() throws {
        let o = try Office()
        #expect(try o.set("interessati.debitore=\(o.rossi.id)") == [o.a, o.c])
        #expect(try o.set("interessati.debitore=\(o.neri.id)") == [o.c])
        #expect(try o.set("interessati.debitore=\(o.bianchi.id)") == [o.b, o.d])
        #expect(try o.set("interessati.debitore=\(o.neri.id),\(o.bianchi.id)") == [o.b, o.c, o.d])
    }

    @Test func byAnyContactField() throws {
        let o = try Office()
        var request = ListRequest(type: TestProjects.crisi)
        request.contactId = o.verdi.id
        #expect(Set(try o.t.ids(request).ids) == [o.a, o.c])
    }

    @Test func byProcedure() throws {
        let o = try Office()
        #expect(try o.set("procedura=liquidazione") == [o.b, o.c])
        #expect(try o.set("procedura=piano_consumatore,accordo") == [o.a, o.d])
        let error = fascicoloError { _ = try o.list(["procedura=fallimento"]) }
        #expect(error == .validation([FieldIssue(field: "procedura", message: "valore non ammesso")]))
    }

    @Test func byAmountRange() throws {
        let o = try Office()
        #expect(try o.set("valore_passivo=10000..50000") == [o.a])
        #expect(try o.set("valore_passivo=..20.000,00") == [o.a])
        #expect(try o.set("valore_passivo=50000..") == [o.b])
    }

    @Test func filtersCombine() throws {
        let o = try Office()
        #expect(try o.set("stato=aperta", "procedura=liquidazione") == [o.c])
        #expect(try o.set("interessati.debitore=\(o.rossi.id)", "data_apertura=..31/01/2025") == [o.a])
    }

    @Test func defaultSortIsTheTypes() throws {
        let o = try Office()
        let result = try o.list([])
        #expect(result.ids == [o.c, o.b, o.a, o.d], "newest opening first, pratiche without the date last")
        #expect(result.total == 4)
    }

    @Test func sortAscendingByDate() throws {
        let o = try Office()
        #expect(try o.list([], sort: "data_apertura").ids == [o.a, o.b, o.c, o.d])
    }

    @Test func sortByBuiltIns() throws {
        let o = try Office()
        #expect(try o.list([], sort: "creata").ids == [o.a, o.b, o.c, o.d])
        #expect(try o.list([], sort: "-creata").ids == [o.d, o.c, o.b, o.a])
    }

    @Test func pagingKeepsTheTotal() throws {
        let o = try Office()
        let first = try o.list([], sort: "-data_apertura", page: 1, pageSize: 3)
        #expect(first.ids == [o.c, o.b, o.a])
        #expect(first.total == 4)
        let second = try o.list([], sort: "-data_apertura", page: 2, pageSize: 3)
        #expect(second.ids == [o.d])
        #expect(second.total == 4)
        let beyond = try o.list([], sort: "-data_apertura", page: 3, pageSize: 3)
        #expect(beyond.ids == [])
        #expect(beyond.total == 4)
    }

    @Test func pagingWithAFilter() throws {
        let o = try Office()
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = [ListRequest.Filter(field: "stato", expression: "aperta")]
        request.sort = "creata"
        request.pageSize = 1
        let result = try o.t.engine.list(request, actor: o.t.actor)
        #expect(result.pratiche.map(\.id) == [o.a])
        #expect(result.total == 2)
        #expect(result.pageCount == 2)
    }

    @Test func sortingByAGroupIsRefused() throws {
        let o = try Office()
        let error = fascicoloError { _ = try o.list([], sort: "gestori") }
        #expect(error == .validation([FieldIssue(field: "ordina", message: "non si può ordinare per questo campo 'gestori'")]))
    }

    @Test func anotherAccountSeesNoneOfThem() throws {
        let o = try Office()
        let other = try o.t.otherActor()
        #expect(try o.t.ids(ListRequest(type: TestProjects.crisi), actor: other).total == 0)
    }
}
