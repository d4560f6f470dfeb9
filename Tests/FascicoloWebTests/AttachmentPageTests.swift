import FascicoloCore
import FascicoloEngine
import FascicoloTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

/// Uploads through the pratica page and the debtor's area at `/dossier/private`, through the
/// routes: multipart bodies, CSRF tokens in the form action, the token form and its throttle.
@Suite("Attachments and the debtor's area")
struct AttachmentPageTests {
    static let boundary = "----fascicolo-prova"

    /// A `multipart/form-data` body with one file part.
    static func multipart(name: String, bytes: [UInt8], type: String = "application/octet-stream") -> ByteBuffer {
        var buffer = ByteBuffer(
            string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
                + "Content-Type: \(type)\r\n\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return buffer
    }

    static func upload(_ client: any TestClientProtocol, _ uri: String, cookie: String, name: String, bytes: [UInt8]) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: multipart(name: name, bytes: bytes))
    }

    @Test("the owner uploads from the Allegati tab; without the CSRF token nothing is stored")
    func ownerUpload() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        try await fixture.run { client in
            let session = try await BrowserSession.signIn(client)
            let cookie = "\(SessionCookie.name)=\(session.cookie)"
            let refused = try await Self.upload(
                client, "/pratiche/\(pratica.id)/allegati", cookie: cookie, name: "a.pdf", bytes: Array("%PDF-1.4".utf8))
            #expect(refused.status == .forbidden)
            let page = try await session.get(client, "/pratiche/\(pratica.id)?sezione=allegati")
            let action = try #require(page.text.firstMatch(of: /action="(\/pratiche\/\d+\/allegati\?_csrf=[^"]+)"/)).1
            let stored = try await Self.upload(client, String(action), cookie: cookie, name: "ricorso.pdf", bytes: Array("%PDF-1.4 prova".utf8))
            #expect(stored.status == .seeOther)
            #expect(stored.headers[.location] == "/pratiche/\(pratica.id)?esito=allegato&sezione=allegati")
            let bad = try await Self.upload(client, String(action), cookie: cookie, name: "finto.pdf", bytes: Array("ciao".utf8))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Allegato non caricato: il contenuto del file non corrisponde alla sua estensione."))
            let listed = try await session.get(client, "/pratiche/\(pratica.id)?sezione=allegati")
            let link = try #require(listed.text.firstMatch(of: /href="(\/pratiche\/\d+\/allegati\/\d+)" download>ricorso.pdf/)).1
            let download = try await session.get(client, String(link))
            #expect(download.text == "%PDF-1.4 prova")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"ricorso.pdf\"; filename*=UTF-8''ricorso.pdf")
        }
        #expect(
            (try await fixture.engine.perform { try $0.attachments(praticaId: pratica.id, visitor: .user(fixture.user.actor)) }).map(\.name) == [
                "ricorso.pdf"
            ])
    }

    @Test("the debtor enters the token, sees the enabled files and uploads; a new token ends the visit")
    func debtorArea() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        let token = (try await fixture.engine.perform { try $0.regenerateDossierToken(praticaId: pratica.id, actor: fixture.user.actor) })
        try await fixture.run { client in
            let form = try await client.execute(uri: "/dossier/private", method: .get)
            let check = try #require(form.text.firstMatch(of: /name="_modulo" value="([^"]+)"/)).1
            let entered = try await client.execute(
                uri: "/dossier/private", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(DossierController.formCookie)=\(check)"],
                body: ByteBuffer(string: "_modulo=\(check)&codice=\(token.display.lowercased())"))
            #expect(entered.status == .seeOther)
            let secret = try #require(entered.headers[.setCookie]?.firstMatch(of: /fascicolo_dossier=([^;]+)/)).1
            let cookie = "\(DossierController.cookieName)=\(secret)"
            let area = try await client.execute(uri: "/dossier/private", method: .get, headers: [.cookie: cookie])
            #expect(area.text.contains("Crisi da sovraindebitamento"))
            #expect(area.text.contains("Nessun documento disponibile."))
            let action = try #require(area.text.firstMatch(of: /action="(\/dossier\/private\/allegati\?_csrf=[^"]+)"/)).1
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]
            let sent = try await Self.upload(client, String(action), cookie: cookie, name: "carta identità.png", bytes: png)
            #expect(sent.headers[.location] == "/dossier/private?esito=caricato")
            let after = try await client.execute(uri: "/dossier/private?esito=caricato", method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains("carta identità.png"))

            _ = (try await fixture.engine.perform { try $0.regenerateDossierToken(praticaId: pratica.id, actor: fixture.user.actor) })
            let ended = try await client.execute(uri: "/dossier/private", method: .get, headers: [.cookie: cookie])
            #expect(ended.text.contains("Codice di accesso"))
            #expect(!ended.text.contains("carta identità.png"))
        }
        let files = (try await fixture.engine.perform { try $0.attachments(praticaId: pratica.id, visitor: .user(fixture.user.actor)) })
        #expect(files.map(\.name) == ["carta identità.png"] && files.map(\.fromDebtor) == [true])
    }

    @Test("wrong tokens are counted per address: the eleventh attempt is refused even with the right token")
    func tokenThrottle() async throws {
        let fixture = try WebFixture.make()
        let (_, pratica) = try fixture.rossiPratica()
        let token = (try await fixture.engine.perform { try $0.regenerateDossierToken(praticaId: pratica.id, actor: fixture.user.actor) })
        try await fixture.run { client in
            func attempt(_ code: String) async throws -> HTTPResponse.Status {
                let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "\(DossierController.formCookie)=x"]
                return try await client.execute(
                    uri: "/dossier/private", method: .post, headers: headers,
                    body: ByteBuffer(string: "_modulo=x&codice=\(code)")
                ).status
            }
            for _ in 0..<10 {
                let status = try await attempt("0000-0000-0000-0000-0000-0000-0000")
                #expect(status == .unauthorized)
            }
            let last = try await attempt(token.characters)
            #expect(last == .tooManyRequests)
        }
    }
}
