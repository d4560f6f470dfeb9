import Foundation
import Testing

/// `fascicolo account add|list`: accounts and the 6-digit codes used to share pratiche.
@Suite struct AccountCommandTests {
    @Test func accountsAreAddedAndListedWithTheirCodes() throws {
        let workspace = try Workspace.initialised()
        let added = try workspace.succeed(["account", "add", "--name", "Studio Bianchi", "--kind", "professionista"])
        let code = try #require(added.firstMatch(of: /^Account (\d{6}) \(Studio Bianchi\) creato\.\n$/)).1
        let list = try workspace.succeed(["account", "list"]).split(separator: "\n")
        #expect(list.count == 2)
        #expect(list.last == "\(code)\tStudio Bianchi\tprofessionista")
        let bad = try workspace.run(["account", "add", "--name", "X", "--kind", "banca"])
        #expect(bad.exitCode == 1 && bad.stderr == "errore: tipo: tipo di account non valido: occ o professionista\n")
    }
}
