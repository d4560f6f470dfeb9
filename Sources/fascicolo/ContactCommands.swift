import ArgumentParser
import FascicoloCore
import FascicoloEngine

/// `fascicolo contact …`: the anagrafica.
struct ContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact", abstract: "Anagrafica: aggiunge, elenca, mostra e modifica contatti.",
        subcommands: [Add.self, List.self, Show.self, Set.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Aggiunge un contatto e ne stampa il numero.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "fisica o giuridica.") var kind: String = "fisica"
        @Argument(help: "Dati come campo=valore: \(ContactFields.all.joined(separator: ", ")).") var assignments: [String]

        func run() throws {
            let (engine, actor) = try project.session()
            let contact = try engine.addContact(
                kind: try ContactKindOption.parse(kind), attributes: try ContactAttributes.parse(assignments), actor: actor)
            print(output.json ? PraticaJSON.encode(contact).pretty : "Aggiunto il contatto \(contact.id).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Elenca i contatti, con ricerca per nome, codice fiscale, comune…")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "Parole da cercare.") var search: String?
        @Option(help: "Pagina (da 1).") var page = 1

        func run() throws {
            let (engine, actor) = try project.session()
            let result = try engine.contacts(matching: search, page: page, actor: actor)
            output.emit(.object([("totale", .number(String(result.total))), ("contatti", .array(result.contacts.map(PraticaJSON.encode)))])) {
                TextTable(
                    header: ["N.", "Nominativo", "Codice fiscale", "Comune"],
                    rows: result.contacts.map { [String($0.id), $0.displayName, $0["codice_fiscale"] ?? "", $0["comune"] ?? ""] }
                ).print()
                print("\(result.total) contatti")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mostra un contatto.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Numero del contatto.") var id: Int64

        func run() throws {
            let (engine, actor) = try project.session()
            let contact = try engine.contact(id: id, actor: actor)
            output.emit(PraticaJSON.encode(contact)) {
                print("Contatto \(contact.id) – \(contact.displayName) (persona \(contact.kind.rawValue))")
                for name in ContactFields.all { if let value = contact[name] { print("  \(name): \(value)") } }
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Modifica un contatto (campo=valore; vuoto per cancellare).")

        @OptionGroup var project: ProjectOptions
        @Argument(help: "Numero del contatto.") var id: Int64
        @Argument(help: "Dati come campo=valore.") var assignments: [String]

        func run() throws {
            let (engine, actor) = try project.session()
            let current = try engine.contact(id: id, actor: actor)
            var attributes = current.attributes
            for (name, value) in try ContactAttributes.parse(assignments) { attributes[name] = value.isEmpty ? nil : value }
            let updated = try engine.updateContact(id: id, expectedVersion: current.version, kind: current.kind, attributes: attributes, actor: actor)
            print("Contatto \(updated.id) aggiornato.")
        }
    }
}

enum ContactKindOption {
    static func parse(_ text: String) throws -> Contact.Kind {
        guard let kind = Contact.Kind(rawValue: text) else { throw ValidationError(Wording.invalidContactKind) }
        return kind
    }
}

enum ContactAttributes {
    static func parse(_ items: [String]) throws -> [String: String] {
        var attributes: [String: String] = [:]
        for (path, value) in try Assignments.parse(items) { attributes[path] = value.textValue ?? "" }
        return attributes
    }
}
