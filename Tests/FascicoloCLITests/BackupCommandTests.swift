import Foundation
import Testing

/// `fascicolo backup FILE`: a usable copy of the database, never over an existing file.
@Suite struct BackupCommandTests {
    @Test func aBackupIsAWorkingArchive() throws {
        let workspace = try Workspace.initialised()
        let debtor = try workspace.addContact("Rossi", "Mario")
        try workspace.createPratica(debtor: debtor, extra: #""anno":2026"#)

        let copy = Workspace()
        let file = copy.data.appendingPathComponent("fascicolo.sqlite")
        #expect(try workspace.succeed(["backup", file.path]) == "Copia scritta in \(file.path).\n")
        #expect(try copy.praticaJSON(1)["anno"] as? Int == 2026, "the copy opens as an archive with the pratica")

        let again = try workspace.run(["backup", file.path])
        #expect(again.exitCode == 1, "\(again)")
        #expect(again.stderr == "errore: il file di destinazione esiste già\n")
    }
}

/// The data folder and the database are private to the user that runs Fascicolo.
@Suite struct DataPermissionsTests {
    @Test func initCreatesAPrivateFolderAndDatabase() throws {
        let workspace = Workspace()
        try FileManager.default.removeItem(at: workspace.data)
        try workspace.succeed(["init"])
        let folder = try FileManager.default.attributesOfItem(atPath: workspace.data.path)[.posixPermissions] as? Int
        let database =
            try FileManager.default.attributesOfItem(atPath: workspace.data.appendingPathComponent("fascicolo.sqlite").path)[
                .posixPermissions] as? Int
        #expect(folder == 0o700)
        #expect(database == 0o600)
    }
}
