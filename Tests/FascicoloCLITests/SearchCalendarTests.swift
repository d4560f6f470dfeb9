import Foundation
import Testing

/// `fascicolo search` (words and dates) and `fascicolo calendar`.
@Suite struct SearchCalendarTests {
    /// Pratica 1 (debtor Rossi, protocol 2026/0001, hearing on 15/03/2025) and pratica 2 (debtor Bianchi).
    private func archive() throws -> Workspace {
        let workspace = try Workspace.initialised()
        let rossi = try workspace.addContact("Rossi", "Mario")
        let bianchi = try workspace.addContact("Bianchi", "Anna")
        try workspace.createPratica(debtor: rossi, extra: #""anno":2026"#)
        try workspace.createPratica(debtor: bianchi, extra: #""anno":2026"#)
        try workspace.succeed(["pratica", "protocol", "1"])
        try workspace.succeed(["pratica", "set", "1", "udienze[1].data=15/03/2025", "udienze[1].descrizione=Comparizione"])
        return workspace
    }

    @Test func searchFindsAPraticaByItsDebtorsSurname() throws {
        let workspace = try archive()
        let text = try workspace.succeed(["search", "Rossi"])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(text)")
        #expect(lines.first?.hasPrefix("N.") == true)
        #expect(lines.dropFirst().first?.hasPrefix("1 ") == true)
        #expect(lines.last == "1 pratica, pagina 1 di 1")

        #expect(try JSONText.praticaIds(try workspace.succeed(["search", "Bianchi", "--json"])) == [2])
        #expect(try JSONText.praticaIds(try workspace.succeed(["search", "ross", "--json"])) == [1])
        #expect(try JSONText.praticaIds(try workspace.succeed(["search", "Esposito", "--json"])) == [])
    }

    @Test func searchFindsAPraticaByAHearingDate() throws {
        let workspace = try archive()
        let result = try JSONText.object(try workspace.succeed(["search", "15/03/2025", "--json"]))
        #expect(result["totale"] as? Int == 1)
        #expect(result["pagina"] as? Int == 1)
        let pratiche = try #require(result["pratiche"] as? [[String: Any]])
        #expect(pratiche.compactMap { $0["id"] as? Int } == [1])
        #expect(pratiche.first?["protocollo"] as? String == "2026/0001")

        #expect(try JSONText.praticaIds(try workspace.succeed(["search", "2025-03-15", "--json"])) == [1])
        #expect(try JSONText.praticaIds(try workspace.succeed(["search", "03/2025", "--json"])) == [1])
        #expect(try JSONText.praticaIds(try workspace.succeed(["search", "16/03/2025", "--json"])) == [])
    }

    @Test func calendarListsTheHearingOfTheMonth() throws {
        let workspace = try archive()
        let text = try workspace.succeed(["calendar", "--month", "03/2025"])
        #expect(
            text == """
                Data        Pratica  Titolo     Evento
                15/03/2025  1        2026/0001  Udienza 1: Comparizione
                1 date dal 01/03/2025 al 31/03/2025

                """)

        let entries = try #require(try JSONText.array(try workspace.succeed(["calendar", "--month", "2025-03", "--json"])) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["data"] as? String == "2025-03-15")
        #expect(entries.first?["pratica"] as? Int == 1)
        #expect(entries.first?["campo"] as? String == "udienze.data")
        #expect(entries.first?["descrizione"] as? String == "Udienza 1: Comparizione")
    }

    @Test func calendarOfAnotherMonthIsEmpty() throws {
        let workspace = try archive()
        let text = try workspace.succeed(["calendar", "--month", "04/2025"])
        #expect(text.hasSuffix("0 date dal 01/04/2025 al 30/04/2025\n"), "\(text)")
        let bad = try workspace.run(["calendar", "--month", "marzo"])
        #expect(bad.exitCode == 2, "\(bad)")
    }
}
