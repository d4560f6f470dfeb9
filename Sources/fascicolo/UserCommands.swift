import ArgumentParser
import FascicoloCore
import FascicoloEngine
import Foundation

/// `fascicolo user add|list|passwd|disable` and `fascicolo token create`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Utenti che accedono all'applicazione web.",
        subcommands: [Add.self, List.self, Passwd.self, Disable.self])

    /// The password from standard input (`--password-stdin`), or a new random one that is printed.
    struct PasswordOptions: ParsableArguments {
        @Flag(name: .customLong("password-stdin"), help: "Legge la password dalla prima riga dell'input standard.")
        var fromStandardInput = false

        func password() throws -> (text: String, generated: Bool) {
            guard fromStandardInput else { return (String(Secrets.make().prefix(16)), true) }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw UserFacingError(message: "nessuna password sull'input standard")
            }
            return (line, false)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Aggiunge un utente a un account (il primo, o quello di --account).")
        @OptionGroup var project: ProjectOptions
        @Option(help: "Email con cui l'utente accede.") var email: String
        @Option(help: "Nome e cognome.") var name: String
        @Option(help: "Ruolo: admin, operatore, sola_lettura o un ruolo di roles.yaml.") var role = "operatore"
        @OptionGroup var password: PasswordOptions

        func run() throws {
            let engine = try project.engine()
            guard let role = engine.project.roles.role(role) else {
                throw ValidationError("ruolo non valido: " + engine.project.roles.all.map(\.id).joined(separator: ", "))
            }
            let (secret, generated) = try password.password()
            let user = try engine.addUser(email: email, name: name, password: secret, role: role, accountCode: project.account)
            print("Utente \(user.email) creato (\(user.role.label)).")
            if generated { print("Password: \(secret)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Elenca gli utenti.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let engine = try project.engine()
            let users = try engine.users()
            let codes = Dictionary(uniqueKeysWithValues: try engine.accounts().map { ($0.id, $0.code) })
            output.emit(
                .array(
                    users.map { user in
                        .object([
                            ("email", .string(user.email)), ("nome", .string(user.name)), ("ruolo", .string(user.role.id)),
                            ("account", .string(codes[user.accountId] ?? "")), ("disabilitato", .bool(user.disabled)),
                        ])
                    })
            ) {
                for user in users {
                    print(
                        [user.email, user.name, user.role.label, codes[user.accountId] ?? "", user.disabled ? "disabilitato" : "attivo"]
                            .joined(separator: "\t"))
                }
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Imposta una nuova password e chiude le sessioni dell'utente.")
        @OptionGroup var project: ProjectOptions
        @Option(help: "Email dell'utente.") var email: String
        @OptionGroup var password: PasswordOptions

        func run() throws {
            let (secret, generated) = try password.password()
            try project.engine().setPassword(email: email, password: secret)
            print("Password di \(email) cambiata.")
            if generated { print("Password: \(secret)") }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disabilita un utente (o lo riabilita con --enable).")
        @OptionGroup var project: ProjectOptions
        @Option(help: "Email dell'utente.") var email: String
        @Flag(help: "Riabilita l'utente.") var enable = false

        func run() throws {
            try project.engine().setDisabled(email: email, !enable)
            print(enable ? "Utente \(email) riabilitato." : "Utente \(email) disabilitato: sessioni e token revocati.")
        }
    }
}

/// `fascicolo token create --user EMAIL`: a bearer token for the JSON API.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Token per l'API JSON.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Crea un token per un utente; viene mostrato una sola volta.")
        @OptionGroup var project: ProjectOptions
        @Option(help: "Email dell'utente.") var user: String
        @Option(help: "Nome del token, per riconoscerlo.") var label = "api"

        func run() throws {
            let token = try project.engine().createAPIToken(email: user, label: label)
            print(token)
        }
    }
}
