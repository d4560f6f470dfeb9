import Foundation
import Testing

/// `fascicolo check`: every diagnostic of every type file, compiler style, and the exit status.
@Suite struct CheckCommandTests {
    @Test func theRepositoryTypesLoad() throws {
        let result = try CLI.run(["check", "--root", CLI.repoRoot.path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ok: 3 tipologie, 3 tipi di progetto, 3 ruoli, 6 modelli, 9 report\n")
        #expect(result.stderr == "")
    }

    @Test func theProjectIsFoundThroughFascicoloHome() throws {
        let result = try CLI.run(["check"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "ok: 3 tipologie, 3 tipi di progetto, 3 ruoli, 6 modelli, 9 report\n")
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

    /// Purposely broken copies of the two types added with YAML and Lua only: each mistake is
    /// reported with its file and line, and a type with computed fields needs its `compute` hook.
    @Test func brokenCopiesOfTheNewTypesAreReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fascicolo-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = FileManager.default
        for folder in ["types", "plugins"] { try files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true) }
        for item in ["data", "roles.yaml", "scripts", "templates"] {
            try files.createSymbolicLink(at: root.appendingPathComponent(item), withDestinationURL: CLI.repoRoot.appendingPathComponent(item))
        }
        func copy(_ path: String, _ change: (String) -> String) throws {
            let text = try String(contentsOf: CLI.repoRoot.appendingPathComponent(path), encoding: .utf8)
            try change(text).write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try copy("types/crisi-sovraindebitamento.yaml") { $0 }
        try copy("plugins/crisi-sovraindebitamento.lua") { $0 }
        // A computed sub-field, a percent with too many decimals, a bad protocol series.
        try copy("types/banche-equitalia.yaml") {
            $0.replacingOccurrences(
                of: "            label: \"Importo dovuto\"\n", with: "            label: \"Importo dovuto\"\n            computed: true\n"
            )
            .replacingOccurrences(
                of: "        decimals: 4\n        computed: true\n\n      - id: rata_mensile",
                with: "        decimals: 9\n        computed: true\n\n      - id: rata_mensile"
            )
            .replacingOccurrences(of: "series: BE", with: "series: \"B E\"")
        }
        try copy("plugins/banche-equitalia.lua") { $0 }
        // The plugin without its compute hook, and a Lua syntax error in the other one.
        try copy("types/analisi-finanziaria.yaml") { $0 }
        try copy("plugins/analisi-finanziaria.lua") { $0.replacingOccurrences(of: "return { compute = compute, ", with: "return { ") }
        let result = try CLI.run(["check", "--root", root.path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(
            result.stdout.contains("types/banche-equitalia.yaml:142:13: error: a sub-field cannot be computed: mark the whole group 'computed'"),
            "\(result)")
        #expect(result.stdout.contains("error: 'decimals' must be between 0 and 6"), "\(result)")
        #expect(result.stdout.contains("types/banche-equitalia.yaml:23:17: error: 'series' must be at most 10 letters, digits or '-'"), "\(result)")
        #expect(
            result.stdout.contains(
                "plugins/analisi-finanziaria.lua: error: types/analisi-finanziaria.yaml has computed fields but this plugin has no 'compute' hook"),
            "\(result)")
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
