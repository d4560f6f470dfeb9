import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("The account's users page")
struct UsersPageTests {
    @Test("an administrator adds, disables, re-enables and resets users of the account")
    func administratorManagesUsers() async throws {
        let fixture = try WebFixture.make(role: .admin)
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            #expect(try await session.get(client, "/pratiche").text.contains("href=\"/utenti\""))
            let short = try await session.post(
                client, "/utenti",
                [
                    ("email", "anna@occ.it"), ("nome", "Anna Neri"), ("ruolo", "operatore"),
                    ("password", "breve"),
                ])
            #expect(short.status == .unprocessableContent)
            #expect(short.text.contains("la password deve avere almeno 10 caratteri") && short.text.contains("value=\"anna@occ.it\""))
            let added = try await session.post(
                client, "/utenti",
                [
                    ("email", "anna@occ.it"), ("nome", "Anna Neri"), ("ruolo", "sola_lettura"),
                    ("password", "una-password-lunga"),
                ])
            #expect(added.headers[.location] == "/utenti?esito=aggiunto")
            let anna = (try await fixture.engine.perform { try $0.user(email: "anna@occ.it") })
            #expect(anna.role == .sola_lettura && anna.accountId == fixture.user.accountId)
            _ = try await session.post(client, "/utenti/\(anna.id)/disabilita", [])
            #expect((try await fixture.engine.perform { try $0.user(email: "anna@occ.it") }).disabled)
            _ = try await session.post(client, "/utenti/\(anna.id)/riabilita", [])
            _ = try await session.post(client, "/utenti/\(anna.id)/password", [("password", "un-altra-password")])
            #expect((try await fixture.engine.perform { try $0.authenticate(email: "anna@occ.it", password: "un-altra-password") }) != nil)
            let own = try await session.post(client, "/utenti/\(fixture.user.id)/disabilita", [])
            #expect(own.status == .badRequest, "an administrator cannot lock themselves out")
        }
    }

    @Test("other roles and other accounts' users are out of reach")
    func outOfReach() async throws {
        let fixture = try WebFixture.make(role: .admin)
        let other = (try await fixture.engine.perform { try $0.createAccount(name: "Altro OCC") })
        let stranger =
            (try await fixture.engine.perform {
                try $0.addUser(
                    email: "altro@occ.it", name: "Altro", password: "password-altrove", role: .operatore,
                    accountCode: other.code)
            })
        _ =
            (try await fixture.engine.perform {
                try $0.addUser(email: "op@occ.it", name: "Operatore", password: "password-operatore", role: .operatore)
            })
        try await fixture.run { client in
            let admin = try await BrowserSession.signIn(client)
            #expect(!(try await admin.get(client, "/utenti").text.contains("altro@occ.it")))
            #expect(try await admin.post(client, "/utenti/\(stranger.id)/disabilita", []).status == .notFound)
            #expect(!((try await fixture.engine.perform { try $0.user(email: "altro@occ.it") }).disabled))
            let operatore = try await BrowserSession.signIn(client, email: "op@occ.it", password: "password-operatore")
            #expect(try await operatore.get(client, "/utenti").status == .forbidden)
            #expect(!(try await operatore.get(client, "/pratiche").text.contains("href=\"/utenti\"")))
        }
    }
}
