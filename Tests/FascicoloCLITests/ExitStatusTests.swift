import Foundation
import Testing

/// The exit statuses the README promises: 0 success, 1 a user error with a message, 2 bad usage.
@Suite struct ExitStatusTests {
    @Test func anUnknownSubcommandIsAUsageError() throws {
        let result = try CLI.run(["archivia"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("'archivia'"))
        #expect(result.stderr.contains("Usage: fascicolo"))
    }

    @Test func anUnknownOptionIsAUsageError() throws {
        let result = try CLI.run(["pratica", "list", "--colore", "rosso"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("Unknown option '--colore'"))
        #expect(result.stderr.contains("Usage: fascicolo pratica list"))
    }

    @Test func aMalformedArgumentIsAUsageError() throws {
        let workspace = try Workspace.initialised()
        let result = try workspace.run(["pratica", "show", "uno"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("Usage: fascicolo pratica show"))
    }

    @Test func aMissingArgumentIsAUsageError() throws {
        let workspace = try Workspace.initialised()
        let result = try workspace.run(["contact", "add"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("Usage: fascicolo contact add"))
    }

    @Test func aValidationFailureIsAUsageError() throws {
        let workspace = Workspace()
        let result = try workspace.run(["demo", "--pratiche", "0"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("--pratiche va da 1 a 1000000"))
    }

    @Test func aMissingPraticaIsAUserError() throws {
        let workspace = try Workspace.initialised()
        let result = try workspace.run(["pratica", "show", "999"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("errore: "))
        #expect(result.stderr.contains("999"))
    }

    @Test func anUninitialisedArchiveIsAUserError() throws {
        let workspace = Workspace()
        let result = try workspace.run(["pratica", "list"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "errore: nessun account: eseguire prima 'fascicolo init'\n")
    }

    @Test func helpAndSuccessExitZero() throws {
        let help = try CLI.run(["--help"])
        #expect(help.exitCode == 0, "\(help)")
        #expect(help.stdout.contains("USAGE: fascicolo <subcommand>"))

        let workspace = Workspace()
        let created = try workspace.run(["init", "--name", "OCC Prova"])
        #expect(created.exitCode == 0, "\(created)")
        #expect(created.stdout.hasPrefix("Archivio creato in \(workspace.data.path): account "))
        #expect(created.stdout.hasSuffix(" (OCC Prova).\n"))

        let again = try workspace.run(["init"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.stdout.hasPrefix("Archivio già inizializzato in \(workspace.data.path): account "))
    }
}
