import Foundation
import GRDB

/// A pratica's debtor token as stored: the hash it is found by and the sealed token itself.
public struct DossierTokenRow: Sendable, Equatable {
    public let praticaId: Int64
    public let sealed: Data
    public let createdAt: String
}

extension StoreWriter {
    /// Sets (or replaces) a pratica's debtor token and ends every debtor session opened with the old one.
    public func replaceDossierToken(praticaId: Int64, secretHash: Data, sealed: Data, at timestamp: String) throws {
        try db.execute(sql: "DELETE FROM dossier_session WHERE pratica_id = ?", arguments: [praticaId])
        try db.execute(
            sql: """
                INSERT INTO dossier_token (pratica_id, secret_hash, sealed, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (pratica_id) DO UPDATE SET secret_hash = excluded.secret_hash, sealed = excluded.sealed, created_at = excluded.created_at
                """, arguments: [praticaId, secretHash, sealed, timestamp])
    }

    /// Opens a debtor session for a pratica.
    public func insertDossierSession(secretHash: Data, praticaId: Int64, csrfToken: String, expiresAt: Int64) throws {
        try db.execute(sql: "DELETE FROM dossier_session WHERE expires_at <= ?", arguments: [Int64(Date().timeIntervalSince1970)])
        try db.execute(
            sql: "INSERT INTO dossier_session (secret_hash, pratica_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
            arguments: [secretHash, praticaId, csrfToken, expiresAt])
    }

    /// Ends a debtor session.
    public func deleteDossierSession(secretHash: Data) throws {
        try db.execute(sql: "DELETE FROM dossier_session WHERE secret_hash = ?", arguments: [secretHash])
    }
}

extension StoreReader {
    /// The pratica whose debtor token has this hash.
    public func praticaId(dossierTokenHash hash: Data) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT pratica_id FROM dossier_token WHERE secret_hash = ?", arguments: [hash])
    }

    /// A pratica's debtor token, when one was generated.
    public func dossierToken(praticaId: Int64) throws -> DossierTokenRow? {
        try Row.fetchOne(db, sql: "SELECT sealed, created_at FROM dossier_token WHERE pratica_id = ?", arguments: [praticaId])
            .map { DossierTokenRow(praticaId: praticaId, sealed: $0[0], createdAt: $0[1]) }
    }

    /// The pratica and CSRF token of a live debtor session.
    public func dossierSession(secretHash: Data, now: Int64) throws -> (praticaId: Int64, csrfToken: String)? {
        try Row.fetchOne(
            db, sql: "SELECT pratica_id, csrf_token FROM dossier_session WHERE secret_hash = ? AND expires_at > ?",
            arguments: [secretHash, now]
        ).map { ($0[0], $0[1]) }
    }
}
