import FascicoloCore
import FascicoloEngine
import Foundation
import GRDB

/// Every filter kind of the pratiche list, alone and in every pair, each in three orders, timed
/// through the engine with the list cache off. Each shape runs with parameters drawn at random
/// (seeded) from the data, so that no two runs ask the same thing and no cache can answer.
/// Prints p50 / p99 / max per shape and the worst shape against the budget (p50 ≤ 20 ms,
/// max ≤ 300 ms).
struct ListMatrix {
    let engine: Engine
    let actor: Actor
    let raw: DatabaseQueue
    let runs: Int
    var random: BenchRandom

    static let type = "crisi-sovraindebitamento"
    static let orders = ["-data_apertura", "-creata", "protocollo"]

    /// Values drawn from the data once, to build parameters from.
    struct Samples {
        let states: [String]
        let procedure: [String]
        let opened: [String]
        let amounts: [Int64]
        let debtors: [Int64]
        let gestori: [Int64]
        let surnames: [String]
        let days: [String]
        let hearings: [String]
    }

    /// A filter kind: its name and how to add one random instance of it to a request.
    struct Kind {
        let name: String
        let add: (inout ListRequest, inout BenchRandom) -> Void
    }

    static func samples(_ raw: DatabaseQueue) throws -> Samples {
        try raw.read { db in
            func strings(_ sql: String) throws -> [String] { try String.fetchAll(db, sql: sql) }
            func ids(_ sql: String) throws -> [Int64] { try Int64.fetchAll(db, sql: sql) }
            return Samples(
                states: try strings("SELECT DISTINCT state FROM pratica_tally WHERE n > 0"),
                procedure: try strings("SELECT DISTINCT value FROM pratica_value WHERE field = 'procedura' LIMIT 20"),
                opened: try strings("SELECT date FROM pratica_date WHERE field = 'data_apertura' AND pratica_id % 97 = 0"),
                amounts: try ids("SELECT value FROM pratica_value WHERE field = 'valore_passivo' AND pratica_id % 97 = 0"),
                debtors: try ids("SELECT contact_id FROM pratica_contact WHERE field = 'interessati.debitore' AND pratica_id % 97 = 0"),
                gestori: try ids("SELECT DISTINCT contact_id FROM pratica_contact WHERE field = 'gestori.gestore'"),
                surnames: try strings("SELECT DISTINCT json_extract(document, '$.cognome') FROM contact WHERE id % 13 = 0 LIMIT 2000")
                    .filter { !$0.isEmpty },
                days: try strings("SELECT date FROM pratica_date WHERE pratica_id % 97 = 0 AND searchable = 1"),
                hearings: try strings("SELECT date FROM pratica_date WHERE field = 'udienze.data' AND pratica_id % 31 = 0"))
        }
    }

    static func kinds(_ samples: Samples) -> [Kind] {
        func italian(_ iso: String) -> String { CalendarDate(parsing: iso)!.italian }
        func range(_ field: String, _ days: [String], span: ClosedRange<Int>) -> (inout ListRequest, inout BenchRandom) -> Void {
            { request, random in
                let start = CalendarDate(parsing: random.pick(days))!
                let end = start.adding(days: random.int(span))
                request.filters.append(.init(field: field, expression: "\(start.italian)..\(end.italian)"))
            }
        }
        return [
            Kind(name: "stato") { request, random in
                let count = random.int(1...2)
                request.filters.append(.init(field: "stato", expression: (0..<count).map { _ in random.pick(samples.states) }.joined(separator: ",")))
            },
            Kind(name: "procedura") { request, random in request.filters.append(.init(field: "procedura", expression: random.pick(samples.procedure)))
            },
            Kind(name: "data breve", add: range("data_apertura", samples.opened, span: 7...31)),
            Kind(name: "data lunga", add: range("data_apertura", samples.opened, span: 365...1_095)),
            Kind(name: "importo") { request, random in
                let (a, b) = (random.pick(samples.amounts), random.pick(samples.amounts))
                let (low, high) = (Money(cents: min(a, b)), Money(cents: max(a, b)))
                request.filters.append(.init(field: "valore_passivo", expression: "\(low.plain)..\(high.plain)"))
            },
            Kind(name: "soggetto") { request, random in request.contactId = random.pick(samples.debtors) },
            Kind(name: "gestore") { request, random in
                request.filters.append(.init(field: "gestori.gestore", expression: String(random.pick(samples.gestori))))
            },
            Kind(name: "testo") { request, random in
                request.text = [request.text, random.pick(samples.surnames)].compactMap { $0 }.joined(separator: " ")
            },
            Kind(name: "data cercata") { request, random in
                request.text = [request.text, italian(random.pick(samples.days))].compactMap { $0 }.joined(separator: " ")
            },
            Kind(name: "sotto-campo", add: range("udienze.data", samples.hearings, span: 15...90)),
        ]
    }

    /// One shape's times (ms).
    struct Result {
        let shape: String
        let samples: [Double]

