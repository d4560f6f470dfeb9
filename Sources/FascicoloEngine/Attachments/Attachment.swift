import FascicoloSchema
import FascicoloStore

/// A file of a pratica, as one viewer may see it.
public struct Attachment: Sendable, Hashable {
    public let id: Int64
    public let praticaId: Int64
    /// The original file name (cleaned of paths and control characters).
    public let name: String
    public let mediaType: String
    public let size: Int64
    /// Who uploaded it: a user's e-mail, or `Visitor.debtorName`.
    public let uploadedBy: String
    public let uploadedAt: String
    /// Whether the debtor sees it in the token area.
    public let debtorVisible: Bool
    /// Whether the debtor uploaded it.
    public let fromDebtor: Bool
    /// Whether this viewer (by its party and its role) may delete it and show it to the debtor or hide it.
    public let changeable: Bool
}

/// Who is looking at a pratica's files: a user of an account, or the debtor with the token.
public enum Visitor: Sendable, Hashable {
    case user(Actor)
    case debtor(DossierPass)

    /// How the audit log names the debtor.
    public static let debtorName = "debitore (area riservata)"

    /// The account a user acts for; nil for the debtor.
    var accountId: Int64? {
        if case .user(let actor) = self { return actor.accountId }
        return nil
    }

    /// Whether the visitor's role changes data at all (the debtor's limits are `AttachmentParty`'s).
    var changesData: Bool {
        if case .user(let actor) = self { return actor.permissions.contains(.modifica) }
        return true
    }

    /// A user must have a role that changes data; the debtor's own limits are `AttachmentParty`'s.
    func requireChanges() throws {
        if case .user(let actor) = self { try actor.require(.modifica) }
    }

    var auditName: String {
        switch self {
        case .user(let actor): return actor.name
        case .debtor: return Self.debtorName
        }
    }
}

/// The manual's rules for attachments (section Allegati), in one place: the owner reads and
/// changes every file; an account the pratica is shared with reads the owner's files, the
/// debtor's and its own, and changes its own; the debtor reads what it uploaded and what was
/// enabled for it, and changes nothing.
enum AttachmentParty: Sendable, Equatable {
    case owner
    case shared(accountId: Int64)
    case debtor

    func mayRead(_ row: AttachmentRow, ownerAccountId: Int64) -> Bool {
        switch self {
        case .owner: return true
        case .shared(let account):
            return row.uploaderAccountId == nil || row.uploaderAccountId == account || row.uploaderAccountId == ownerAccountId
        case .debtor: return row.uploaderAccountId == nil || row.debtorVisible
        }
    }

    func mayChange(_ row: AttachmentRow) -> Bool {
        switch self {
        case .owner: return true
        case .shared(let account): return row.uploaderAccountId == account
        case .debtor: return false
        }
    }
}
