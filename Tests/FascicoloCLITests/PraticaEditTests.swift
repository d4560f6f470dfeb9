import Foundation
import Testing

/// `fascicolo pratica set/transition/show/history` on one pratica.
@Suite struct PraticaEditTests {
    /// An archive with Rossi Mario (contact 1) and pratica 1 of 2026, Rossi its debtor.
    private func archiveWithOnePratica() throws -> Workspace {
        let workspace = try Workspace.initialised()
        let debtor = try workspace.addContact("Rossi", "Mario")
        try workspace.createPratica(debtor: debtor, extra: #""anno":2026"#)
        return workspace
    }

    @Test func showJSONHasEveryBuiltInAndTheFields() throws {
        let workspace = try archiveWithOnePratica()
        let pratica = try workspace.praticaJSON(1)
        #expect(pratica["id"] as? Int == 1)
        #expect(pratica["tipo"] as? String == "crisi-sovraindebitamento")
        #expect(pratica["stato"] as? String == "richiesta_informazioni")
        #expect(pratica["anno"] as? Int == 2026)
        #expect(pratica["protocollo"] is NSNull)
        #expect(pratica["versione"] as? Int == 1)
        #expect(pratica["nome_cartella"] is String)
        #expect(pratica["creata"] is String)
        #expect(pratica["aggiornata"] is String)
        let fields = try #require(pratica["campi"] as? [String: Any])
        #expect((fields["interessati"] as? [[String: Any]])?.first?["debitore"] as? Int == 1)
    }

    @Test func showAsTextNamesTheTypeAndState() throws {
        let workspace = try archiveWithOnePratica()
        let lines = try workspace.succeed(["pratica", "show", "1"]).split(separator: "\n").map(String.init)
        #expect(lines.first == "Pratica 1 – Crisi da sovraindebitamento")
        #expect(lines.contains("  Stato: Richiesta Informazioni"))
        #expect(lines.contains("  Anno: 2026"))
        #expect(lines.contains { $0.hasPrefix("  ") && $0.hasSuffix(": Rossi Mario") }, "the debtor is shown by name")
    }

    @Test func setWithTheCurrentVersionSucceeds() throws {
        let workspace = try archiveWithOnePratica()
        let output = try workspace.succeed(["pratica", "set", "1", "giudice=Verdi", "--version", "1"])
        #expect(output == "Pratica 1 aggiornata (versione 2).\n")
        let pratica = try workspace.praticaJSON(1)
        #expect(pratica["versione"] as? Int == 2)
        #expect((pratica["campi"] as? [String: Any])?["giudice"] as? String == "Verdi")
    }

    @Test func setWithAStaleVersionIsAConflictAndChangesNothing() throws {
        let workspace = try archiveWithOnePratica()
        try workspace.succeed(["pratica", "set", "1", "giudice=Verdi", "--version", "1"])
        let before = try workspace.succeed(["pratica", "show", "1", "--json"])

        let stale = try workspace.run(["pratica", "set", "1", "giudice=Bianchi", "--version", "1"])
        #expect(stale.exitCode == 1, "\(stale)")
        #expect(stale.stdout == "")
        #expect(stale.stderr.hasPrefix("errore: conflitto"))

        let after = try workspace.succeed(["pratica", "show", "1", "--json"])
        #expect(after == before)
    }

    @Test func anInvalidValueIsRefusedNamingTheField() throws {
        let workspace = try archiveWithOnePratica()
        let result = try workspace.run(["pratica", "set", "1", "valore_attivo=molto"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("errore: valore_attivo: "))
        #expect(!result.stderr.contains("molto"))
        #expect(try workspace.praticaJSON(1)["versione"] as? Int == 1)
    }

    @Test func anAllowedTransitionChangesTheState() throws {
        let workspace = try archiveWithOnePratica()
        #expect(try workspace.succeed(["pratica", "transition", "1", "aperta"]) == "Pratica 1: stato Aperta.\n")
        #expect(try workspace.praticaJSON(1)["stato"] as? String == "aperta")
    }

    @Test func aRefusedTransitionKeepsTheState() throws {
        let workspace = try archiveWithOnePratica()
        try workspace.succeed(["pratica", "transition", "1", "aperta"])
        let refused = try workspace.run(["pratica", "transition", "1", "conclusa"])
        #expect(refused.exitCode == 1, "\(refused)")
        #expect(refused.stderr == "errore: passaggio di stato non consentito da 'aperta' a 'conclusa'\n")
        #expect(try workspace.praticaJSON(1)["stato"] as? String == "aperta")

        let unknown = try workspace.run(["pratica", "transition", "1", "sospesa"])
        #expect(unknown.exitCode == 1, "\(unknown)")
        #expect(unknown.stderr == "errore: stato: stato sconosciuto 'sospesa'\n")
    }

    @Test func theStateCannotBeSetDirectly() throws {
        let workspace = try archiveWithOnePratica()
        let result = try workspace.run(["pratica", "set", "1", "stato=conclusa"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "errore: stato: lo stato si cambia con un passaggio di stato\n")
    }

    @Test func historyListsEveryChange() throws {
        let workspace = try archiveWithOnePratica()
        try workspace.succeed(["pratica", "set", "1", "giudice=Verdi"])
        try workspace.succeed(["pratica", "transition", "1", "aperta"])

        let lines = try workspace.succeed(["pratica", "history", "1"]).split(separator: "\n").map(String.init)
        // Each line is "<timestamp> <actor> <action>…"; the timestamp depends on the clock.
        let withoutTime = lines.map { $0.split(separator: " ", maxSplits: 1).dropFirst().joined() }
        // Entering "aperta" stamps today's date through the plugin's on_transition hook.
        #expect(
            Array(withoutTime.prefix(3)) == [
                "cli:collaudo create stato: – → richiesta_informazioni",
                "cli:collaudo update giudice: – → Verdi",
                "cli:collaudo transition stato: richiesta_informazioni → aperta",
            ])
        #expect(withoutTime.count == 4)
        #expect(withoutTime.last?.hasPrefix("cli:collaudo transition data_apertura: – → 20") == true)

        let entries = try #require(try JSONText.array(try workspace.succeed(["pratica", "history", "1", "--json"])) as? [[String: Any]])
        #expect(entries.compactMap { $0["azione"] as? String } == ["create", "update", "transition", "transition"])
        #expect(entries.compactMap { $0["chi"] as? String } == Array(repeating: "cli:collaudo", count: 4))
        #expect(entries[1]["campo"] as? String == "giudice")
        #expect(entries[1]["prima"] is NSNull)
        #expect(entries[1]["dopo"] as? String == "Verdi")
    }
}
