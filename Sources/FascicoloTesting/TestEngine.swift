import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Foundation

/// A person for the anagrafica, with a valid codice fiscale.
public struct TestPerson: Sendable, Hashable {
    public let cognome: String
    public let nome: String
    public let codiceFiscale: String

    public init(cognome: String, nome: String, codiceFiscale: String) {
        self.cognome = cognome
        self.nome = nome
        self.codiceFiscale = codiceFiscale
    }

    /// `cognome`, `nome` and `codice_fiscale`, as `Engine.addContact` takes them.
    public var attributes: [String: String] { ["cognome": cognome, "nome": nome, "codice_fiscale": codiceFiscale] }

    /// Mario Rossi, born in Roma on 1 January 1980: the classic example code.
    public static let marioRossi = TestPerson(cognome: "Rossi", nome: "Mario", codiceFiscale: "RSSMRA80A01H501U")
    /// Laura Bianchi, born in Milano on 1 August 1985.
    public static let lauraBianchi = TestPerson(cognome: "Bianchi", nome: "Laura", codiceFiscale: "BNCLRA85M41F205C")
    /// Giuseppe Verdi, born in Milano on 12 May 1975 (code computed with its check character).
    public static let giuseppeVerdi = computed("Verdi", "Giuseppe", year: 1975, month: 5, day: 12, female: false, place: "F205")
    /// Anna Neri, born in Torino on 3 October 1990.
    public static let annaNeri = computed("Neri", "Anna", year: 1990, month: 10, day: 3, female: true, place: "L219")

    private static func computed(
        _ cognome: String, _ nome: String, year: Int, month: Int, day: Int, female: Bool,
        place: String
    ) -> TestPerson {
        let code = CodiceFiscale.compute(
            surname: cognome, name: nome, birthDate: CalendarDate(year: year, month: month, day: day)!,
            isFemale: female, birthplaceCode: place)
        return TestPerson(cognome: cognome, nome: nome, codiceFiscale: code)
    }
}

/// An engine over a fresh data directory, with one account and an actor acting for it.
/// The data directory is removed when the last copy of the value goes away (at the end of the test).
public struct TestEngine: Sendable {
    /// The fixed "today" of the engine suites. It lies before every date the tests search for, so that
    /// `default: today` fields never match those searches.
    public static let today = CalendarDate(year: 2025, month: 1, day: 20)!

    private let sandbox: Sandbox
    public let actor: Actor

    public var engine: Engine { sandbox.engine! }
    public var dataDirectory: URL { sandbox.directory }

    /// A new engine on its own temporary data directory, with one OCC account.
    public static func make(
        today: CalendarDate = TestEngine.today, project: Project = TestProjects.repository,
        accountName: String = "OCC di prova"
    ) throws -> TestEngine {
        let directory = TestPaths.temporaryDirectory("fascicolo-engine")
        let sandbox = Sandbox(directory: directory)
        sandbox.engine = try Engine(project: project, dataDirectory: directory, today: { today })
        let account = try sandbox.engine!.createAccount(name: accountName)
        return TestEngine(sandbox: sandbox, actor: Actor(accountId: account.id, name: "operatore di prova"))
    }

    /// Another engine over the same data directory (and the same account and actor), configured
    /// differently: list bounds, cache.
    public func reopened(configuration: EngineConfiguration) throws -> TestEngine {
        let shared = Sandbox(directory: sandbox.directory, sharing: sandbox)
        shared.engine = try Engine(
            project: engine.project, dataDirectory: sandbox.directory, today: { TestEngine.today },
            configuration: configuration)
        return TestEngine(sandbox: shared, actor: actor)
    }

    /// A second engine over the same project and today, on another fresh data directory (for imports).
    public func sibling(accountName: String = "OCC di destinazione") throws -> TestEngine {
        try TestEngine.make(today: TestEngine.today, project: engine.project, accountName: accountName)
    }

    /// Creates another account in the same database and returns an actor for it.
    public func otherActor(accountName: String = "Altro OCC", actorName: String = "operatore esterno") throws -> Actor {
        let account = try engine.createAccount(name: accountName)
        return Actor(accountId: account.id, name: actorName)
    }

    /// Adds a natural person to the anagrafica of `actor` (default: the main actor).
    @discardableResult
    public func addPerson(_ person: TestPerson, extra: [String: String] = [:], actor: Actor? = nil) throws -> Contact {
        try engine.addContact(kind: .fisica, attributes: person.attributes.merging(extra) { _, new in new }, actor: actor ?? self.actor)
    }

    /// Creates a pratica of `type` with `fields`, numbered when asked, as the main actor.
    @discardableResult
    public func create(_ type: String, _ fields: [String: Value], numbered: Bool = false) throws -> Pratica {
        try engine.create(NewPratica(type: type, fields: fields, numbered: numbered), actor: actor)
    }

    /// Creates a crisi pratica whose only debtor is `debitore`, with `fields` on top (they may include `stato`).
    @discardableResult
    public func createCrisi(debitore: Int64, fields: [String: Value] = [:], actor: Actor? = nil) throws -> Pratica {
        var all: [String: Value] = ["interessati": .list([.record(["debitore": .reference(debitore)])])]
        for (key, value) in fields { all[key] = value }
        return try engine.create(NewPratica(type: TestProjects.crisi, fields: all), actor: actor ?? self.actor)
    }

    /// Creates a crisi pratica with one hearing (`udienze[1]`) on `hearing`.
    @discardableResult
    public func createCrisi(
        debitore: Int64, hearing: CalendarDate, description: String? = nil,
        fields: [String: Value] = [:], actor: Actor? = nil
    ) throws -> Pratica {
        var row: [String: Value] = ["data": .date(hearing)]
        if let description { row["descrizione"] = .text(description) }
        var all = fields
        all["udienze"] = .list([.record(row)])
        return try createCrisi(debitore: debitore, fields: all, actor: actor)
    }

    /// The ids of the actor's pratiche matching `request`, in list order, and the total.
    public func ids(_ request: ListRequest, actor: Actor? = nil) throws -> (ids: [Int64], total: Int) {
        let result = try engine.list(request, actor: actor ?? self.actor)
        return (result.pratiche.map(\.id), result.total)
    }

    /// The ids of the actor's pratiche found by typing `text` in the search box, in ascending id order.
    public func search(_ text: String, actor: Actor? = nil) throws -> [Int64] {
        var request = ListRequest()
        request.text = text
        request.pageSize = 500
        return try ids(request, actor: actor).ids.sorted()
    }
}

/// Owns an engine and its data directory: closes the engine, then removes the directory.
private final class Sandbox: @unchecked Sendable {
    let directory: URL
    /// Set once right after creation, cleared only in `deinit`.
    var engine: Engine?
    /// The sandbox whose folder this one shares (kept alive, and left to remove it).
    private let owner: Sandbox?

    init(directory: URL, sharing owner: Sandbox? = nil) {
        self.directory = directory
        self.owner = owner
    }

    deinit {
        engine = nil
        if owner == nil { try? FileManager.default.removeItem(at: directory) }
    }
}

extension CalendarDate {
    /// `CalendarDate(2025, 3, 15)`: a date the test knows exists.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        self = CalendarDate(year: year, month: month, day: day)!
    }
}
