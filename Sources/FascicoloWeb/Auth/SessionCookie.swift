import Foundation
import Hummingbird

/// The session cookie: HttpOnly, SameSite=Strict, path `/`, and `Secure` unless the server is
/// reached over plain HTTP on loopback (where browsers would drop a Secure cookie on http://).
struct SessionCookie: Sendable {
    static let name = "fascicolo_sessione"
    let secure: Bool

    func make(secret: String) -> Cookie {
        Cookie(name: Self.name, value: secret, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    func expired() -> Cookie {
        Cookie(
            name: Self.name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure,
            httpOnly: true, sameSite: .strict)
    }
}
