import FascicoloCore
import FascicoloDocuments
import FascicoloEngine
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("Inputs that once crashed, redirected or rewrote data")
struct HardeningTests {
    @Test(
        "redirects after a form go to local paths only",
        arguments: [
            ("/pratiche?f.stato=aperta", "/pratiche?f.stato=aperta"), ("//evil.example", "/pratiche"), ("/\t/evil.example", "/pratiche"),
            ("/\\evil.example", "/pratiche"), ("https://evil.example", "/pratiche"), ("/a b", "/pratiche"), ("", "/pratiche"),
        ])
    func localPaths(_ target: String, _ expected: String) {
        #expect(LocalPath.safe(target) == expected)
    }

    @Test("a method the API document does not declare for a path is a 405 with Allow; unknown paths stay 404")
    func undeclaredMethods() async throws {
        let fixture = try WebFixture.make()
        let token = try await fixture.engine.perform { try $0.createAPIToken(email: "operatore@prova.it") }
        try await fixture.run { client in
            let trace = try await client.execute(uri: "/api/v1/pratiche", method: .trace, headers: [.authorization: "Bearer \(token)"])
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, POST, HEAD")
            let put = try await client.execute(uri: "/api/v1/pratiche/12", method: .put, headers: [.authorization: "Bearer \(token)"])
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow]?.contains("PATCH") == true)
            let missing = try await client.execute(uri: "/api/v1/nessuna-risorsa", method: .trace)
            #expect(missing.status == .notFound)
            let list = try await client.execute(uri: "/api/v1/pratiche", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(list.status == .ok)
        }
    }

    @Test("a calendar far in the past or future is answered, not a crash")
    func calendarBounds() async throws {
        try await WebFixture.make().run { client in
            let session = try await BrowserSession.signIn(client)
            for query in ["giorno=0001-01-15", "mese=01/0001", "giorno=9999-12-31&vista=settimana", "mese=12/9999&vista=elenco"] {
                #expect(try await session.get(client, "/calendario?\(query)").status == .ok, "\(query)")
            }
        }
    }

    @Test("a cell that only looks like a negative number is neutralised in the CSV")
    func csvNegativeLookalike() {
        #expect(CSVWriter.escape("-1+cmd|' /C calc'!A0") == "'-1+cmd|' /C calc'!A0")
        #expect(CSVWriter.escape("-12,5 %") == "-12,5 %")
    }

    @Test("a proxy's Basic authorization header does not lock the browser out")
    func basicAuthHeaderIsIgnored() async throws {
        try await WebFixture.make().run { client in
            let session = try await BrowserSession.signIn(client)
            var headers = session.headers
            headers[.authorization] = "Basic dXRlbnRlOnBhc3N3b3Jk"
            #expect(try await client.execute(uri: "/pratiche", method: .get, headers: headers).status == .ok)
        }
    }

    @Test("a save changes only what the form changed: a protocol and fields it did not post stay")
    func saveTouchesOnlyChangedFields() async throws {
        let fixture = try WebFixture.make()
        let debtor = try fixture.test.addPerson(.marioRossi)
        let created = try fixture.test.createCrisi(
            debitore: debtor.id, hearing: CalendarDate(2026, 3, 15),
            fields: ["note": .text("da conservare"), "valore_attivo": .money(Money(cents: 150_000))])
        let numbered = (try await fixture.engine.perform { try $0.assignProtocol(id: created.id, actor: fixture.test.actor) })
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let response = try await session.post(
                client, "/pratiche/\(created.id)",
                [
                    ("versione", String(numbered.version)), ("f.giudice", "Dott.ssa Bianchi"), ("f.valore_attivo", "1.500,00"),
                ])
            #expect(response.status == .seeOther)
            let saved = (try await fixture.engine.perform { try $0.pratica(id: created.id, actor: fixture.test.actor) })
            #expect(saved.protocolNumber == numbered.protocolNumber)
            #expect(saved.fields["note"] == .text("da conservare"))
            #expect(saved.fields["udienze"]?.listValue?.count == 1)
            #expect(saved.fields["giudice"] == .text("Dott.ssa Bianchi"))
            let history = (try await fixture.engine.perform { try $0.history(id: created.id, actor: fixture.test.actor) })
            #expect(history.filter { $0.action == "update" }.map(\.field) == ["giudice"], "an equal amount typed differently is not a change")
        }
    }

    @Test("removing the last row of a group the form showed clears the group")
    func removingTheLastRow() async throws {
        let fixture = try WebFixture.make()
        let debtor = try fixture.test.addPerson(.marioRossi)
        let pratica = try fixture.test.createCrisi(debitore: debtor.id, hearing: CalendarDate(2026, 3, 15))
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            _ = try await session.post(client, "/pratiche/\(pratica.id)", [("versione", String(pratica.version)), ("g.udienze", "")])
            #expect(
                (try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) }).fields["udienze"]?.listValue?.isEmpty
                    ?? true)
        }
    }
}