        var p50: Double { samples[samples.count / 2] }
        var p99: Double { samples[min(samples.count - 1, samples.count * 99 / 100)] }
        var max: Double { samples.last! }
        var withinBudget: Bool { p50 <= 20 && max <= 300 }
    }

    mutating func run(label: String) throws -> [Result] {
        let kinds = Self.kinds(try Self.samples(raw))
        var shapes: [[Kind]] = kinds.map { [$0] }
        for (offset, first) in kinds.enumerated() { for second in kinds.dropFirst(offset + 1) { shapes.append([first, second]) } }
        say("\(label): \(shapes.count) filter shapes × \(Self.orders.count) orders × \(runs) random draws, list cache off")
        var results: [Result] = []
        for shape in shapes {
            for order in Self.orders {
                var times: [Double] = []
                for _ in 0..<runs {
                    var request = ListRequest(type: Self.type)
                    for kind in shape { kind.add(&request, &random) }
                    request.sort = order
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = try engine.list(request, actor: actor, cached: false)
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
                }
                let result = Result(shape: shape.map(\.name).joined(separator: " + ") + " | " + order, samples: times.sorted())
                results.append(result)
                say(
                    "  \(result.shape.padding(toLength: 48, withPad: " ", startingAt: 0)) p50 \(Timing.format(result.p50)) ms"
                        + "  p99 \(Timing.format(result.p99)) ms  max \(Timing.format(result.max)) ms"
                        + (result.withinBudget ? "" : "  OVER"))
            }
        }
        let worstP50 = results.max { $0.p50 < $1.p50 }!
        let worstMax = results.max { $0.max < $1.max }!
        let all = results.flatMap(\.samples).sorted()
        say("\(label): \(all.count) lists, overall p50 \(Timing.format(all[all.count / 2])) ms, p99 \(Timing.format(all[all.count * 99 / 100])) ms")
        say(
            "\(label): worst p50 \(Timing.format(worstP50.p50)) ms (\(worstP50.shape)), worst max \(Timing.format(worstMax.max)) ms (\(worstMax.shape))"
        )
        let over = results.filter { !$0.withinBudget }
        say("\(label): \(over.isEmpty ? "every shape within budget (p50 ≤ 20 ms, max ≤ 300 ms)" : "\(over.count) shapes OVER budget")")
        return results
    }
}

/// SplitMix64, seeded: the same draws on every run of the benchmark.
struct BenchRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1)) }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Random list URLs for the HTTP load test (`--urls N --for json|html|search|calendar`): every
/// filter kind alone and in pairs, in the three orders, parameters drawn from the data.
enum ListURLs {
    static func make(count: Int, front: String, raw: DatabaseQueue, seed: UInt64) throws -> [String] {
        let samples = try ListMatrix.samples(raw)
        let kinds = ListMatrix.kinds(samples)
        var random = BenchRandom(seed: seed)
        var urls: [String] = []
        while urls.count < count {
            switch front {
            case "search":
                urls.append("/pratiche?tipo=\(ListMatrix.type)&q=\(encode(random.pick(samples.surnames)))&ordina=-creata")
                continue
            case "calendar":
                let month = CalendarDate(parsing: random.pick(samples.days))!
                urls.append("/calendario?tipo=\(ListMatrix.type)&mese=\(month.iso.prefix(7))")
                continue
            default: break
            }
            var request = ListRequest(type: ListMatrix.type)
            let first = random.int(0...(kinds.count - 1))
            kinds[first].add(&request, &random)
            if random.int(0...1) == 1 { kinds[(first + random.int(1...(kinds.count - 1))) % kinds.count].add(&request, &random) }
            request.sort = random.pick(ListMatrix.orders)
            urls.append(front == "json" ? api(request) : html(request))
        }
        return urls
    }

    static func api(_ request: ListRequest) -> String {
        var parts = ["tipo=\(ListMatrix.type)", "ordina=\(encode(request.sort ?? ""))"]
        for filter in request.filters {
            parts.append(filter.field == "stato" ? "stato=\(encode(filter.expression))" : "filtro=\(encode("\(filter.field)=\(filter.expression)"))")
        }
        if let text = request.text { parts.append("q=\(encode(text))") }
        if let contact = request.contactId { parts.append("soggetto=\(contact)") }
        return "/api/v1/pratiche?" + parts.joined(separator: "&")
    }

    static func html(_ request: ListRequest) -> String {
        var parts = ["tipo=\(ListMatrix.type)", "ordina=\(encode(request.sort ?? ""))"]
        for filter in request.filters {
            if filter.field == "stato" {
                parts += filter.expression.split(separator: ",").map { "f.stato=\(encode(String($0)))" }
            } else if filter.expression.contains("..") {
                let bounds = filter.expression.components(separatedBy: "..")
                parts += ["f.\(filter.field).da=\(encode(bounds[0]))", "f.\(filter.field).a=\(encode(bounds[1]))"]
            } else {
                parts.append("f.\(filter.field)=\(encode(filter.expression))")
            }
        }
        if let text = request.text { parts.append("q=\(encode(text))") }
        if let contact = request.contactId { parts.append("soggetto=\(contact)") }
        return "/pratiche?" + parts.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
