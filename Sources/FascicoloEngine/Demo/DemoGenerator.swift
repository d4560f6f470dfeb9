import FascicoloCore
import FascicoloSchema
import FascicoloStore

/// Fills the database with realistic synthetic pratiche of the `crisi-sovraindebitamento` type (and
/// a few of the other shipped types)
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

    public init(engine: Engine, actor: Actor, seed: UInt64 = 42) {
        self.engine = engine
        self.actor = actor
        self.random = SeededRandom(seed: seed)
    }

    /// The years the demo covers, up to today: pratiche are presented one after the other over them.
    static let years = 5

    /// Creates `count` pratiche (and the contacts they need) in batches; `progress` gets the number
    /// done. As in a real office, they come in date order: pratica after pratica over the last
    /// `years` years, each created on the day it was presented and moved along its route on the
    /// days each step happened (so recent pratiche are still open, old ones concluded).
    ///
    /// The debtors are written first; then, batch after batch, one thread checks the next batch's
    /// pratiche against the type and the plugin (on a read snapshot, as `Engine.create` does)
    /// while this one writes the batch before: both cores work. Each pratica draws from its own
    /// seeded generator, so the data is the same whatever the threads do.
    /// Before them, a few pratiche of the other shipped types (`DemoOtherTypes`): their number is
    /// returned. The crisi pratiche come last, so that the demo's lists open on them.
    @discardableResult
    public mutating func generate(pratiche count: Int, progress: (Int) -> Void = { _ in }) throws -> Int {
        try engine.bulkLoading { try generateInBulk(pratiche: count, progress: progress) }
    }

    private mutating func generateInBulk(pratiche count: Int, progress: (Int) -> Void) throws -> Int {
        let type = try engine.type(Self.typeId)
        let plan = try DemoPlan(type: type, comuni: engine.project.reference.comuni.filter { !$0.caps.isEmpty })
        nextPerson = try engine.reading { try $0.contactCount() }
        let professionals = try engine.writing { writer in try makeProfessionals(plan: plan, writer: writer, scale: count) }
        var debtors: [Int64] = []
        debtors.reserveCapacity(count)
        while debtors.count < count {
            let batch = min(5_000, count - debtors.count)
            try engine.writing { writer in
                for _ in 0..<batch { debtors.append(try makePerson(plan: plan, writer: writer, professional: false)) }
            }
        }
        let first = engine.today().adding(days: -Self.years * 365)
        let others = try DemoOtherTypes(engine: engine, actor: actor, lastDay: first.adding(days: -1)).generate(
            count: DemoOtherTypes.count(besides: count), debtors: Array(debtors.prefix(500)), random: &random)
        let drafts = DemoDrafts(
            engine: engine, actor: actor, plan: plan, professionals: professionals, debtors: debtors, seed: random.next(), first: first)
        let batch = 2_000
        var pending = drafts.start(0..<min(batch, count))
        var done = 0
        while done < count {
            let ready = try pending.wait()
            let next = done + ready.count
            if next < count { pending = drafts.start(next..<min(next + batch, count)) }
            try engine.writing { writer in
                for draft in ready { _ = try engine.insert(draft, writer: writer) }
            }
            done = next
            progress(done)
        }
        return others
    }

    struct Professionals: Sendable {
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
            let surname = DemoNames.surname(&random)
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
                "indirizzo": "Via \(DemoNames.surname(&random)) \(random.int(1...180))",
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
}

/// What the generator draws from: a realistic route to each state, comuni and tribunali.
struct DemoPlan: Sendable {
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
