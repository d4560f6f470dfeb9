import FascicoloCore
import FascicoloStore
import Foundation

extension Engine {
    /// How long a session lasts without use.
    public static let sessionIdleLifetime: Int64 = 8 * 3600
    /// How long a session lasts at most, used or not.
    public static let sessionMaximumLifetime: Int64 = 7 * 24 * 3600

    /// Opens a session for a signed-in user; returns the cookie secret (stored only as a hash).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func openSession(for user: User, now: Date = Date()) throws -> (secret: String, session: UserSession) {
        let secret = Secrets.make()
        let seconds = Int64(now.timeIntervalSince1970)
        let row = SessionRow(userId: user.id, csrfToken: Secrets.make(), createdAt: seconds, expiresAt: seconds + Self.sessionIdleLifetime)
        try writing { try $0.insertSession(secretHash: Secrets.hash(secret), row) }
        return (secret, UserSession(user: user, csrfToken: row.csrfToken))
    }

    /// The live session behind a cookie secret, extending its idle expiry; nil when unknown,
    /// expired or the user is disabled.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func session(secret: String, now: Date = Date()) throws -> UserSession? {
        let hash = Secrets.hash(secret)
        let seconds = Int64(now.timeIntervalSince1970)
        let found = try reading { reader -> (SessionRow, UserRow)? in
            guard let session = try reader.session(secretHash: hash), let user = try reader.user(id: session.userId) else { return nil }
            return (session, user)
        }
        guard let (session, row) = found else { return nil }
        guard session.expiresAt > seconds, seconds - session.createdAt < Self.sessionMaximumLifetime, !row.disabled else {
            try writing { try $0.deleteSession(secretHash: hash) }
            return nil
        }
        // Extend at most once a minute, so that reading pages does not write on every request.
        if session.expiresAt - seconds < Self.sessionIdleLifetime - 60 {
            try writing { try $0.extendSession(secretHash: hash, until: seconds + Self.sessionIdleLifetime) }
        }
        return UserSession(user: user(from: row, id: row.id), csrfToken: session.csrfToken)
    }

    /// Ends the session behind a cookie secret.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func closeSession(secret: String) throws {
        try writing { try $0.deleteSession(secretHash: Secrets.hash(secret)) }
    }
}
