import FascicoloEngine
import FascicoloSchema
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

@Suite("Sign-in, sessions and CSRF")
struct LoginTests {
    @Test("pages and the API refuse anonymous requests: pages redirect to the login, the API answers 401 JSON")
    func anonymous() async throws {
        try await WebFixture.make().run { client in
            let page = try await client.execute(uri: "/pratiche", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login?dopo=/pratiche")
            let api = try await client.execute(uri: "/api/v1/pratiche", method: .get)
            #expect(api.status == .unauthorized)
            #expect(try api.json()["error"]?["message"]?.stringValue?.contains("autenticazione") == true)
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie and opens the list")
    func signIn() async throws {
        try await WebFixture.make().run { client in
            let session = try await BrowserSession.signIn(client)
            let page = try await session.get(client, "/pratiche")
            #expect(page.status == .ok)
            #expect(page.text.contains("Operatore Prova"))
            let form = try await client.execute(uri: "/login", method: .get)
            let token = try #require(form.text.firstMatch(of: /name="_login" value="([^"]+)"/)).1
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "fascicolo_login=\(token)"],
                body: ByteBuffer(string: "_login=\(token)&email=operatore%40prova.it&password=\(WebFixture.password)&dopo=%2F%2Fevil.example"))
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
            #expect(response.headers[.location] == "/pratiche", "an off-site target is never followed")
        }
    }

    @Test("a wrong password is refused with a message, the e-mail kept, and no session")
    func wrongPassword() async throws {
        try await WebFixture.make().run { client in
            await #expect(throws: SignInFailed.self) { try await BrowserSession.signIn(client, password: "sbagliata-davvero") }
            let form = try await client.execute(uri: "/login", method: .get)
            let token = try #require(form.text.firstMatch(of: /name="_login" value="([^"]+)"/)).1
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "fascicolo_login=\(token)"],
                body: ByteBuffer(string: "_login=\(token)&email=operatore%40prova.it&password=nonvalida123"))
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("Email o password non corretti"))
            #expect(response.text.contains("value=\"operatore@prova.it\""))
            #expect(response.headers[values: .setCookie].allSatisfy { !$0.contains("fascicolo_sessione") })
        }
    }

    @Test("after five failures the e-mail is throttled, even with the right password")
    func throttle() async throws {
        try await WebFixture.make().run { client in
            for _ in 1...5 {
                await #expect(throws: SignInFailed(status: 401)) { try await BrowserSession.signIn(client, password: "sbagliata-ancora") }
            }
            await #expect(throws: SignInFailed(status: 429)) { try await BrowserSession.signIn(client) }
        }
    }

    @Test("fifty wrong passwords sent at once: exactly five are checked, the rest refused as too many")
    func throttleUnderParallelAttempts() async throws {
        try await WebFixture.make().run { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let token = String(try #require(form.text.firstMatch(of: /name="_login" value="([^"]+)"/)).1)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await client.execute(
                            uri: "/login", method: .post,
                            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(LoginController.formCookie)=\(token)"],
                            body: ByteBuffer(string: "_login=\(token)&email=operatore%40prova.it&password=sbagliata-ancora")
                        ).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 45)
        }
    }

    @Test("a login form posted without its token is refused")
    func loginCSRF() async throws {
        try await WebFixture.make().run { client in
            let response = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=operatore%40prova.it&password=\(WebFixture.password)"))
            #expect(response.status == .forbidden)
        }
    }

    @Test("logout ends the session: the old cookie no longer opens pages")
    func logout() async throws {
        try await WebFixture.make().run { client in
            let session = try await BrowserSession.signIn(client)
            let out = try await session.post(client, "/logout", [])
            #expect(out.status == .seeOther)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            let after = try await session.get(client, "/pratiche")
            #expect(after.status == .seeOther)
        }
    }

    @Test("every form needs the session's CSRF token")
    func formsNeedCSRF() async throws {
        try await WebFixture.make().run { client in
            let session = try await BrowserSession.signIn(client)
            let response = try await session.post(client, "/anagrafica", [("tipo", "fisica"), ("cognome", "Rossi")], csrf: false)
            #expect(response.status == .forbidden)
            #expect(try await session.get(client, "/anagrafica").text.contains("Rossi") == false)
        }
    }

    @Test("a read-only user can look but not write")
    func readOnlyRole() async throws {
        try await WebFixture.make(role: .sola_lettura).run { client in
            let session = try await BrowserSession.signIn(client)
            #expect(try await session.get(client, "/pratiche/nuova").text.contains("Crea pratica") == false)
            let response = try await session.post(client, "/anagrafica", [("tipo", "fisica"), ("cognome", "Rossi")])
            #expect(response.status == .forbidden)
        }
    }

    @Test("a disabled user's session stops working")
    func disabledUser() async throws {
        let fixture = try WebFixture.make()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            (try await fixture.engine.perform { try $0.setDisabled(email: "operatore@prova.it", true) })
            #expect(try await session.get(client, "/pratiche").status == .seeOther)
        }
    }
}
