import FascicoloCore
import FascicoloStore

/// An account a pratica is shared with.
public struct Share: Sendable, Hashable {
    public let account: Account
    /// When the share was made (local timestamp).
    public let since: String
}

extension Engine {
    /// Shares a pratica with the account that has this 6-digit code. Only the owner shares; the
    /// shared account then sees the pratica (read-only) in its lists, search and calendar.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func share(id: Int64, withAccountCode code: String, actor: Actor) throws -> [Share] {
        try actor.require(.condivisione)
        let code = code.trimmingWhitespace()
        guard code.count == 6, code.allSatisfy(\.isASCIIDigit) else {
            throw FascicoloError.validation([FieldIssue(field: "codice", message: Wording.accountCodeDigits)])
        }
        guard let attempt = shareCodes.reserve([("codici:\(actor.accountId)", 10)]) else {
            throw FascicoloError.tooManyAttempts("troppi codici inesistenti: riprovare tra 15 minuti")
        }
        var known = false
        defer { if known { shareCodes.succeeded(attempt) } }
        try writing { writer in
            _ = try ownedRow(id: id, actor: actor, reader: writer.reader)
            guard let account = try writer.reader.accounts().first(where: { $0.code == code }) else {
                throw FascicoloError.validation([
                    FieldIssue(field: "codice", message: "nessun account con questo codice", conflictsWithStoredData: true)
                ])
            }
            known = true
            guard account.id != actor.accountId else {
                throw FascicoloError.validation([FieldIssue(field: "codice", message: "è il codice del proprio account")])
            }
            guard try !writer.reader.isShared(praticaId: id, with: account.id) else {
                throw FascicoloError.validation([FieldIssue(field: "codice", message: "la pratica è già condivisa con questo account")])
            }
            let now = LocalClock.timestamp()
            try writer.insertShare(praticaId: id, accountId: account.id, at: now)
            try writer.appendAudit([
                AuditEntry(
                    at: now, actor: actor.name, subject: "pratica", subjectId: id, action: "share",
                    field: "condivisione", newValue: code)
            ])
        }
        return try shares(id: id, actor: actor)
    }

    /// Ends the share of a pratica with an account. Only the owner ends a share.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func unshare(id: Int64, accountId: Int64, actor: Actor) throws {
        try actor.require(.condivisione)
        try writing { writer in
            _ = try ownedRow(id: id, actor: actor, reader: writer.reader)
            guard let account = try writer.reader.accounts().first(where: { $0.id == accountId }),
                try writer.deleteShare(praticaId: id, accountId: accountId)
            else {
                throw FascicoloError.notFound("condivisione")
            }
            try writer.appendAudit([
                AuditEntry(
                    at: LocalClock.timestamp(), actor: actor.name, subject: "pratica", subjectId: id,
                    action: "unshare", field: "condivisione", oldValue: account.code)
            ])
        }
    }

    /// The accounts a pratica is shared with (visible to the owner and to the shared accounts).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func shares(id: Int64, actor: Actor) throws -> [Share] {
        try reading { reader in
            _ = try visibleRow(id: id, actor: actor, reader: reader)
            let accounts = Dictionary(uniqueKeysWithValues: try reader.accounts().map { ($0.id, $0) })
            return try reader.shares(praticaId: id).compactMap { share in
                accounts[share.accountId].map {
                    Share(account: Account(id: $0.id, code: $0.code, name: $0.name, kind: $0.kind), since: share.createdAt)
                }
            }
        }
    }

    /// The accounts the actor's account already shares pratiche with ("Condividi con" offers them).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func shareTargets(actor: Actor) throws -> [Account] {
        let ids = Set(try reading { try $0.shareTargets(ofOwner: actor.accountId) })
        return try accounts().filter { ids.contains($0.id) }
    }

    /// The name and code of the account that owns a pratica shared with the actor (nil when the
    /// actor's own account owns it).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func owner(of pratica: Pratica, actor: Actor) throws -> Account? {
        guard pratica.accountId != actor.accountId else { return nil }
        return try account(id: pratica.accountId)
    }
}
