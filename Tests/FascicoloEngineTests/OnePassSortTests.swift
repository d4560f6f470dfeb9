import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Testing

/// Pages of a small filtered set are sorted in Swift after one read: the order must be SQLite's
/// (`key IS NULL, key DIR, id DIR`), pages must not overlap, and the total must count every match.
@Suite struct OnePassSortTests {
    @Test(arguments: [true, false])
    func pagesOfADebtorsPraticheFollowTheSortKey(descending: Bool) throws {
        let t = try TestEngine.make()
        let debtor = try t.addPerson(.marioRossi)
        let dates: [CalendarDate?] = [
            CalendarDate(2025, 3, 1), nil, CalendarDate(2024, 1, 9), CalendarDate(2025, 3, 1), nil,
            CalendarDate(2023, 12, 31),
        ]
        var created: [(id: Int64, date: CalendarDate?)] = []
        for date in dates {
            let pratica = try t.createCrisi(debitore: debtor.id, fields: date.map { ["data_apertura": .date($0)] } ?? [:])
            created.append((pratica.id, date))
        }
        _ = try t.createCrisi(debitore: try t.addPerson(.lauraBianchi).id, fields: ["data_apertura": .date(CalendarDate(2025, 1, 1))])

        let expected = created.sorted { a, b in
            switch (a.date, b.date) {
            case (nil, nil): return descending ? a.id > b.id : a.id < b.id
            case (nil, _): return false
            case (_, nil): return true
            case (let x?, let y?): return x == y ? (descending ? a.id > b.id : a.id < b.id) : (descending ? x > y : x < y)
            }
        }.map(\.id)
        var request = ListRequest(type: "crisi-sovraindebitamento")
        request.contactId = debtor.id
        request.sort = descending ? "-data_apertura" : "data_apertura"
        request.pageSize = 4
        let first = try t.ids(request)
        request.page = 2
        let second = try t.ids(request)
        #expect(first.total == 6 && second.total == 6)
        #expect(first.ids + second.ids == expected)
    }
}
