import FascicoloCore
import FascicoloEngine
import Foundation

/// The write budgets: create with hearings and deadlines (synchronous=FULL), and protocol
/// assignment from 16 concurrent writers with no duplicate.
struct WriteBenchmarks {
    let engine: Engine
    let actor: Actor

    func run() throws {
        let debtor = try engine.addContact(kind: .fisica, attributes: ["cognome": "Bench", "nome": "Mark"], actor: actor)
        let fields: [String: Value] = [
            "data_apertura": .date(CalendarDate(year: 2025, month: 2, day: 3)!),
            "interessati": .list([.record(["debitore": .reference(debtor.id)])]),
            "udienze": .list([
                .record(["data": .date(CalendarDate(year: 2025, month: 3, day: 15)!), "ora": .text("09:30"), "descrizione": .text("Prima udienza")]),
                .record(["data": .date(CalendarDate(year: 2025, month: 5, day: 20)!), "descrizione": .text("Rinvio")]),
            ]),
            "scadenze": .list([
                .record(["data": .date(CalendarDate(year: 2025, month: 2, day: 28)!), "descrizione": .text("Deposito")]),
                .record(["data": .date(CalendarDate(year: 2025, month: 4, day: 10)!), "descrizione": .text("Osservazioni")]),
            ]),
        ]
        try Timing.measure("create with 2 hearings + 2 deadlines (FULL)", runs: 300) {
            _ = try engine.create(NewPratica(type: "crisi-sovraindebitamento", fields: fields), actor: actor)
        }.report(budget: 2)

        let year = 2031
        let texts = ProtocolTexts()
        let failures = ProtocolTexts()
        let start = Date()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            for _ in 0..<25 {
                do {
                    var input = fields
                    input["anno"] = .integer(Int64(year))
                    let pratica = try engine.create(NewPratica(type: "crisi-sovraindebitamento", fields: input), actor: actor)
                    texts.append(try engine.assignProtocol(id: pratica.id, actor: actor).protocolNumber!.text)
                } catch {
                    failures.append("\(error)")
                }
            }
        }
        let all = texts.values
        say(
            "protocol: 16 concurrent writers x 25: \(all.count) assigned, \(Set(all).count) distinct, \(all.count - Set(all).count) duplicates, \(failures.values.count) errors, \(Timing.format(Date().timeIntervalSince(start) * 1000)) ms"
        )
    }
}

/// A thread-safe list of strings.
final class ProtocolTexts: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ text: String) {
        lock.lock()
        items.append(text)
        lock.unlock()
    }

    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
