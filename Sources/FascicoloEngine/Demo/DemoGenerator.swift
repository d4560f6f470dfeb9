import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// Fills the database with realistic synthetic pratiche of the `crisi-sovraindebitamento` type
/// through the same validation path as every user write: Italian names with valid codici fiscali,
/// real comuni and tribunali, dates over several years, gestori, hearings, deadlines and every state
/// reached along declared transitions.
public struct DemoGenerator {
    public static let typeId = "crisi-sovraindebitamento"

    let engine: Engine
    let actor: Actor
    private var random: SeededRandom
    /// The next person's number, which fixes their birth date and comune (see `makePerson`).
    private var nextPerson = 0
    /// Recent debtors: one in twenty pratiche is a second request of someone already known.
    private var recentDebtors: [Int64] = []

    public init(engine: Engine, actor: Actor, seed: UInt64 = 42) {
        self.engine = engine
        self.actor = actor
        self.random = SeededRandom(seed: seed)
    }

    /// Creates `count` pratiche (and the contacts they need) in batches; `progress` gets the number done.
    public mutating func generate(pratiche count: Int, progress: (Int) -> Void = { _ in }) throws {
        let type = try engine.type(Self.typeId)
        let plan = try DemoPlan(type: type, comuni: engine.project.reference.comuni.filter { !$0.caps.isEmpty })
        nextPerson = try engine.reading { try $0.contactCount() }
        let professionals = try engine.writing { writer in try makeProfessionals(plan: plan, writer: writer, scale: count) }
        var done = 0
        while done < count {
            let batch = min(500, count - done)
            try engine.writing { writer in
                for _ in 0..<batch { try makePratica(plan: plan, professionals: professionals, writer: writer) }
            }
            done += batch
            progress(done)
        }
        try engine.optimize()
    }

    private struct Professionals {
        var avvocati: [Int64] = []
        var consulenti: [Int64] = []
        var gestori: [Int64] = []
    }

    /// The gestori, lawyers and advisers the pratiche share: a few dozen for a small office, one
    /// gestore per 2,500 pratiche beyond (an OCC's list grows with its caseload).
    private mutating func makeProfessionals(plan: DemoPlan, writer: StoreWriter, scale: Int) throws -> Professionals {
        var result = Professionals()
        for _ in 0..<(40 + scale / 2_500) { result.gestori.append(try makePerson(plan: plan, writer: writer, professional: true)) }
        for _ in 0..<(60 + scale / 1_500) { result.avvocati.append(try makePerson(plan: plan, writer: writer, professional: true)) }
        for _ in 0..<(25 + scale / 4_000) { result.consulenti.append(try makePerson(plan: plan, writer: writer, professional: true)) }
        return result
    }

    private mutating func makePerson(plan: DemoPlan, writer: StoreWriter, professional: Bool) throws -> Int64 {
        while true {
            let female = random.chance(50)
            let surname = random.pick(DemoNames.surnames)
            let name = random.pick(female ? DemoNames.female : DemoNames.male)
            // Birth date and comune come from a counter, so that no two people share them (and so
            // their codici fiscali): unique by construction for 170 million people.
            let index = nextPerson
            nextPerson += 1
            let born = DemoPlan.firstBirthDate.adding(days: index % DemoPlan.birthDays)
            let comune = plan.comuni[(index / DemoPlan.birthDays) % plan.comuni.count]
            let cf = CodiceFiscale.compute(surname: surname, name: name, birthDate: born, isFemale: female, birthplaceCode: comune.belfiore)
            var attributes = [
                "cognome": surname, "nome": name, "codice_fiscale": cf, "data_nascita": born.iso,
                "indirizzo": "Via \(random.pick(DemoNames.surnames)) \(random.int(1...180))",
                "comune": comune.istat, "cap": random.pick(comune.caps),
                "telefono": "+39 3\(random.int(20...99)) \(random.int(1_000_000...9_999_999))",
            ]
            let mailbox = "\(name).\(surname)".lowercased().filter { $0.isLetter || $0 == "." }
            attributes[professional ? "pec" : "email"] = professional ? "\(mailbox)@pec.example.it" : "\(mailbox)@example.it"
            do {
                return try writer.savepoint { try engine.addContact(kind: .fisica, attributes: attributes, actor: actor, writer: writer) }
            } catch FascicoloError.validation(let issues) where issues.contains(where: { $0.field == "codice_fiscale" }) {
                // Someone added by hand (or an earlier run with another seed) already has it: skip ahead.
                nextPerson += DemoPlan.birthDays
                continue
            }
        }
    }

    /// A new debtor, or (one time in twenty) one of the last thousand, asking again.
    private mutating func debtor(plan: DemoPlan, writer: StoreWriter) throws -> Int64 {
        if !recentDebtors.isEmpty, random.chance(5) { return random.pick(recentDebtors) }
        let id = try makePerson(plan: plan, writer: writer, professional: false)
        if recentDebtors.count == 1_000 { recentDebtors[random.int(0...999)] = id } else { recentDebtors.append(id) }
        return id
    }

