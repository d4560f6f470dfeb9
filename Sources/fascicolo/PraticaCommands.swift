import ArgumentParser
import FascicoloCore
import FascicoloEngine
import Foundation

/// `fascicolo pratica …`: create, list, show and change pratiche.
struct PraticaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pratica", abstract: "Crea, elenca, mostra e modifica pratiche.",
        subcommands: [Create.self, List.self, Show.self, Set.self, Transition.self, ProtocolNumber.self, History.self, Fees.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crea una pratica e ne stampa il numero.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Tipologia della pratica (id del file in types/).")
        var type = "crisi-sovraindebitamento"

        @Option(name: .customLong("json-input"), help: "Campi da un oggetto JSON in un file (- per lo standard input).")
        var jsonInput: String?

        @Flag(help: "Assegna subito il primo protocollo libero dell'anno.")
        var numbered = false

        @Argument(help: "Campi come campo=valore (anche stato=…, anno=…, nome_cartella=…, udienze[1].data=…).")
        var assignments: [String] = []

        func run() throws {
            let (engine, actor) = try project.session()
            var fields = try jsonInput.map(Assignments.readJSON) ?? [:]
            for (path, value) in try Assignments.parse(assignments) { fields[path] = value }
            let pratica = try engine.create(NewPratica(type: type, fields: fields, numbered: numbered), actor: actor)
            print(output.json ? PraticaJSON.encode(pratica).pretty : "Creata la pratica \(pratica.id).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Elenca le pratiche con filtri, ordinamento e pagine.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var query: ListOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (engine, actor) = try project.session()
            try ListPrinter(engine: engine, actor: actor, json: output.json).print(try query.request())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mostra una pratica, sezione per sezione.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Numero della pratica.") var id: Int64

        func run() throws {
            let (engine, actor) = try project.session()
            let pratica = try engine.pratica(id: id, actor: actor)
            try output.emit(PraticaJSON.encode(pratica)) { try printSections(pratica, engine: engine, actor: actor) }
        }

        private func printSections(_ pratica: Pratica, engine: Engine, actor: Actor) throws {
            print("Pratica \(pratica.id) – \(pratica.type.label)")
            print("  Stato: \(pratica.stateLabel)")
            print("  Anno: \(pratica.year)")
            print("  Nome cartella: \(pratica.folderName)")
            for section in pratica.type.sections {
                let paths = section.fields.flatMap { field in field.kind.group.map { $0.fields.map { "\(field.id).\($0.id)" } } ?? [field.id] }
                let texts = try engine.render(columns: paths, for: [pratica], actor: actor)[0]
                let lines = zip(paths, texts).filter { !$0.1.isEmpty }
                guard !lines.isEmpty else { continue }
                print("\(section.label)")
                for (path, text) in lines { print("  \(engine.columnLabel(path, type: pratica.type)): \(text)") }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Modifica campi di una pratica (campo=valore; vuoto per cancellare).")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Numero della pratica.") var id: Int64
        @Argument(help: "Campi come campo=valore, udienze[2].data=…, udienze[2]= per eliminare una riga.") var assignments: [String]

        @Option(help: "Versione letta: se la pratica è cambiata nel frattempo la modifica è rifiutata.")
        var version: Int64?

        func run() throws {
            let (engine, actor) = try project.session()
            let expected = try version ?? engine.pratica(id: id, actor: actor).version
            let pratica = try engine.update(
                id: id, expectedVersion: expected, changes: PraticaChanges(try Assignments.parse(assignments)), actor: actor)
            print(output.json ? PraticaJSON.encode(pratica).pretty : "Pratica \(pratica.id) aggiornata (versione \(pratica.version)).")
        }
    }

    struct Transition: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cambia lo stato di una pratica lungo un passaggio previsto.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "Numero della pratica.") var id: Int64
        @Argument(help: "Stato di arrivo (id).") var state: String

        func run() throws {
            let (engine, actor) = try project.session()
            let pratica = try engine.transition(id: id, to: state, actor: actor)
            print("Pratica \(pratica.id): stato \(pratica.stateLabel).")
        }
    }

    struct ProtocolNumber: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "protocol", abstract: "Assegna il primo protocollo libero dell'anno, o quello indicato se libero.")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "Numero della pratica.") var id: Int64
        @Option(help: "Protocollo da assegnare (42 o 2026/0042).") var number: String?

        func run() throws {
            let (engine, actor) = try project.session()
            let pratica = try engine.assignProtocol(id: id, manual: number, actor: actor)
            print("Pratica \(pratica.id): protocollo \(pratica.protocolNumber?.text ?? "-").")
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mostra la cronologia delle modifiche di una pratica.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Numero della pratica.") var id: Int64

        func run() throws {
            let (engine, actor) = try project.session()
            let entries = try engine.history(id: id, actor: actor)
            output.emit(
                .array(
                    entries.map { entry in
                        .object([
                            ("quando", .string(entry.at)), ("chi", .string(entry.actor)), ("azione", .string(entry.action)),
                            ("campo", entry.field.map(JSON.string) ?? .null), ("prima", entry.oldValue.map(JSON.string) ?? .null),
                            ("dopo", entry.newValue.map(JSON.string) ?? .null),
                        ])
                    })
            ) {
                for entry in entries {
                    let change = entry.field.map { " \($0): \(entry.oldValue ?? "–") → \(entry.newValue ?? "–")" } ?? ""
                    print("\(entry.at) \(entry.actor) \(entry.action)\(change)")
                }
            }
        }
    }

    struct Fees: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Calcola il compenso dai dati della sezione Pagamenti e lo salva nella pratica (preventivo).")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Numero della pratica.") var id: Int64

        func run() throws {
            let (engine, actor) = try project.session()
            let current = try engine.pratica(id: id, actor: actor)
            let (pratica, quote) = try engine.quoteFees(id: id, expectedVersion: current.version, actor: actor)
            output.emit(PraticaJSON.encode(quote)) {
                print("Preventivo salvato nella pratica \(pratica.id) (versione \(pratica.version)).")
                print(
                    "Totale: minimo \(FeeQuote.rounded(quote.totale.min).italian), medio \(FeeQuote.rounded(quote.totale.medio).italian), massimo \(FeeQuote.rounded(quote.totale.max).italian)"
                )
                for warning in quote.warnings { print("Avviso: \(warning)") }
            }
        }
    }
}
