import Foundation
import Testing

/// `fascicolo check`: every diagnostic of every type file, compiler style, and the exit status.
@Suite struct CheckCommandTests {
    @Test func theRepositoryTypesLoad() throws {
        let result = try CLI.run(["check", "--root", CLI.repoRoot.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ok: 1 tipologia, 3 tipi di progetto, 3 ruoli\n")
        #expect(result.stderr == "")
    }

    @Test func theProjectIsFoundThroughFascicoloHome() throws {
        let result = try CLI.run(["check"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ok: 1 tipologia, 3 tipi di progetto, 3 ruoli\n")
    }

    /// Two broken files: each diagnostic is printed verbatim, in file order, with file:line:column.
    @Test func aBrokenProjectListsEveryDiagnostic() throws {
        let result = try CLI.run(["check", "--root", CLI.fixture("broken").path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout == """
            types/a.yaml:8:15: error: unknown field type 'colore'
            types/b.yaml:16:9: error: transition names unknown state 'archiviata'

            """)
        #expect(result.stderr == "errore: 2 errori\n")
    }

    /// A command that needs the project refuses to work on a broken one, and says why.
    @Test func otherCommandsRefuseABrokenProject() throws {
        let workspace = Workspace()
        let result = try workspace.run(["init", "--root", CLI.fixture("broken").path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("errore: "))
        #expect(result.stderr.contains("types/a.yaml:8:15: error: unknown field type 'colore'"))
        #expect(result.stderr.contains("types/b.yaml:16:9: error: transition names unknown state 'archiviata'"))
    }
}
