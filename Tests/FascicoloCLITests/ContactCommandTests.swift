import Foundation
import Testing

/// `fascicolo contact …`: adding, validating (without echoing personal data) and showing contacts.
@Suite struct ContactCommandTests {
    @Test func addingAContactPrintsItsNumber() throws {
        let workspace = try Workspace.initialised()
        let result = try workspace.run(["contact", "add", "cognome=Rossi", "nome=Mario", "codice_fiscale=RSSMRA80A01H501U", "comune=Roma"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout == "Aggiunto il contatto 1.\n")
        #expect(result.stderr == "")

        let contact = try JSONText.object(try workspace.succeed(["contact", "show", "1", "--json"]))
        #expect(contact["id"] as? Int == 1)
        #expect(contact["tipo"] as? String == "fisica")
        #expect(contact["nominativo"] as? String == "Rossi Mario")
        #expect(contact["codice_fiscale"] as? String == "RSSMRA80A01H501U")
        #expect(contact["comune"] as? String == "Roma")
        #expect(contact["provincia"] as? String == "RM")
    }

    @Test func anInvalidCodiceFiscaleIsRefusedWithoutQuotingIt() throws {
        let workspace = try Workspace.initialised()
        let code = "RSSMRA80A01H501X"
        let result = try workspace.run(["contact", "add", "cognome=Rossi", "nome=Mario", "codice_fiscale=\(code)"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("errore: "))
        #expect(result.stderr.contains("codice_fiscale"))
        #expect(!result.stderr.uppercased().contains(code))
        #expect(!result.stderr.contains("Rossi"))

        let list = try JSONText.object(try workspace.succeed(["contact", "list", "--json"]))
        #expect(list["totale"] as? Int == 0)
    }

    @Test func contactsAreListedAndSearched() throws {
        let workspace = try Workspace.initialised()
        try workspace.addContact("Rossi", "Mario")
        try workspace.addContact("Bianchi", "Anna")
        let all = try JSONText.object(try workspace.succeed(["contact", "list", "--json"]))
        #expect(all["totale"] as? Int == 2)
        let found = try JSONText.object(try workspace.succeed(["contact", "list", "--search", "bianchi", "--json"]))
        #expect(found["totale"] as? Int == 1)
        let names = (found["contatti"] as? [[String: Any]])?.compactMap { $0["nominativo"] as? String }
        #expect(names == ["Bianchi Anna"])
    }
}
