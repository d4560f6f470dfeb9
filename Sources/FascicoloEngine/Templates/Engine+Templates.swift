import FascicoloCore
import FascicoloStore
import Foundation

/// A document template an office uploaded (the file itself is read with `storedTemplate`).
public struct StoredTemplate: Sendable, Hashable {
    public let id: Int64
    /// The pratica type whose fields it uses.
    public let typeId: String
    public let label: String
    public let fileName: String
    public let uploadedBy: String
    public let uploadedAt: String
}

/// An office's letterhead: the logo `{{%logo}}` places and the text of `{{ufficio.intestazione}}`.
public struct Letterhead: Sendable {
    public let logo: Data?
    public let text: String

    public init(logo: Data?, text: String) {
        self.logo = logo
        self.text = text
    }
}

extension Engine {
    /// The largest template or logo accepted (Word letters with images stay far below).
    public static let templateSizeLimit = 5 << 20

    /// The templates of the actor's account.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func storedTemplates(actor: Actor) throws -> [StoredTemplate] {
        try reading { try $0.templates(accountId: actor.accountId) }.map(Self.makeTemplate)
    }

    /// One template of the actor's account with its bytes.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func storedTemplate(id: Int64, actor: Actor) throws -> (template: StoredTemplate, content: Data) {
        guard let (row, content) = try reading({ try $0.template(id: id, accountId: actor.accountId) }) else {
            throw FascicoloError.notFound("modello \(id)")
        }
        return (Self.makeTemplate(row), content)
    }

    /// Stores a template for the actor's account. The caller (FascicoloDocuments) has checked
    /// that the file is a valid template for the type.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func addTemplate(typeId: String, label: String, fileName: String, content: Data, actor: Actor) throws -> StoredTemplate {
        try actor.require(.modifica)
        _ = try type(typeId)
        let label = label.trimmingWhitespace()
        guard (1...120).contains(label.count) else {
            throw FascicoloError.validation([FieldIssue(field: "nome", message: "indicare un nome di al massimo 120 caratteri")])
        }
        guard content.count <= Self.templateSizeLimit else {
            throw FascicoloError.validation([FieldIssue(field: "file", message: Wording.templateTooLarge)])
        }
        let row = TemplateRow(
            accountId: actor.accountId, typeId: typeId, label: label, fileName: fileName,
            uploadedBy: actor.name, uploadedAt: LocalClock.timestamp())
        let id = try writing { try $0.insertTemplate(row, content: content) }
        var saved = row
        saved.id = id
        return Self.makeTemplate(saved)
    }

    /// Deletes one of the actor's account's templates.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func deleteTemplate(id: Int64, actor: Actor) throws {
        try actor.require(.modifica)
        guard try writing({ try $0.deleteTemplate(id: id, accountId: actor.accountId) }) else {
            throw FascicoloError.notFound("modello \(id)")
        }
    }

    /// The letterhead of an account (empty when it never set one).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func letterhead(accountId: Int64) throws -> Letterhead {
        let row = try reading { try $0.letterhead(accountId: accountId) }
        return Letterhead(logo: row?.logo, text: row?.text ?? "")
    }

    /// The letterhead text of an account and whether it has a logo (the logo itself is not read).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func letterheadSummary(accountId: Int64) throws -> (text: String, hasLogo: Bool) {
        try reading { try $0.letterheadSummary(accountId: accountId) }
    }

    /// What a letterhead change does to the logo.
    public enum LogoChange: Sendable {
        case keep, remove
        /// A new logo; the caller has checked that it is an image.
        case replace(Data)
    }

    /// Sets the actor's account's letterhead text and changes its logo as asked.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setLetterhead(text: String, logo: LogoChange, actor: Actor) throws {
        try actor.require(.modifica)
        guard text.count <= 1_000 else {
            throw FascicoloError.validation([FieldIssue(field: "intestazione", message: "l'intestazione supera i 1000 caratteri")])
        }
        if case .replace(let data) = logo, data.count > Self.templateSizeLimit {
            throw FascicoloError.validation([FieldIssue(field: "file", message: "il logo supera i 5 MB")])
        }
        let stored: Data?? =
            switch logo {
            case .keep: .none
            case .remove: .some(nil)
            case .replace(let data): .some(data)
            }
        try writing { try $0.saveLetterhead(accountId: actor.accountId, text: text, logo: stored, at: LocalClock.timestamp()) }
    }

    private static func makeTemplate(_ row: TemplateRow) -> StoredTemplate {
        StoredTemplate(
            id: row.id, typeId: row.typeId, label: row.label, fileName: row.fileName, uploadedBy: row.uploadedBy, uploadedAt: row.uploadedAt)
    }
}
