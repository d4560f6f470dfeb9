import ArgumentParser
import FascicoloCore
import FascicoloEngine

/// `fascicolo account add|list`: the organisations and professionals of the archive, each with
/// the 6-digit code others use to share pratiche with it.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Account (OCC e professionisti) e i loro codici.",
        subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Aggiunge un account con un nuovo codice a 6 cifre.")
        @OptionGroup var project: ProjectOptions
        @Option(help: "Nome dell'account.") var name: String
        @Option(help: "Tipo di account: occ o professionista.") var kind = "occ"

        func run() throws {
            let account = try project.engine().createAccount(name: name, kind: kind)
            print("Account \(account.code) (\(account.name)) creato.")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Elenca gli account.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let accounts = try project.engine().accounts()
            output.emit(.array(accounts.map { .object([("codice", .string($0.code)), ("nome", .string($0.name)), ("tipo", .string($0.kind))]) })) {
                for account in accounts { print([account.code, account.name, account.kind].joined(separator: "\t")) }
            }
        }
    }
}
