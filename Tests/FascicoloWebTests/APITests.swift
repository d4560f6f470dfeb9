import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("JSON API")
struct APITests {
    static func fixture() throws -> (WebFixture, APIClient, debtor: Contact) {
        let fixture = try WebFixture.make()
        let token = try fixture.engine.createAPIToken(email: "operatore@prova.it")
        return (fixture, APIClient(token: token), try fixture.test.addPerson(.marioRossi))
    }

    @Test("create, read, change and list pratiche with a bearer token")
    func lifecycle() async throws {
        let (fixture, api, debtor) = try Self.fixture()
        try await fixture.run { client in
            let created = try await api.call(
                client, .post, "/api/v1/pratiche",
                json: """
                    {"tipo":"crisi-sovraindebitamento","campi":{"stato":"aperta","interessati":[{"debitore":\(debtor.id)}],"valore_passivo":"1000.50"}}
                    """)
            #expect(created.status == .created)
            let pratica = try created.json()
            let id = try #require(pratica["id"]?.integerValue)
            #expect(created.headers[.location] == "/api/v1/pratiche/\(id)")
            #expect(pratica["campi"]?["valore_passivo"] == .string("1000.50"))
            let changed = try await api.call(client, .patch, "/api/v1/pratiche/\(id)", json: #"{"versione":1,"campi":{"note":"via API"}}"#)
            #expect(changed.status == .ok)
            #expect(try changed.json()["campi"]?["note"] == .string("via API"))
            let list = try await api.call(
                client, .get, "/api/v1/pratiche?tipo=crisi-sovraindebitamento&stato=aperta&filtro=valore_passivo%3D1000..2000")
            #expect(try list.json()["totale"] == .number("1"))
            let search = try await api.call(client, .get, "/api/v1/search?q=rossi")
            #expect(try search.json()["totale"] == .number("1"))
        }
    }

    @Test("transitions, protocol, fees, history and calendar")
    func actions() async throws {
        let (fixture, api, debtor) = try Self.fixture()
        let pratica = try fixture.test.createCrisi(
            debitore: debtor.id, hearing: CalendarDate(year: 2026, month: 3, day: 15)!,
            fields: ["stato": .text("aperta")])
        try await fixture.run { client in
            let options = try await api.call(client, .get, "/api/v1/pratiche/\(pratica.id)/transitions").json()
            #expect(options.arrayValue?.contains { $0["stato"] == .string("assegnata_gestore") && $0["consentita"] == .bool(false) } == true)
            let refused = try await api.call(client, .post, "/api/v1/pratiche/\(pratica.id)/transitions", json: #"{"stato":"assegnata_gestore"}"#)
            #expect(refused.status == .conflict)
            #expect(try refused.json()["error"]?["field"] == .string("stato"))
            let moved = try await api.call(client, .post, "/api/v1/pratiche/\(pratica.id)/transitions", json: #"{"stato":"esame_documentazione"}"#)
            #expect(try moved.json()["stato"] == .string("esame_documentazione"))
            let numbered = try await api.call(client, .post, "/api/v1/pratiche/\(pratica.id)/protocol", json: "{}")
            #expect(try numbered.json()["protocollo"]?.stringValue?.contains("/") == true)
            let quote = try await api.call(
                client, .post, "/api/v1/fees",
                json: """
                    {"procedura":"piano","attivo":"50000.00","passivo":"120000","riduzione":"20","rimborso":15}
                    """)
            #expect(quote.status == .ok)
            #expect(try quote.json()["totale"]?["medio"]?.stringValue != nil)
            let history = try await api.call(client, .get, "/api/v1/pratiche/\(pratica.id)/history").json()
            #expect((history.arrayValue?.count ?? 0) >= 3)
            let calendar = try await api.call(client, .get, "/api/v1/calendar?da=2026-03-01&a=2026-03-31").json()
            #expect(calendar.arrayValue?.contains { $0["data"] == .string("2026-03-15") } == true)
            let types = try await api.call(client, .get, "/api/v1/types/crisi-sovraindebitamento").json()
            #expect(types["id"] == .string("crisi-sovraindebitamento"))
        }
    }

    @Test(
        "malformed requests get a 4xx JSON error naming the field, and change nothing",
        arguments: [
            ("{not json", "application/json", 400),
            (#"{"versione":"uno","campi":{}}"#, "application/json", 400),
            (#"{"versione":1,"campi":[]}"#, "application/json", 400),
            (#"{"versione":1,"campi":{},"extra":true}"#, "application/json", 400),
            (#"{"versione":1,"campi":{"valore_attivo":"-5,00"}}"#, "application/json", 422),
            (#"{"versione":1,"campi":{"data_apertura":"31/02/2026"}}"#, "application/json", 422),
            (#"{"versione":1,"campi":{"campo_inventato":"x"}}"#, "application/json", 422),
            (#"{"versione":1,"campi":{}}"#, "text/plain", 415),
            (#"{"versione":1,"campi":{},"versione":2}"#, "application/json", 400),
            (#"{"versione":1,"campi":{"nome_cartella":{"a":1}}}"#, "application/json", 422),
            (#"{"versione":1,"campi":{"valore_attivo":92233720368547758}}"#, "application/json", 422),
            (#"{"versione":9,"campi":{"note":"tardi"}}"#, "application/json", 409),
        ])
    func malformed(_ body: String, _ contentType: String, _ status: Int) async throws {
        let (fixture, api, debtor) = try Self.fixture()
        let pratica = try fixture.test.createCrisi(debitore: debtor.id)
        try await fixture.run { client in
            let response = try await api.call(client, .patch, "/api/v1/pratiche/\(pratica.id)", json: body, contentType: contentType)
            #expect(Int(response.status.code) == status)
            let error = try response.json()["error"]
            #expect(error?["message"]?.stringValue?.isEmpty == false)
            #expect((try await fixture.engine.perform { try $0.pratica(id: pratica.id, actor: fixture.test.actor) }).version == pratica.version)
        }
    }

    @Test("a body over 1 MB is refused with 413 before it is read")
    func hugeBody() async throws {
        let (fixture, api, _) = try Self.fixture()
        try await fixture.run { client in
            let huge = "{\"tipo\":\"crisi-sovraindebitamento\",\"campi\":{\"note\":\"" + String(repeating: "x", count: 1_100_000) + "\"}}"
            let response = try await api.call(client, .post, "/api/v1/pratiche", json: huge)
            #expect(response.status == .contentTooLarge)
            #expect(try fixture.test.ids(ListRequest()).total == 0)
        }
    }

    @Test("a wrong token is 401; ids that are not numbers are 404")
    func authAndPaths() async throws {
        let (fixture, _, _) = try Self.fixture()
        try await fixture.run { client in
            let wrong = APIClient(token: "non-valido")
            #expect(try await wrong.call(client, .get, "/api/v1/pratiche").status == .unauthorized)
            let api = APIClient(token: (try await fixture.engine.perform { try $0.createAPIToken(email: "operatore@prova.it") }))
            for path in ["/api/v1/pratiche/-1", "/api/v1/pratiche/99999999999999999999", "/api/v1/pratiche/..%2F..%2Fetc", "/api/v1/contacts/0"] {
                let response = try await api.call(client, .get, path)
                #expect(response.status == .notFound, "\(path)")
                #expect(try response.json()["error"] != nil)
            }
        }
    }

    @Test("with the session cookie, API writes need the X-CSRF-Token header; errors never echo personal data")
    func cookieNeedsCSRF() async throws {
        let (fixture, _, _) = try Self.fixture()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            var headers = session.headers
            headers[.contentType] = "application/json"
            let body = ByteBuffer(string: #"{"tipo":"fisica","cognome":"Segretissimo","codice_fiscale":"SGRTTT80A01H501X"}"#)
            let refused = try await client.execute(uri: "/api/v1/contacts", method: .post, headers: headers, body: body)
            #expect(refused.status == .forbidden)
            headers[.csrfToken] = session.csrf
            let invalid = try await client.execute(uri: "/api/v1/contacts", method: .post, headers: headers, body: body)
            #expect(invalid.status == .unprocessableContent)
            #expect(!invalid.text.contains("Segretissimo") && !invalid.text.contains("SGRTTT80A01H501X"))
        }
    }
}
