import Foundation
import Testing

/// `fascicolo check`: every diagnostic of every type file, compiler style, and the exit status.
@Suite struct CheckCommandTests {
    @Test func theRepositoryTypesLoad() throws {
        let result = try CLI.run(["check", "--root", CLI.repoRoot.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ok: 1 tipologia, 3 tipi di progetto, 3 ruoli, 4 modelli, 7 report\n")
        #expect(result.stderr == "")
    }

    @Test func theProjectIsFoundThroughFascicoloHome() throws {
        let result = try CLI.run(["check"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ok: 1 tipologia, 3 tipi di progetto, 3 ruoli, 4 modelli, 7 report\n")
    }

    /// Two broken files: each diagnostic is printed verbatim, in file order, with file:line:column.
    @Test func aBrokenProjectListsEveryDiagnostic() throws {
        let result = try CLI.run(["check", "--root", CLI.fixture("broken").path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stdout == """
                types/a.yaml:8:15: error: unknown field type 'colore'
                types/b.yaml:16:9: error: transition names unknown state 'archiviata'

                """)
        #expect(result.stderr == "errore: 2 errori\n")
    }

    /// A report script and a template with mistakes: each is named with its file (and line).
    @Test func brokenScriptsAndTemplatesAreReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fascicolo-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = FileManager.default
        try files.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try files.createDirectory(at: root.appendingPathComponent("templates"), withIntermediateDirectories: true)
        for item in ["types", "plugins", "data", "roles.yaml"] {
            try files.createSymbolicLink(at: root.appendingPathComponent(item), withDestinationURL: CLI.repoRoot.appendingPathComponent(item))
        }
        try "return {\n  title = \"Rotto\",\n  run = function(params, q) return end,\n  colonne = 3,\n}\n"
            .write(to: root.appendingPathComponent("scripts/rotto.lua"), atomically: true, encoding: .utf8)
        try "return {\n  title = \"Sintassi\"\n  run = 1\n}\n".write(
            to: root.appendingPathComponent("scripts/sintassi.lua"), atomically: true, encoding: .utf8)
        try "- file: danneggiato.docx\n  types: [crisi-sovraindebitamento]\n".write(
            to: root.appendingPathComponent("templates/modelli.yaml"),
            atomically: true, encoding: .utf8)
        try Data("PK non è un docx".utf8).write(to: root.appendingPathComponent("templates/danneggiato.docx"))
        let result = try CLI.run(["check", "--root", root.path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("templates/danneggiato.docx: error: il file non è un documento Word (.docx) valido o è danneggiato"))
        #expect(result.stdout.contains("scripts/rotto.lua: error: unknown key 'colonne'; expected one of: description, params, run, title"))
        #expect(result.stdout.contains("scripts/sintassi.lua:3:"))
        #expect(result.stderr == "errore: 3 errori\n")
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
