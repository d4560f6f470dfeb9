import FascicoloCore
import FascicoloStore
import Foundation

/// Drafts demo pratiche on a thread of their own: each pratica's fields and route come from its
/// own seeded generator (its index decides everything), and go through `Engine.prepare` and
/// `Engine.advance` on a read snapshot, exactly as a user's new pratica and state changes do.
struct DemoDrafts: Sendable {
    let engine: Engine
    let actor: Actor
    let plan: DemoPlan
    let professionals: DemoGenerator.Professionals
    /// The debtor of each pratica, by index.
    let debtors: [Int64]
    let seed: UInt64
    /// The day the first pratica is presented; the last is presented today.
    let first: CalendarDate

    /// Drafts of the pratiche `indices`, made on another thread.
    final class Pending: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        fileprivate var result: Result<[NewPraticaDraft], any Error> = .success([])

        fileprivate func finish(_ result: Result<[NewPraticaDraft], any Error>) {
            self.result = result
            done.signal()
        }

        /// The drafts, once they are made.
        func wait() throws -> [NewPraticaDraft] {
            done.wait()
            return try result.get()
        }
    }

    func start(_ indices: Range<Int>) -> Pending {
        let pending = Pending()
        Thread.detachNewThread {
            pending.finish(Result { try engine.reading { reader in try indices.map { try draft($0, reader: reader) } } })
        }
        return pending
    }

    /// Pratica number `index`: presented on its day of the covered years, with a route toward a
    /// random state, each step on a later day, cut where the steps would pass today.
    private func draft(_ index: Int, reader: StoreReader) throws -> NewPraticaDraft {
        var random = SeededRandom(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let today = engine.today()
        let span = today.dayNumber - first.dayNumber
        let presented = first.adding(days: index * span / max(debtors.count, 1))
        let target = random.pick(plan.targetStates)
        var day = presented
        var route: [(to: String, on: CalendarDate)] = []
        for step in plan.paths[target]! {
            day = day.adding(days: random.int(3...60))
            guard day <= today else { break }
            route.append((step.to, day))
        }
        let start = plan.paths[target]!.first?.from ?? target
        let reached = Set(route.map(\.to) + [start])
        let stepDay = Dictionary(route.map { ($0.to, $0.on) }, uniquingKeysWith: { first, _ in first })
        // One debtor in twenty comes back with a second request.
        let debtor = index > 0 && random.chance(5) ? debtors[random.int(0...(index - 1))] : debtors[index]
        var fields: [String: Value] = [
            "data_presentazione": .date(presented),
            "interessati": .list([.record(["debitore": .reference(debtor)])]),
            "procedura": .text(random.pick(["piano_consumatore", "accordo", "liquidazione", "esdebitazione_incapiente"])),
            "tribunale": .text(random.pick(plan.tribunali)),
            "valore_attivo": .money(Money(cents: Int64(random.int(0...25_000_000)))),
            "valore_passivo": .money(Money(cents: Int64(random.int(1_000_000...150_000_000)))),
            "stato": .text(start),
            "anno": .integer(Int64(presented.year)),
        ]
        if random.chance(20) {
            let other = debtors[random.int(0...(debtors.count - 1))]
            if other != debtor {
                fields["interessati"] = .list([.record(["debitore": .reference(debtor)]), .record(["debitore": .reference(other)])])
            }
        }
        if random.chance(60) { fields["avvocato"] = .reference(random.pick(professionals.avvocati)) }
        if random.chance(30) { fields["consulente"] = .reference(random.pick(professionals.consulenti)) }
        if reached.contains("aperta") { fields["data_apertura"] = .date(min(today, stepDay["aperta"] ?? presented.adding(days: random.int(1...40)))) }
        if reached.contains("assegnata_gestore") {
            let appointed = stepDay["assegnata_gestore"] ?? presented
            var gestore: [String: Value] = [
                "gestore": .reference(random.pick(professionals.gestori)), "data_nomina": .date(appointed),
                "data_accettazione": .date(min(today, appointed.adding(days: random.int(1...10)))),
            ]
            if let delivered = stepDay["consegnata_gestore"] { gestore["data_consegna_elaborato"] = .date(delivered) }
            fields["gestori"] = .list([.record(gestore)])
        }
        if let filed = stepDay["ricorso_inviato"] {
            fields["data_deposito_ricorso"] = .date(filed)
            fields["numero_rg"] = .text("\(random.int(1...9999))/\(filed.year)")
            if reached.contains("prima_udienza") {
                fields["udienze"] = .list(
                    (1...random.int(1...3)).map { row in
                        .record([
                            "data": .date(filed.adding(days: 40 * row + random.int(0...30))),
                            "ora": .text("\(random.int(9...12)):\(random.pick(["00", "30"]))"),
                            "descrizione": .text(random.pick(DemoNames.hearingDescriptions)),
                        ])
                    })
            }
        }
        let deadlines = random.int(0...3)
        if deadlines > 0 {
            fields["scadenze"] = .list(
                (1...deadlines).map { _ in
                    .record([
                        "data": .date(presented.adding(days: random.int(10...500))),
                        "descrizione": .text(random.pick(DemoNames.deadlineDescriptions)),
                    ])
                })
        }
        if reached.contains("conclusa") { fields["esito"] = .text(random.pick(["omologato", "esdebitazione_concessa", "rigettato", "rinuncia"])) }
        let numbered = reached.contains("aperta") || random.chance(30)
        var draft = try engine.prepare(
            NewPratica(type: DemoGenerator.typeId, fields: fields, numbered: numbered), actor: actor, reader: reader,
            at: Self.timestamp(presented, &random))
        for step in route {
            let moved = try engine.advance(&draft.pratica, to: step.to, at: Self.timestamp(step.on, &random), owner: actor.accountId, reader: reader)
            draft.audit += moved.audit
            if let contacts = moved.contacts { draft.contacts = contacts }
        }
        engine.seal(&draft)
        return draft
    }

    /// A moment of office hours on `day`, in Italian time.
    static func timestamp(_ day: CalendarDate, _ random: inout SeededRandom) -> String {
        let hour = random.int(8...17)
        let minute = random.int(0...59)
        return "\(day.iso)T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):00+01:00"
    }
}
