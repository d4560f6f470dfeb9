import FascicoloCore
import FascicoloSchema
import FascicoloStore
import Foundation

/// A debtor who entered a pratica's token: what the token area may show and accept.
public struct DossierPass: Sendable, Hashable {
    public let praticaId: Int64
    /// The token every form of the area must echo back.
    public let csrfToken: String
}

/// What the debtor sees of a pratica: its type, protocol, state and the fields the type shows to
/// the debtor (`access: {debtor: view}`).
public struct DossierSummary: Sendable {
    public struct Entry: Sendable {
        public let label: String
        /// One line per value (a group gives one line per row).
        public let lines: [String]
    }

    public let typeLabel: String
    public let protocolText: String?
    public let stateLabel: String
    public let entries: [Entry]
}

extension Engine {
    /// How long a debtor stays in the area after entering the token.
    static let dossierSessionLifetime: Int64 = 60 * 60

    /// The pratica's current debtor token, for its owner (roles with `area_debitore`); nil when
    /// none was generated.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func dossierToken(praticaId: Int64, actor: Actor) throws -> DossierToken? {
        guard let row = try dossierTokenRow(praticaId: praticaId, actor: actor) else { return nil }
        return DossierToken(characters: try sealer.open(row.sealed), createdAt: row.createdAt)
    }

    /// When the pratica's current debtor token was generated (nil: never), without unsealing it.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func dossierTokenCreatedAt(praticaId: Int64, actor: Actor) throws -> String? {
        try dossierTokenRow(praticaId: praticaId, actor: actor)?.createdAt
    }

    private func dossierTokenRow(praticaId: Int64, actor: Actor) throws -> DossierTokenRow? {
        try actor.require(.area_debitore)
        return try reading { reader in
            _ = try ownedRow(id: praticaId, actor: actor, reader: reader)
            return try reader.dossierToken(praticaId: praticaId)
        }
    }

    /// Generates the pratica's debtor token, voiding the previous one and the sessions opened with
    /// it. Only the owner may.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func regenerateDossierToken(praticaId: Int64, actor: Actor) throws -> DossierToken {
        try actor.require(.area_debitore)
        let token = DossierToken.generate(at: LocalClock.timestamp())
        let sealed = try sealer.seal(token.characters)
        try writing { writer in
            _ = try ownedRow(id: praticaId, actor: actor, reader: writer.reader)
            let previous = try writer.reader.dossierToken(praticaId: praticaId)
            try writer.replaceDossierToken(praticaId: praticaId, secretHash: Secrets.hash(token.characters), sealed: sealed, at: token.createdAt)
            try writer.appendAudit([
                AuditEntry(
                    at: token.createdAt, actor: actor.name, subject: "pratica", subjectId: praticaId,
                    action: previous == nil ? "token" : "token_regenerated", field: "token")
            ])
        }
        return token
    }

    /// Opens the token area for whoever typed this token: a session secret (for a cookie) and
    /// the pass; nil for a wrong token (callers throttle those).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func enterDossier(token typed: String, now: Date = Date()) throws -> (secret: String, pass: DossierPass)? {
        guard let token = DossierToken.normalize(typed) else { return nil }
        let secret = Secrets.make()
        let csrf = Secrets.make()
        return try writing { writer in
            guard let praticaId = try writer.reader.praticaId(dossierTokenHash: Secrets.hash(token)) else { return nil }
            try writer.insertDossierSession(
                secretHash: Secrets.hash(secret), praticaId: praticaId, csrfToken: csrf,
                expiresAt: Int64(now.timeIntervalSince1970) + Self.dossierSessionLifetime)
            try writer.appendAudit([
                AuditEntry(
                    at: LocalClock.timestamp(), actor: Visitor.debtorName, subject: "pratica", subjectId: praticaId,
                    action: "dossier_open", field: "token")
            ])
            return (secret, DossierPass(praticaId: praticaId, csrfToken: csrf))
        }
    }

    /// The pass behind a token-area cookie; nil when unknown, expired or voided by a new token.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func dossierPass(secret: String, now: Date = Date()) throws -> DossierPass? {
        try reading { reader in
            try reader.dossierSession(secretHash: Secrets.hash(secret), now: Int64(now.timeIntervalSince1970))
                .map { DossierPass(praticaId: $0.praticaId, csrfToken: $0.csrfToken) }
        }
    }

    /// Leaves the token area.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func leaveDossier(secret: String) throws {
        try writing { try $0.deleteDossierSession(secretHash: Secrets.hash(secret)) }
    }

    /// What the debtor may read of the pratica.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func dossierSummary(_ pass: DossierPass) throws -> DossierSummary {
        let (pratica, names) = try reading { reader -> (Pratica, [Int64: String]) in
            guard let row = try reader.pratica(id: pass.praticaId) else { throw FascicoloError.notFound("pratica") }
            let pratica = makePratica(row, type: try type(row.type), viewer: nil)
            let ids = ContactLinks.collect(pratica.fields, type: pratica.type).map(\.id)
            return (pratica, Dictionary(try reader.contacts(ids: Array(Set(ids))).map { ($0.id, $0.displayName) }, uniquingKeysWith: { a, _ in a }))
        }
        let text = ColumnText(names: names)
        let entries: [DossierSummary.Entry] = pratica.type.fields.filter(\.access.debtorView).compactMap { field in
            let lines: [String]
            if let group = field.kind.group {
                lines = (pratica.fields[field.id]?.listValue ?? []).compactMap { row in
                    let cells = group.fields.filter(\.access.debtorView).compactMap { sub in
                        row.recordValue?[sub.id].map { text.format($0, field: sub) }
                    }.filter { !$0.isEmpty }
                    return cells.isEmpty ? nil : cells.joined(separator: " · ")
                }
            } else {
                lines = [text.text(field.id, of: pratica)].filter { !$0.isEmpty }
            }
            return lines.isEmpty ? nil : DossierSummary.Entry(label: field.label, lines: lines)
        }
        return DossierSummary(
            typeLabel: pratica.type.label, protocolText: pratica.protocolNumber?.text, stateLabel: pratica.stateLabel,
            entries: entries)
    }
}
