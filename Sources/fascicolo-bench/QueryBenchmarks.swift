import FascicoloCore
import FascicoloEngine
import Foundation
import GRDB

/// The read budgets: filtered list page with count, surname search, date search, calendar month.
struct QueryBenchmarks {
    let engine: Engine
    let actor: Actor
    let raw: DatabaseQueue

    func run() throws {
        let type = "crisi-sovraindebitamento"
        let gestore =
            try raw.read { db in
                try Int64.fetchOne(
                    db,
                    sql: "SELECT contact_id FROM pratica_contact WHERE field = 'gestori.gestore' GROUP BY contact_id ORDER BY count(*) DESC LIMIT 1")
            } ?? 0

        var filtered = ListRequest(type: type)
        filtered.filters = [
            .init(field: "stato", expression: "lavorazione_gestore,attesa_documentazione"),
            .init(field: "data_apertura", expression: "01/01/2023..31/12/2025"),
            .init(field: "gestori.gestore", expression: String(gestore)),
        ]
        let list = try Timing.measure("list: stato+date range+gestore, page+count", runs: 200) { _ = try engine.list(filtered, actor: actor) }
        let listSQL = try Timing.measure("", runs: 200) {
            try raw.read { db in
                let filter = """
                    p.account_id = 1 AND p.type = ? AND p.state IN ('lavorazione_gestore', 'attesa_documentazione')
                    AND p.id IN (SELECT pratica_id FROM pratica_contact WHERE field = 'gestori.gestore' AND contact_id = ?)
                    AND EXISTS (SELECT 1 FROM pratica_date d WHERE d.pratica_id = p.id AND d.field = 'data_apertura'
                                AND d.date BETWEEN '2023-01-01' AND '2025-12-31')
                    """
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM pratica p WHERE \(filter)", arguments: [type, gestore])
                _ = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT p.* FROM pratica p LEFT JOIN pratica_date s ON s.pratica_id = p.id AND s.field = 'data_apertura' AND s.row = 0
                        WHERE \(filter) ORDER BY s.date IS NULL, s.date DESC, p.id DESC LIMIT 50
                        """, arguments: [type, gestore])
            }
        }
        list.report(budget: 2, sqlite: listSQL)

        var byState = ListRequest(type: type)
        byState.filters = [.init(field: "stato", expression: "lavorazione_gestore")]
        try Timing.measure("list: one state, default sort, page+count", runs: 200) { _ = try engine.list(byState, actor: actor) }.report(budget: nil)
        let unfiltered = ListRequest(type: type)
        try Timing.measure("list: everything, default sort, page+count", runs: 100) { _ = try engine.list(unfiltered, actor: actor) }.report(
            budget: nil)

        var surname = ListRequest(type: type)
        surname.text = "Rossi"
        surname.sort = "-creata"
        let search = try Timing.measure("search surname, newest first, page+count", runs: 200) { _ = try engine.list(surname, actor: actor) }
        let searchSQL = try Timing.measure("", runs: 200) {
            try raw.read { db in
                let filter = "p.account_id = 1 AND p.type = ? AND p.id IN (SELECT rowid FROM pratica_fts WHERE pratica_fts MATCH '\"Rossi\"*')"
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM pratica p WHERE \(filter)", arguments: [type])
                _ = try Row.fetchAll(db, sql: "SELECT p.* FROM pratica p WHERE \(filter) ORDER BY p.id DESC LIMIT 50", arguments: [type])
            }
        }
        search.report(budget: 5, sqlite: searchSQL)

        let day =
            try raw.read { db in try String.fetchOne(db, sql: "SELECT date FROM pratica_date WHERE field = 'udienze.data' LIMIT 1 OFFSET 5000") }
            ?? "2025-03-15"
        var dateSearch = ListRequest(type: type)
        dateSearch.text = CalendarDate(parsing: day)!.italian
        dateSearch.sort = "-creata"
        let dates = try Timing.measure("search a date (dd/mm/yyyy), page+count", runs: 200) { _ = try engine.list(dateSearch, actor: actor) }
        let datesSQL = try Timing.measure("", runs: 200) {
            try raw.read { db in
                let filter = "p.account_id = 1 AND p.type = ? AND p.id IN (SELECT pratica_id FROM pratica_date WHERE date >= ? AND date <= ?)"
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM pratica p WHERE \(filter)", arguments: [type, day, day])
                _ = try Row.fetchAll(db, sql: "SELECT p.* FROM pratica p WHERE \(filter) ORDER BY p.id DESC LIMIT 50", arguments: [type, day, day])
            }
        }
        dates.report(budget: 2, sqlite: datesSQL)

        let month = CalendarDate(parsing: day)!.firstOfMonth
        // The same queries over HTTP: Tests/Load/web-load.sh reads this line.
        say("web-params gestore=\(gestore) month=\(month.iso.prefix(7)) date=\(day)")
        var entries = 0
        let calendar = try Timing.measure("calendar month", runs: 30, warmup: 2) {
            entries = try engine.calendar(from: month, to: month.lastOfMonth, request: ListRequest(type: type), actor: actor).count
        }
        let calendarSQL = try Timing.measure("", runs: 30, warmup: 2) {
            try raw.read { db in
                _ = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT d.date, d.field, d.row, p.id, p.type, coalesce(p.protocol_text, p.folder_name),
                               CASE WHEN d.row > 0 THEN json_extract(p.fields, '$.' || substr(d.field, 1, instr(d.field, '.') - 1)
                                                                              || '[' || (d.row - 1) || '].descrizione') END
                        FROM pratica_date d CROSS JOIN pratica p ON p.id = d.pratica_id
                        WHERE d.date BETWEEN ? AND ? AND p.account_id = 1 AND p.type = 'crisi-sovraindebitamento'
                        ORDER BY d.date, p.id, d.field, d.row
                        """, arguments: [month.iso, month.lastOfMonth.iso])
            }
        }
        calendar.report(budget: 50, sqlite: calendarSQL)
        say("  (calendar month \(month.iso.prefix(7)): \(entries) dates)")
        try sharedAccountLists(filtered: filtered, gestore: gestore, ownerFiltered: list)
    }

    /// A professional's account that receives the busiest gestore's pratiche as shares sees the
    /// same filtered page: its figure must stay within 1.5× of the owner's.
    private func sharedAccountLists(filtered: ListRequest, gestore: Int64, ownerFiltered: Timing) throws {
        let name = "Studio del gestore (benchmark)"
        let studio = try engine.accounts().first { $0.name == name } ?? engine.createAccount(name: name, kind: "professionista")
        if try engine.list(ListRequest(type: "crisi-sovraindebitamento"), actor: Actor(accountId: studio.id, name: "bench")).total == 0 {
            var request = ListRequest(type: "crisi-sovraindebitamento")
            request.filters = [.init(field: "gestori.gestore", expression: String(gestore))]
            request.pageSize = 500
            var page = 1
            while true {
                let result = try engine.list(request, actor: actor)
                for pratica in result.pratiche { _ = try engine.share(id: pratica.id, withAccountCode: studio.code, actor: actor) }
                guard page < result.pageCount else { break }
                page += 1
                request.page = page
            }
        }
        let studioActor = Actor(accountId: studio.id, name: "bench")
        let shared = try Timing.measure("list as the sharing account, same filters", runs: 200) { _ = try engine.list(filtered, actor: studioActor) }
        shared.report(budget: ownerFiltered.median * 1.5)
        say("  sharing account / owner, same filters: \(Timing.format(shared.median / ownerFiltered.median))x (budget 1.5x)")
        try Timing.measure("list as the sharing account, no filter", runs: 200) {
            _ = try engine.list(ListRequest(type: "crisi-sovraindebitamento"), actor: studioActor)
        }.report(budget: nil)
    }
}
