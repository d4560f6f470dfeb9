import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import FascicoloTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

/// An engine with one account, a signed-up operatore, and the web router over it; requests run
/// through `app.test(.router)`, without a socket.
struct WebFixture {
    static let password = "password-di-prova"
    let test: TestEngine
    let user: User

    var engine: Engine { test.engine }

    static func make(
        role: Role = .operatore, project: Project = TestProjects.repository, configuration: EngineConfiguration? = nil
    ) throws -> WebFixture {
        var test = try TestEngine.make(project: project)
        if let configuration { test = try test.reopened(configuration: configuration) }
        let user = try test.engine.addUser(email: "operatore@prova.it", name: "Operatore Prova", password: password, role: role)
        return WebFixture(test: test, user: user)
    }

    /// A crisi pratica whose debtor is Mario Rossi: the starting point of the form tests.
    func rossiPratica(fields: [String: Value] = [:]) throws -> (debtor: Contact, pratica: Pratica) {
        let debtor = try test.addPerson(.marioRossi)
        return (debtor, try test.createCrisi(debitore: debtor.id, fields: fields))
    }

    /// Runs `body` with a client of the application.
    func run(
        _ mode: TestingSetup = .router, configuration: WebConfiguration = WebConfiguration(),
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = try await buildRouter(engine: engine, configuration: configuration)
        let app = Application(router: router)
        try await app.test(mode, body)
    }
}

/// A signed-in browser: its session cookie and CSRF token.
struct BrowserSession: Sendable {
    let cookie: String
    let csrf: String

    var headers: HTTPFields { [.cookie: "\(SessionCookie.name)=\(cookie)"] }

    /// Signs in through the login form like a browser does.
    static func signIn(
        _ client: any TestClientProtocol, email: String = "operatore@prova.it",
        password: String = WebFixture.password
    ) async throws -> BrowserSession {
        let form = try await client.execute(uri: "/login", method: .get)
        let token = try #require(form.text.firstMatch(of: /name="_login" value="([^"]+)"/)).1
        let signedIn = try await client.execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(LoginController.formCookie)=\(token)"],
            body: ByteBuffer(string: "_login=\(token)&email=\(FormData.percentEncode(email))&password=\(FormData.percentEncode(password))"))
        guard signedIn.status == .seeOther, let setCookie = signedIn.headers[.setCookie],
            let cookie = setCookie.firstMatch(of: /fascicolo_sessione=([^;]+)/)
        else {
            throw SignInFailed(status: signedIn.status.code)
        }
        let page = try await client.execute(uri: "/pratiche", method: .get, headers: [.cookie: "\(SessionCookie.name)=\(cookie.1)"])
        let csrf = try #require(page.text.firstMatch(of: /name="csrf-token" content="([^"]+)"/)).1
        return BrowserSession(cookie: String(cookie.1), csrf: String(csrf))
    }

    /// Posts the pratica form: the version the user opened (the pratica's, unless given) and `fields`.
    func save(
        _ client: any TestClientProtocol, _ pratica: Pratica, version: Int64? = nil,
        _ fields: [(String, String)]
    ) async throws -> TestResponse {
        try await post(client, "/pratiche/\(pratica.id)", [("versione", String(version ?? pratica.version))] + fields)
    }

    /// GET a page with the session.
    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: headers)
    }

    /// POST a form with the session and its CSRF token (`csrf: false` leaves the token out).
    func post(_ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
        let all = (csrf ? [("_csrf", self.csrf)] : []) + fields
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: FormData(pairs: all.map { ($0.0, $0.1) }).encoded))
    }
}

struct SignInFailed: Error, Equatable { let status: Int }

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body parsed as JSON.
    func json() throws -> JSON { try JSONParser.parse(text) }
}

/// Requests of the JSON API with a bearer token.
struct APIClient: Sendable {
    let token: String

    func call(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: String? = nil,
        contentType: String = "application/json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if json != nil { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}
