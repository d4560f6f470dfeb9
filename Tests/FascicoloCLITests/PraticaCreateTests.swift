import Foundation
import Testing

/// `fascicolo pratica create` and `pratica protocol`.
@Suite struct PraticaCreateTests {
    @Test func aPraticaIsCreatedFromJSONOnStandardInput() throws {
        let workspace = try Workspace.initialised()
        try workspace.addContact("Rossi", "Mario")
        let result = try workspace.run(
            ["pratica", "create", "--json-input", "-"],
            stdin: #"{"interessati":[{"debitore":1}],"giudice":"Verdi","anno":2026}"#)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "Creata la pratica 1.\n")

        let pratica = try workspace.praticaJSON(1)
        #expect(pratica["stato"] as? String == "richiesta_informazioni")
        #expect(pratica["anno"] as? Int == 2026)
        let fields = try #require(pratica["campi"] as? [String: Any])
        #expect(fields["giudice"] as? String == "Verdi")
        #expect((fields["interessati"] as? [[String: Any]])?.first?["debitore"] as? Int == 1)
    }

    /// Group rows written as paths (`interessati[1].debitore=1`) count at creation: a type whose
    /// group needs at least one row can be created from the command line alone.
    @Test func groupPathsAreFieldsOfTheNewPratica() throws {
        let workspace = try Workspace.initialised()
        try workspace.addContact("Rossi", "Mario")
        let result = try workspace.run([
            "pratica", "create", "interessati[1].debitore=1", "udienze[1].data=15/03/2025",
            "udienze[1].descrizione=Comparizione", "giudice=Verdi",
        ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "Creata la pratica 1.\n")

        let pratica = try workspace.praticaJSON(1)
        let fields = try #require(pratica["campi"] as? [String: Any], "\(pratica)")
        #expect((fields["interessati"] as? [[String: Any]])?.first?["debitore"] as? Int == 1)
        let hearing = (fields["udienze"] as? [[String: Any]])?.first
        #expect(hearing?["data"] as? String == "2025-03-15")
        #expect(hearing?["descrizione"] as? String == "Comparizione")
        #expect(fields["giudice"] as? String == "Verdi")
    }

    /// A refused create writes nothing, whatever part of the input was wrong.
    @Test func aRefusedCreateLeavesNoPratica() throws {
        let workspace = try Workspace.initialised()
        try workspace.addContact("Rossi", "Mario")
        let result = try workspace.run(
            ["pratica", "create", "--json-input", "-", "udienze[1].data=31/02/2025"],
            stdin: #"{"interessati":[{"debitore":1}]}"#)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr.hasPrefix("errore: udienze[1].data: "))

        let list = try JSONText.object(try workspace.succeed(["pratica", "list", "--json"]))
        #expect(list["totale"] as? Int == 0, "a failed create left a pratica behind")
    }

    @Test func aPraticaWithoutItsRequiredGroupIsRefused() throws {
        let workspace = try Workspace.initialised()
        let result = try workspace.run(["pratica", "create", "giudice=Verdi"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "errore: interessati: almeno una riga obbligatoria\n")
    }

    @Test func aDebtorMustExistInTheAnagrafica() throws {
        let workspace = try Workspace.initialised()
        let result = try workspace.run(["pratica", "create", "--json-input", "-"], stdin: #"{"interessati":[{"debitore":42}]}"#)
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stderr == "errore: interessati[1].debitore: contatto inesistente nell'anagrafica\n")
    }

    @Test func protocolNumbersAreTheFirstFreeOfTheYear() throws {
        let workspace = try Workspace.initialised()
        let debtor = try workspace.addContact("Rossi", "Mario")
        try workspace.createPratica(debtor: debtor, extra: #""anno":2026"#)
        try workspace.createPratica(debtor: debtor, extra: #""anno":2026"#)
        try workspace.createPratica(debtor: debtor, extra: #""anno":2025"#)

        #expect(try workspace.succeed(["pratica", "protocol", "1"]) == "Pratica 1: protocollo 2026/0001.\n")
        #expect(try workspace.succeed(["pratica", "protocol", "2"]) == "Pratica 2: protocollo 2026/0002.\n")
        #expect(try workspace.succeed(["pratica", "protocol", "3"]) == "Pratica 3: protocollo 2025/0001.\n")
        #expect(try workspace.praticaJSON(1)["protocollo"] as? String == "2026/0001")
    }

    @Test func theDefaultYearGetsItsFirstProtocol() throws {
        let workspace = try Workspace.initialised()
        let debtor = try workspace.addContact("Rossi", "Mario")
        let id = try workspace.createPratica(debtor: debtor)
        let output = try workspace.succeed(["pratica", "protocol", String(id)])
        #expect(output.wholeMatch(of: /Pratica 1: protocollo \d{4}\/0001\.\n/) != nil, "\(output)")
    }

    @Test func aTakenManualProtocolIsRefused() throws {
        let workspace = try Workspace.initialised()
        let debtor = try workspace.addContact("Rossi", "Mario")
        try workspace.createPratica(debtor: debtor, extra: #""anno":2026"#)
        try workspace.createPratica(debtor: debtor, extra: #""anno":2026"#)
        #expect(try workspace.succeed(["pratica", "protocol", "1", "--number", "2026/0042"]) == "Pratica 1: protocollo 2026/0042.\n")
        let taken = try workspace.run(["pratica", "protocol", "2", "--number", "42"])
        #expect(taken.exitCode == 1, "\(taken)")
        #expect(taken.stderr == "errore: il protocollo 2026/0042 è già assegnato a un'altra pratica\n")
    }
}
