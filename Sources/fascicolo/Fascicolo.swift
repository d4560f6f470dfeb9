import ArgumentParser
import FascicoloCore
import FascicoloEngine
import Foundation

/// `fascicolo`: the command-line front of Fascicolo.
@main
struct Fascicolo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fascicolo",
        abstract: "Gestione delle pratiche di un OCC: tipologie in YAML, archivio SQLite, ricerca.",
        subcommands: [
            InitCommand.self, CheckCommand.self, PraticaCommand.self, ContactCommand.self, SearchCommand.self,
            CalendarCommand.self, FeesCommand.self, ImportCommand.self, ExportCommand.self, DemoCommand.self,
            BackupCommand.self, ServeCommand.self, UserCommand.self, TokenCommand.self, AccountCommand.self,
            ReportCommand.self, DocumentCommand.self, OpenAPICommand.self,
        ])

    /// Runs the command line with the exit statuses the README promises:
    /// 0 success, 1 a user error (with a message), 2 bad usage.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as FascicoloError {
            Terminal.error(error.description)
            Foundation.exit(1)
        } catch let error as ProjectError {
            Terminal.error(error.description)
            Foundation.exit(1)
        } catch let error as UserFacingError {
            Terminal.error(error.message)
            Foundation.exit(1)
        } catch let error as JSONParser.Failure {
            Terminal.error(error.description)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            Terminal.note(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}

/// An error with a message for the user that is not one of the engine's.
struct UserFacingError: Error {
    let message: String
}

/// Writing to the terminal.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("errore: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Whether standard error is a terminal (progress bars are drawn only then).
    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }
}
