import FascicoloTesting
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

/// Forwarding headers are believed only from trusted proxies, and then the client is the
/// rightmost address that is not one of them.
@Suite struct TrustedProxiesTests {
    static let proxies = TrustedProxies.parse(["127.0.0.1/32", "10.0.0.0/8", "::1"]).proxies!

    @Test func rangesParseAndMatch() {
        #expect(TrustedProxies.parse(["10.0.0.0/33"]).invalid == "10.0.0.0/33")
        #expect(TrustedProxies.parse(["nessuno"]).invalid == "nessuno")
        #expect(Self.proxies.trusts("10.200.3.4"))
        #expect(!Self.proxies.trusts("11.0.0.1"))
        #expect(Self.proxies.trusts("::1"))
        #expect(!Self.proxies.trusts("2001:db8::1"))
        #expect(TrustedProxies.parse(["2001:db8::/32"]).proxies!.trusts("2001:db8:ffff::1"))
    }

    @Test func theClientIsTheRightmostUntrustedHop() {
        // A client cannot choose its address by writing the header itself: what it wrote is left of the real hop.
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: "1.2.3.4, 203.0.113.7, 10.1.1.1", forwarded: nil) == "203.0.113.7")
        #expect(
            Self.proxies.client(peer: "127.0.0.1", forwardedFor: nil, forwarded: #"for=192.0.2.60;proto=https, for="[2001:db8::1]:4711""#)
                == "2001:db8::1")
        #expect(Self.proxies.client(peer: "127.0.0.1", forwardedFor: "10.0.0.9", forwarded: nil) == "10.0.0.9")
        // An untrusted peer is the client, whatever it claims.
        #expect(Self.proxies.client(peer: "198.51.100.1", forwardedFor: "1.2.3.4", forwarded: nil) == "198.51.100.1")
        #expect(Self.proxies.isSecure(peer: "127.0.0.1", forwardedProto: "https"))
        #expect(!Self.proxies.isSecure(peer: "198.51.100.1", forwardedProto: "https"))
    }

    @Test("over HTTPS through a trusted proxy the answer carries HSTS; a spoofed header from anyone else does nothing")
    func strictTransportSecurity() async throws {
        let fixture = try WebFixture.make()
        try await fixture.run(.live, configuration: WebConfiguration(trustedProxies: Self.proxies)) { client in
            let proxied = try await client.execute(uri: "/health", method: .get, headers: [.xForwardedProto: "https"])
            #expect(proxied.headers[.strictTransportSecurity] == "max-age=31536000")
        }
        try await fixture.run(.live) { client in
            let spoofed = try await client.execute(uri: "/health", method: .get, headers: [.xForwardedProto: "https"])
            #expect(spoofed.headers[.strictTransportSecurity] == nil)
        }
    }

    @Test("behind a trusted proxy, failed sign-ins are counted per client, not for everyone behind the proxy")
    func throttlePerForwardedClient() async throws {
        let fixture = try WebFixture.make()
        try await fixture.run(.live, configuration: WebConfiguration(trustedProxies: Self.proxies)) { client in
            let form = try await client.execute(uri: "/login", method: .get)
            let token = String(try #require(form.text.firstMatch(of: /name="_login" value="([^"]+)"/)).1)
            func attempt(_ email: String, from address: String) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/login", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", .cookie: "\(LoginController.formCookie)=\(token)",
                        .xForwardedFor: address,
                    ],
                    body: ByteBuffer(string: "_login=\(token)&email=\(email)%40prova.it&password=sbagliata-ancora")
                ).status
            }
            // 20 failures (each on another e-mail) lock the address that made them…
            for index in 0..<20 { #expect(try await attempt("utente\(index)", from: "203.0.113.7") == .unauthorized) }
            #expect(try await attempt("altro", from: "203.0.113.7") == .tooManyRequests)
            // …not another client behind the same proxy.
            #expect(try await attempt("altro", from: "198.51.100.20") == .unauthorized)
        }
    }
}
