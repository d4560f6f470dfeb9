import FascicoloTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FascicoloWeb

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Twenty clients that send their request a byte every few hundred milliseconds (slowloris) hold
/// a socket each and nothing else: normal requests are served meanwhile.
@Suite struct SlowClientsTests {
    /// A TCP connection to 127.0.0.1:`port`, or -1.
    static func connectTo(_ port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return connected == 0 ? descriptor : -1
    }

    @Test func slowClientsDoNotStarveOthers() async throws {
        let fixture = try WebFixture.make()
        try await fixture.run(.live) { client in
            let port = try #require(client.port)
            let sockets = (0..<20).map { _ in Self.connectTo(port) }
            defer { for descriptor in sockets where descriptor >= 0 { close(descriptor) } }
            #expect(sockets.allSatisfy { $0 >= 0 })
            let request = Array("GET /health HTTP/1.1\r\nHost: x\r\nX-Lento: ".utf8)
            // Each slow client has sent part of its headers, a byte at a time, when others ask.
            for byte in request.prefix(12) {
                for descriptor in sockets { _ = withUnsafePointer(to: byte) { send(descriptor, $0, 1, Int32(MSG_NOSIGNAL)) } }
                try await Task.sleep(for: .milliseconds(100))
            }
            for _ in 0..<5 {
                let health = try await client.execute(uri: "/health", method: .get)
                #expect(health.status == .ok)
                let login = try await client.execute(uri: "/login", method: .get)
                #expect(login.status == .ok)
            }
        }
    }
}
