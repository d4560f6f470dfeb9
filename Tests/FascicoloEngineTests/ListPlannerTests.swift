import FascicoloCore
import FascicoloEngine
import FascicoloStore
import FascicoloTesting
import Foundation
import Testing

/// The list planner against brute force: on 1,200 demo pratiche, every filter kind (eleven) alone and every
/// pair of kinds, each in three orders, must list exactly the pratiche a plain Swift filter over
/// the same data selects, in the same order, page after page. The planner's bounds are shrunk
/// (drive from at most 10 entries, walk at most 150) so that the same data takes
/// every path it has: driving from a small range, one broad range, and intersecting broad ranges.
@Suite(.serialized) struct ListPlannerTests {
    static let world = try! ListWorld()

    /// A filter kind: how to ask for it, and which pratiche it selects (brute force).
    struct Kind: CustomStringConvertible, Sendable {
        let name: String
        let apply: @Sendable (inout ListRequest) -> Void
        let truth: Set<Int64>
        var description: String { name }
    }

    static let orders = ["-data_apertura", "-creata", "protocollo"]

    @Test(arguments: ListPlannerTests.orders)
    func everySingleFilterKind(order: String) throws {
        for kind in Self.world.kinds { try Self.world.check([kind], order: order) }
    }

    @Test(arguments: ListPlannerTests.orders)
    func everyPairOfFilterKinds(order: String) throws {
        let kinds = Self.world.kinds
        for (offset, first) in kinds.enumerated() {
            for second in kinds.dropFirst(offset + 1) { try Self.world.check([first, second], order: order) }
        }
    }

    @Test func noFilterAndStatesOnlyCountExactlyFromTheTallies() throws {
        let world = Self.world
        let all = try world.small.engine.list(ListRequest(type: TestProjects.crisi), actor: world.small.actor)
        #expect(all.total == world.pratiche.count)
        var request = ListRequest(type: TestProjects.crisi)
        request.filters = [.init(field: "stato", expression: "aperta,conclusa")]
        let some = try world.small.engine.list(request, actor: world.small.actor)
        #expect(some.total == world.pratiche.values.filter { ["aperta", "conclusa"].contains($0.state) }.count)
    }
}

/// Demo pratiche, two engines over the same data (the planner's real bounds and tiny ones), and
/// the filter kinds with parameters drawn from the data.
final class ListWorld: Sendable {
    let small: TestEngine
    let pratiche: [Int64: Pratica]
    let kinds: [ListPlannerTests.Kind]

    init() throws {
        let full = try TestEngine.make()
        var generator = DemoGenerator(engine: full.engine, actor: full.actor, seed: 7)
        try generator.generate(pratiche: 1_200)
        small = try full.reopened(configuration: EngineConfiguration(listCacheCapacity: 0, listLimits: ListLimits(drive: 10, walk: 150)))
        var all: [Int64: Pratica] = [:]
        var request = ListRequest(type: TestProjects.crisi)
        request.pageSize = 500
        while true {
            let page = try full.engine.list(request, actor: full.actor)
            for pratica in page.pratiche { all[pratica.id] = pratica }
            if page.pratiche.count < request.pageSize { break }
            request.page += 1
        }
        pratiche = all
        kinds = try Self.kinds(pratiche: Array(all.values).sorted { $0.id < $1.id }, reference: full)
    }

    private static func date(_ pratica: Pratica, _ field: String) -> CalendarDate? { pratica.fields[field]?.dateValue }