    private mutating func makePratica(plan: DemoPlan, professionals: Professionals, writer: StoreWriter) throws {
        let today = engine.today()
        let presented = today.adding(days: -random.int(0...(5 * 365)))
        let target = random.pick(plan.targetStates)
        let path = plan.paths[target]!
        let reached = Set(path.map(\.to) + [path.first?.from ?? target])
        var fields: [String: Value] = [
            "data_presentazione": .date(presented),
            "interessati": .list([.record(["debitore": .reference(try debtor(plan: plan, writer: writer))])]),
            "procedura": .text(random.pick(["piano_consumatore", "accordo", "liquidazione", "esdebitazione_incapiente"])),
            "tribunale": .text(random.pick(plan.tribunali)),
            "valore_attivo": .money(Money(cents: Int64(random.int(0...25_000_000)))),
            "valore_passivo": .money(Money(cents: Int64(random.int(1_000_000...150_000_000)))),
            "stato": .text(path.first?.from ?? target),
            "anno": .integer(Int64(presented.year)),
        ]
        if random.chance(20), var debtors = fields["interessati"]?.listValue {
            debtors.append(.record(["debitore": .reference(try makePerson(plan: plan, writer: writer, professional: false))]))
            fields["interessati"] = .list(debtors)
        }
        if random.chance(60) { fields["avvocato"] = .reference(random.pick(professionals.avvocati)) }
        if random.chance(30) { fields["consulente"] = .reference(random.pick(professionals.consulenti)) }
        let opened = min(today, presented.adding(days: random.int(1...40)))
        if reached.contains("aperta") { fields["data_apertura"] = .date(opened) }
        if reached.contains("assegnata_gestore") {
            let appointed = min(today, opened.adding(days: random.int(5...60)))
            var gestore: [String: Value] = [
                "gestore": .reference(random.pick(professionals.gestori)), "data_nomina": .date(appointed),
                "data_accettazione": .date(appointed.adding(days: random.int(1...10))),
            ]
            if reached.contains("consegnata_gestore") { gestore["data_consegna_elaborato"] = .date(appointed.adding(days: random.int(60...240))) }
            fields["gestori"] = .list([.record(gestore)])
        }
        if reached.contains("ricorso_inviato") {
            let filed = opened.adding(days: random.int(120...400))
            fields["data_deposito_ricorso"] = .date(filed)
            fields["numero_rg"] = .text("\(random.int(1...9999))/\(filed.year)")
            if reached.contains("prima_udienza") {
                fields["udienze"] = .list(
                    (1...random.int(1...3)).map { index in
                        .record([
                            "data": .date(filed.adding(days: 40 * index + random.int(0...30))),
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
        if target == "conclusa" { fields["esito"] = .text(random.pick(["omologato", "esdebitazione_concessa", "rigettato", "rinuncia"])) }
        let numbered = reached.contains("aperta") || random.chance(30)
        let id = try engine.create(NewPratica(type: DemoGenerator.typeId, fields: fields, numbered: numbered), actor: actor, writer: writer)
        if !path.isEmpty { try engine.transition(id: id, through: path.map(\.to), expectedVersion: nil, actor: actor, writer: writer) }
    }
}

/// What the generator draws from: a realistic route to each state, comuni and tribunali.
struct DemoPlan {
    /// Demo people are born from this day on, one birth date per person over `birthDays` days.
    static let firstBirthDate = CalendarDate(year: 1940, month: 1, day: 1)!
    static let birthDays = 22_000

    let targetStates: [String]
    let paths: [String: [(from: String, to: String)]]
    let comuni: [ReferenceData.Comune]
    let tribunali: [String]

    /// How a pratica usually moves: opened, examined, assigned to a gestore, worked, filed, heard,
    /// concluded. Side exits leave this route at the step named.
    private static let mainRoute = [
        "aperta", "esame_documentazione", "assegnata_gestore", "lavorazione_gestore",
        "consegnata_gestore", "ricorso_inviato", "prima_udienza", "conclusa",
    ]
    private static let sideExits = [
        "attesa_documentazione": "lavorazione_gestore", "rinunciata": "esame_documentazione",
        "inammissibile": "esame_documentazione", "archiviata_senza_nomina": "aperta",
    ]

    init(type: PraticaType, comuni: [ReferenceData.Comune]) throws {
        guard case .enumeration(let options)? = type.field("tribunale")?.kind, !comuni.isEmpty else {
            throw FascicoloError.invalidRequest("la tipologia dimostrativa richiede il campo 'tribunale' e i comuni in data/")
        }
        self.tribunali = options.options.map(\.value)
        self.comuni = comuni
        var paths: [String: [(from: String, to: String)]] = [:]
        for state in type.initialStates.map(\.id) { paths[state] = [] }
        func route(to last: String) -> [(from: String, to: String)] {
            let stops = Array(Self.mainRoute.prefix { $0 != last }) + [last]
            return zip(stops, stops.dropFirst()).map { ($0, $1) }
        }
        for state in Self.mainRoute where type.state(state) != nil { paths[state] = route(to: state) }
        for (state, exit) in Self.sideExits where type.state(state) != nil { paths[state] = route(to: exit) + [(exit, state)] }
        self.paths = paths
        self.targetStates = type.states.map(\.id).filter { paths[$0] != nil }
    }
}

/// A small reproducible generator (SplitMix64), so that demo data is the same for a seed.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True `percent` times out of a hundred.
    mutating func chance(_ percent: Int) -> Bool { Int(next() % 100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}
