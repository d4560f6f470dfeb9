import Foundation
import Testing

/// `fascicolo export` and `fascicolo import` (JSON Lines).
@Suite struct TransferTests {
    /// What must survive a round trip of a pratica: ids, versions and timestamps are the new
    /// archive's, and debtors are compared by name (contacts are renumbered on import).
    private func portable(_ line: [String: Any], contacts: [Int: String]) -> String {
        var copy = line
        for key in ["id", "versione", "creata", "aggiornata"] { copy.removeValue(forKey: key) }
        if var fields = copy["campi"] as? [String: Any], let rows = fields["interessati"] as? [[String: Any]] {
            fields["interessati"] = rows.map { row in
                row.mapValues { value -> Any in (value as? Int).flatMap { contacts[$0] } ?? value }
            }
            copy["campi"] = fields
        }
        let data = try? JSONSerialization.data(withJSONObject: copy, options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The pratiche of an export in portable form.
    private func portablePratiche(_ records: [[String: Any]]) -> [String] {
        var contacts: [Int: String] = [:]
        for record in records where record["record"] as? String == "contatto" {
            if let id = record["id"] as? Int, let name = record["nominativo"] as? String { contacts[id] = name }
        }
        return records.filter { $0["record"] as? String == "pratica" }.map { portable($0, contacts: contacts) }
    }

    private func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONText.object(String($0)) }
    }

    @Test func anExportImportsIntoAFreshArchiveUnchanged() throws {
        let source = try Workspace.initialised()
        let rossi = try source.addContact("Rossi", "Mario")
        let bianchi = try source.addContact("Bianchi", "Anna")
        try source.createPratica(debtor: rossi, extra: #""anno":2026,"giudice":"Verdi""#)
        try source.createPratica(debtor: bianchi, extra: #""anno":2025"#)
        try source.succeed(["pratica", "protocol", "1"])
        try source.succeed(["pratica", "set", "2", "udienze[1].data=15/03/2025"])
        try source.succeed(["pratica", "transition", "2", "aperta"])

        let file = source.data.appendingPathComponent("export.jsonl")
        let written = try source.run(["export", "--output", file.path])
        #expect(written.exitCode == 0, "\(written)")
        #expect(written.stdout == "")
        let exported = try String(contentsOf: file, encoding: .utf8)
        #expect(try source.succeed(["export"]) == exported, "export to a file and to standard output agree")
        let sourceRecords = try records(exported)
        #expect(sourceRecords.map { $0["record"] as? String } == ["contatto", "contatto", "pratica", "pratica"])

        let target = try Workspace.initialised()
        let imported = try target.run(["import", file.path])
        #expect(imported.exitCode == 0, "\(imported)")
        #expect(imported.stdout == "Importati 2 contatti e 2 pratiche; 0 righe scartate.\n")
        #expect(imported.stderr == "")

        let contacts = try JSONText.object(try target.succeed(["contact", "list", "--json"]))
        #expect(contacts["totale"] as? Int == 2)
        let pratiche = try JSONText.object(try target.succeed(["pratica", "list", "--json"]))
        #expect(pratiche["totale"] as? Int == 2)

        let targetRecords = try records(try target.succeed(["export"]))
        #expect(targetRecords.count == sourceRecords.count)
        #expect(portablePratiche(targetRecords) == portablePratiche(sourceRecords))
    }

    @Test func importReadsStandardInput() throws {
        let target = try Workspace.initialised()
        let lines = """
            {"record":"contatto","id":5,"tipo":"fisica","cognome":"Verdi","nome":"Giuseppe"}
            {"record":"pratica","tipo":"crisi-sovraindebitamento","stato":"aperta","anno":2025,"campi":{"interessati":[{"debitore":5}]}}
            """
        let result = try target.run(["import", "-"], stdin: lines)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "Importati 1 contatti e 1 pratiche; 0 righe scartate.\n")
        let pratica = try target.praticaJSON(1)
        #expect(pratica["stato"] as? String == "aperta")
        #expect(
            ((pratica["campi"] as? [String: Any])?["interessati"] as? [[String: Any]])?.first?["debitore"] as? Int == 1,
            "the debtor is re-linked to the contact's new number")
    }

    /// Line 2 is malformed JSON, line 4 a pratica without debtor: both are reported, the rest goes in.
    @Test func failingLinesAreReportedAndTheRestIsImported() throws {
        let target = try Workspace.initialised()
        let result = try target.run(["import", CLI.fixture("import/partial.jsonl").path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout == "Importati 1 contatti e 2 pratiche; 2 righe scartate.\n")
        let messages = result.stderr.split(separator: "\n").map(String.init)
        #expect(messages.count == 2, "\(result.stderr)")
        #expect(messages.first?.hasPrefix("riga 2: JSON non valido") == true, "\(result.stderr)")
        #expect(messages.last == "riga 4: interessati: almeno una riga obbligatoria")

        let pratiche = try JSONText.object(try target.succeed(["pratica", "list", "--json", "--sort", "creata"]))
        #expect(pratiche["totale"] as? Int == 2)
        let states = (pratiche["pratiche"] as? [[String: Any]])?.compactMap { $0["stato"] as? String }
        #expect(states.map(Set.init) == ["aperta", "conclusa"])
    }

    @Test func anUnreadableFileIsAUserError() throws {
        let target = try Workspace.initialised()
        let result = try target.run(["import", target.data.appendingPathComponent("nessuno.jsonl").path])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("errore: file non leggibile: "))
    }
}