    private static func kinds(pratiche: [Pratica], reference: TestEngine) throws -> [ListPlannerTests.Kind] {
        func ids(_ test: (Pratica) -> Bool) -> Set<Int64> { Set(pratiche.filter(test).map(\.id)) }
        func rows(_ pratica: Pratica, _ group: String) -> [[String: Value]] { (pratica.fields[group]?.listValue ?? []).compactMap(\.recordValue) }
        let sample = pratiche[pratiche.count / 3]
        let opened = pratiche.compactMap { date($0, "data_apertura") }.sorted()
        let middle = opened[opened.count / 2]
        let gestore = pratiche.lazy.flatMap { rows($0, "gestori") }.compactMap { $0["gestore"]?.referenceValue }.first!
        let debtor = rows(sample, "interessati").first!["debitore"]!.referenceValue!
        let hearing = pratiche.lazy.flatMap { rows($0, "udienze") }.compactMap { $0["data"]?.dateValue }.first!
        let surname = try reference.engine.contact(id: debtor, actor: reference.actor).attributes["cognome"]!
        let amounts = pratiche.compactMap { $0.fields["valore_passivo"].flatMap { if case .money(let m) = $0 { m } else { nil } } }.sorted()
        let (low, high) = (amounts[amounts.count / 4], amounts[amounts.count / 2])
        func within(_ value: CalendarDate?, _ from: CalendarDate, _ to: CalendarDate) -> Bool { value.map { $0 >= from && $0 <= to } ?? false }
        func searched(_ text: String) throws -> Set<Int64> {
            var request = ListRequest(type: TestProjects.crisi)
            request.text = text
            request.pageSize = 500
            var found: Set<Int64> = []
            while true {
                let page = try reference.engine.list(request, actor: reference.actor)
                found.formUnion(page.pratiche.map(\.id))
                if page.pratiche.count < 500 { return found }
                request.page += 1
            }
        }
        let shortFrom = middle.adding(days: -15)
        let shortTo = middle.adding(days: 15)
        let longFrom = middle.adding(days: -700)
        let longTo = middle.adding(days: 400)
        let hearingFrom = hearing.adding(days: -60)
        let hearingTo = hearing.adding(days: 60)
        return [
            .init(
                name: "stato", apply: { $0.filters.append(.init(field: "stato", expression: "lavorazione_gestore,conclusa")) },
                truth: ids { ["lavorazione_gestore", "conclusa"].contains($0.state) }),
            .init(
                name: "enum", apply: { $0.filters.append(.init(field: "procedura", expression: "liquidazione")) },
                truth: ids { $0.fields["procedura"]?.textValue == "liquidazione" }),
            .init(
                name: "data breve",
                apply: { $0.filters.append(.init(field: "data_apertura", expression: "\(shortFrom.italian)..\(shortTo.italian)")) },
                truth: ids { within(date($0, "data_apertura"), shortFrom, shortTo) }),
            .init(
                name: "data lunga", apply: { $0.filters.append(.init(field: "data_apertura", expression: "\(longFrom.italian)..\(longTo.italian)")) },
                truth: ids { within(date($0, "data_apertura"), longFrom, longTo) }),
            .init(
                name: "importo", apply: { $0.filters.append(.init(field: "valore_passivo", expression: "\(low.plain)..\(high.plain)")) },
                truth: ids { pratica in
                    guard case .money(let amount)? = pratica.fields["valore_passivo"] else { return false }
                    return amount >= low && amount <= high
                }),
            .init(
                name: "gestore", apply: { $0.filters.append(.init(field: "gestori.gestore", expression: String(gestore))) },
                truth: ids { rows($0, "gestori").contains { $0["gestore"]?.referenceValue == gestore } }),
            .init(
                name: "soggetto", apply: { $0.contactId = debtor },
                truth: ids { rows($0, "interessati").contains { $0["debitore"]?.referenceValue == debtor } }),
            .init(name: "testo", apply: { $0.text = [$0.text, surname].compactMap { $0 }.joined(separator: " ") }, truth: try searched(surname)),
            .init(
                name: "data cercata", apply: { $0.text = [$0.text, hearing.italian].compactMap { $0 }.joined(separator: " ") },
                truth: try searched(hearing.italian)),
            .init(
                name: "sotto-campo",
                apply: { $0.filters.append(.init(field: "udienze.data", expression: "\(hearingFrom.italian)..\(hearingTo.italian)")) },
                truth: ids { rows($0, "udienze").contains { within($0["data"]?.dateValue, hearingFrom, hearingTo) } }),
        ]
    }

    /// Lists the kinds together in `order`, page after page, on the engine with tiny bounds, and
    /// compares with the brute-force selection sorted the same way.
    func check(_ kinds: [ListPlannerTests.Kind], order: String) throws {
        var request = ListRequest(type: TestProjects.crisi)
        for kind in kinds { kind.apply(&request) }
        request.sort = order
        request.pageSize = 7
        let truth = kinds.dropFirst().reduce(kinds[0].truth) { $0.intersection($1.truth) }
        let expected = truth.compactMap { pratiche[$0] }.sorted(by: Self.precedes(order)).map(\.id)
        var listed: [Int64] = []
        var totals: [Int] = []
        while listed.count <= pratiche.count {
            let page = try small.engine.list(request, actor: small.actor)
            listed += page.pratiche.map(\.id)
            totals.append(page.total)
            if page.pratiche.count < request.pageSize { break }
            request.page += 1
        }
        let label = "\(kinds.map(\.name).joined(separator: " + ")), \(order)"
        #expect(listed == expected, "\(label): \(listed.count) listed, \(expected.count) expected")
        for total in totals { #expect(total == expected.count, "\(label): total") }
    }

    /// The list's order: the key (nil last), then the id (newest first for the protocol's ties).
    static func precedes(_ order: String) -> (Pratica, Pratica) -> Bool {
        switch order {
        case "-creata": return { $0.id > $1.id }
        case "protocollo":
            return { a, b in
                switch (a.protocolNumber, b.protocolNumber) {
                case (nil, nil): return a.id > b.id
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?): return (x.year, x.number) == (y.year, y.number) ? a.id > b.id : (x.year, x.number) < (y.year, y.number)
                }
            }
        default:
            return { a, b in
                switch (date(a, "data_apertura"), date(b, "data_apertura")) {
                case (nil, nil): return a.id > b.id
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?): return x == y ? a.id > b.id : x > y
                }
            }
        }
    }
}
