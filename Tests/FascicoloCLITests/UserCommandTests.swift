import Foundation
import Testing

/// `fascicolo user add|list|passwd|disable`, `fascicolo token create` and `fascicolo serve`.
@Suite struct UserCommandTests {
    @Test func usersAreAddedListedChangedAndDisabled() throws {
        let workspace = try Workspace.initialised()
        #expect(
            try workspace.succeed(
                ["user", "add", "--email", "anna@occ.it", "--name", "Anna Neri", "--password-stdin"],
                stdin: "una-password-lunga\n") == "Utente anna@occ.it creato (Operatore).\n")
        let generated = try workspace.succeed(["user", "add", "--email", "capo@occ.it", "--name", "Capo Ufficio", "--role", "admin"])
        #expect(generated.hasPrefix("Utente capo@occ.it creato (Amministratore).\nPassword: "))
        #expect(generated.count == "Utente capo@occ.it creato (Amministratore).\nPassword: \n".count + 16)

        let list = try workspace.succeed(["user", "list"])
        #expect(list.hasPrefix("anna@occ.it\tAnna Neri\tOperatore\t"))
        #expect(list.hasSuffix("\tattivo\n"))
        #expect(
            try workspace.succeed(["user", "passwd", "--email", "anna@occ.it", "--password-stdin"], stdin: "un-altra-password\n")
                == "Password di anna@occ.it cambiata.\n")
        #expect(
            try workspace.succeed(["user", "disable", "--email", "anna@occ.it"])
                == "Utente anna@occ.it disabilitato: sessioni e token revocati.\n")
        #expect(try workspace.succeed(["user", "list"]).contains("anna@occ.it\tAnna Neri\tOperatore\t"))
        #expect(try workspace.succeed(["user", "list"]).components(separatedBy: "\n").first?.hasSuffix("disabilitato") == true)
    }

    @Test func badUserInputIsRefusedInWords() throws {
        let workspace = try Workspace.initialised()
        let short = try workspace.run(["user", "add", "--email", "anna@occ.it", "--name", "Anna", "--password-stdin"], stdin: "breve\n")
        #expect(short.exitCode == 1)
        #expect(short.stderr == "errore: password: la password deve avere almeno 10 caratteri\n")
        let role = try workspace.run(["user", "add", "--email", "anna@occ.it", "--name", "Anna", "--role", "capo"])
        #expect(role.exitCode == 2, "\(role)")
        try workspace.succeed(["user", "add", "--email", "anna@occ.it", "--name", "Anna"])
        let twice = try workspace.run(["user", "add", "--email", "ANNA@occ.it", "--name", "Anna"])
        #expect(twice.stderr == "errore: email: valore già presente in un altro record\n")
        #expect(try workspace.run(["user", "passwd", "--email", "nessuno@occ.it"]).stderr == "errore: utente inesistente\n")
    }

    @Test func tokensArePrintedOnceAndOnlyForEnabledUsers() throws {
        let workspace = try Workspace.initialised()
        try workspace.succeed(["user", "add", "--email", "anna@occ.it", "--name", "Anna"])
        let token = try workspace.succeed(["token", "create", "--user", "anna@occ.it"])
        #expect(token.count == 44 && token.hasSuffix("\n"), "a 256-bit base64url secret: \(token)")
        try workspace.succeed(["user", "disable", "--email", "anna@occ.it"])
        #expect(try workspace.run(["token", "create", "--user", "anna@occ.it"]).stderr == "errore: utente disabilitato\n")
    }

    @Test func serveRefusesABadPortAndAMissingArchive() throws {
        let workspace = Workspace()
        #expect(try workspace.run(["serve", "--port", "0"]).exitCode == 2)
        #expect(try workspace.run(["serve", "--list-cache", "-1"]).exitCode == 2)
        let empty = try workspace.run(["serve", "--port", "18999"])
        #expect(empty.exitCode == 1)
        #expect(empty.stderr == "errore: nessun account: eseguire prima 'fascicolo init'\n")
    }
}
