import Foundation
import GRDB

/// A user row. `passwordHash` is a bcrypt hash; the password itself is never stored.
public struct UserRow: Sendable, Hashable {
    public var id: Int64
    public var accountId: Int64
    public var email: String
    public var name: String
    public var role: String
    public var passwordHash: String
    public var disabled: Bool

    public init(id: Int64 = 0, accountId: Int64, email: String, name: String, role: String, passwordHash: String, disabled: Bool = false) {
        self.id = id
        self.accountId = accountId
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
    }
}

/// A live browser session: whose it is, its CSRF token and when it ends (Unix seconds).
public struct SessionRow: Sendable, Hashable {
    public let userId: Int64
    public let csrfToken: String
    public let createdAt: Int64
    public let expiresAt: Int64

    public init(userId: Int64, csrfToken: String, createdAt: Int64, expiresAt: Int64) {
        self.userId = userId
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

extension StoreWriter {
    /// Inserts a user; an e-mail already in use is `StoreError.duplicate`.
    public func insertUser(_ user: UserRow, at timestamp: String) throws -> Int64 {
        try translatingConstraints("email") {
            try db.execute(
                sql: """
                    INSERT INTO user (account_id, email, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [user.accountId, user.email, user.name, user.role, user.passwordHash, user.disabled, timestamp])
        }
        return db.lastInsertedRowID
    }

    /// Replaces a user's password hash, ends all their sessions and revokes their API tokens.
    public func setPasswordHash(userId: Int64, _ hash: String) throws {
        try db.execute(sql: "UPDATE user SET password_hash = ? WHERE id = ?", arguments: [hash, userId])
        try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userId])
        try db.execute(sql: "DELETE FROM api_token WHERE user_id = ?", arguments: [userId])
    }

    /// Disables or re-enables a user; disabling ends their sessions and revokes their API tokens.
    public func setUserDisabled(userId: Int64, _ disabled: Bool) throws {
        try db.execute(sql: "UPDATE user SET disabled = ? WHERE id = ?", arguments: [disabled, userId])
        if disabled {
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userId])
            try db.execute(sql: "DELETE FROM api_token WHERE user_id = ?", arguments: [userId])
        }
    }

    /// Stores a new session under the hash of its secret, dropping the user's expired ones.
    public func insertSession(secretHash: Data, _ session: SessionRow) throws {
        try db.execute(sql: "DELETE FROM session WHERE user_id = ? AND expires_at <= ?", arguments: [session.userId, session.createdAt])
        try db.execute(
            sql: "INSERT INTO session (secret_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [secretHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt])
    }

    /// Moves a session's end (sliding expiry).
    public func extendSession(secretHash: Data, until expiresAt: Int64) throws {
        try db.execute(sql: "UPDATE session SET expires_at = ? WHERE secret_hash = ?", arguments: [expiresAt, secretHash])
    }

    /// Ends a session.
    public func deleteSession(secretHash: Data) throws {
        try db.execute(sql: "DELETE FROM session WHERE secret_hash = ?", arguments: [secretHash])
    }

    /// Stores an API token under the hash of its secret.
    public func insertAPIToken(secretHash: Data, userId: Int64, label: String, at timestamp: String) throws {
        try db.execute(
            sql: "INSERT INTO api_token (secret_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)",
            arguments: [secretHash, userId, label, timestamp])
    }

    /// Saves one user preference.
    public func setPreference(userId: Int64, key: String, value: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO user_preference (user_id, key, value) VALUES (?, ?, ?)", arguments: [userId, key, value])
    }
}

extension StoreReader {
    /// Every user, by e-mail.
    public func users() throws -> [UserRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM user ORDER BY email").map(Self.user(from:))
    }

    /// The user with this e-mail (case-insensitive).
    public func user(email: String) throws -> UserRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM user WHERE email = ?", arguments: [email]).map(Self.user(from:))
    }

    /// The user with this id.
    public func user(id: Int64) throws -> UserRow? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM user WHERE id = ?"), arguments: [id]).map(Self.user(from:))
    }

    /// The session stored under this secret hash, expired or not.
    public func session(secretHash: Data) throws -> SessionRow? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT user_id, csrf_token, created_at, expires_at FROM session WHERE secret_hash = ?"),
            arguments: [secretHash]
        ).map {
            SessionRow(userId: $0[0], csrfToken: $0[1], createdAt: $0[2], expiresAt: $0[3])
        }
    }

    /// The user an API token belongs to.
    public func apiTokenUserId(secretHash: Data) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT user_id FROM api_token WHERE secret_hash = ?"), arguments: [secretHash])
    }

    /// One user preference.
    public func preference(userId: Int64, key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM user_preference WHERE user_id = ? AND key = ?"), arguments: [userId, key])
    }

    static func user(from row: Row) -> UserRow {
        UserRow(
            id: row["id"], accountId: row["account_id"], email: row["email"], name: row["name"], role: row["role"],
            passwordHash: row["password_hash"], disabled: row["disabled"])
    }
}
