import ArgumentParser
import FascicoloCore
import FascicoloEngine
import Foundation

/// `fascicolo-stress`: drives the engine hard from one process, for the crash-safety and
/// protocol-concurrency tests (they start several of these and kill them).
@main
struct Stress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fascicolo-stress", abstract: "Scritture in ciclo e assegnazioni di protocollo per i test di robustezza.",
        subcommands: [WriteLoop.self, Protocols.self, Verify.self])

    struct Location: ParsableArguments {
        @Option(help: "Cartella del progetto.") var root: String
        @Option(help: "Cartella dei dati (già inizializzata con fascicolo init).") var data: String

        func session() throws -> (Engine, Actor) {
            let engine = try Engine(project: try Project.loadStrict(root: URL(fileURLWithPath: root)), dataDirectory: URL(fileURLWithPath: data))
            guard let account = try engine.accounts().first else { throw ValidationError("archivio non inizializzato") }
            return (engine, Actor(accountId: account.id, name: "stress"))
        }

        /// A debtor to link: every pratica of the crisi type needs at least one.
        func debtor(_ engine: Engine, _ actor: Actor) throws -> Value {
            let contact = try engine.addContact(kind: .fisica, attributes: ["cognome": "Prova", "nome": "Carico"], actor: actor)
            return .list([.record(["debitore": .reference(contact.id)])])
        }
    }

    /// Creates pratiche with a hearing and a deadline forever, printing `ok <id>` after each commit.
    struct WriteLoop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "write-loop")
        @OptionGroup var location: Location

        func run() throws {
            let (engine, actor) = try location.session()
            let debtors = try location.debtor(engine, actor)
            var day = 0
            while true {
                day += 1
                let date = CalendarDate(year: 2025, month: 1, day: 1)!.adding(days: day % 700)
                let pratica = try engine.create(
                    NewPratica(
                        type: "crisi-sovraindebitamento",
                        fields: [
                            "data_apertura": .date(date),
                            "interessati": debtors,
                            "udienze": .list([.record(["data": .date(date.adding(days: 30)), "descrizione": .text("Prima udienza")])]),
                            "scadenze": .list([.record(["data": .date(date.adding(days: 10)), "descrizione": .text("Deposito")])]),
                        ]), actor: actor)
                acknowledge("ok \(pratica.id)")
            }
        }
    }

    /// Creates `count` pratiche and assigns each the first free protocol number.
    struct Protocols: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "protocols")
        @OptionGroup var location: Location
        @Option(help: "Quante pratiche numerare.") var count = 25

        func run() throws {
            let (engine, actor) = try location.session()
            let debtors = try location.debtor(engine, actor)
            for _ in 0..<count {
                let pratica = try engine.create(
                    NewPratica(type: "crisi-sovraindebitamento", fields: ["anno": .integer(2026), "interessati": debtors]),
                    actor: actor)
                let numbered = try engine.assignProtocol(id: pratica.id, actor: actor)
                acknowledge("protocol \(numbered.protocolNumber!.text)")
            }
        }
    }

    /// Checks the database after a kill: `PRAGMA integrity_check` and that every acknowledged id is there.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify")
        @OptionGroup var location: Location
        @Option(help: "Numeri di pratica confermati, separati da virgole.") var ids: String

        func run() throws {
            let (engine, actor) = try location.session()
            let integrity = try engine.integrityCheck()
            print(integrity == "ok" ? "integrity ok" : "integrity failed")
            let wanted = ids.split(separator: ",").compactMap { Int64($0) }
            let missing = wanted.filter { (try? engine.pratica(id: $0, actor: actor)) == nil }
            print("missing \(missing.count)")
            if integrity != "ok" || !missing.isEmpty { throw ExitCode.failure }
        }
    }
}

/// Writes a line straight to standard output (unbuffered), so that a reader sees it before a kill.
func acknowledge(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
