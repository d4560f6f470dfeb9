import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Foundation

/// A template a user may fill for a pratica: built in (`templates/`) or uploaded by the office.
public struct TemplateChoice: Sendable, Hashable {
    /// `preventivo` for a built-in (its file's stem), `ufficio-12` for an upload.
    public let key: String
    public let label: String
    public let typeIds: [String]
    public let builtIn: Bool
    /// For uploads: who uploaded it and when.
    public let uploadedBy: String?
    public let uploadedAt: String?
}

/// A filled document, ready to download.
public struct RenderedDocument: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case docx, pdf

        public var mediaType: String {
            switch self {
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .pdf: "application/pdf"
            }
        }
    }

    public let data: Data
    public let fileName: String
    public let format: Format
}

/// Templates and documents: the built-in templates of `templates/`, the office's uploads and its
/// letterhead, filling a template for a pratica as the caller may see it, and PDF conversion.
public final class DocumentService: Sendable {
    public let engine: Engine
    public let converter: PDFConverter
    private let builtIns: [BuiltInTemplates.Loaded]
    /// Problems of the built-in templates (`fascicolo check` prints them).
    public let diagnostics: [Diagnostic]

    public init(engine: Engine, converter: PDFConverter) {
        self.engine = engine
        self.converter = converter
        (builtIns, diagnostics) = BuiltInTemplates.load(project: engine.project)
    }

    /// The templates `actor` may fill: the built-in ones, then its office's, optionally only those
    /// for one type.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func templates(typeId: String? = nil, actor: Actor) throws -> [TemplateChoice] {
        let builtIn = builtIns.map {
            TemplateChoice(
                key: $0.key, label: $0.entry.label, typeIds: $0.entry.types, builtIn: true,
                uploadedBy: nil, uploadedAt: nil)
        }
        let uploaded = try engine.storedTemplates(actor: actor).map {
            TemplateChoice(
                key: Self.uploadedKey($0.id), label: $0.label, typeIds: [$0.typeId], builtIn: false, uploadedBy: $0.uploadedBy,
                uploadedAt: $0.uploadedAt)
        }
        guard let typeId else { return builtIn + uploaded }
        return (builtIn + uploaded).filter { $0.typeIds.contains(typeId) }
    }

    /// The blank template, as stored (to customise it in Word).
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func templateFile(key: String, actor: Actor) throws -> RenderedDocument {
        let found = try template(key: key, actor: actor)
        return RenderedDocument(data: found.data, fileName: "\(FileNames.safe(found.label)).docx", format: .docx)
    }

    /// Fills template `key` for pratica `praticaId` with what `actor` may see.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func document(key: String, praticaId: Int64, format: RenderedDocument.Format, actor: Actor) throws -> RenderedDocument {
        let found = try template(key: key, actor: actor)
        let pratica = try engine.pratica(id: praticaId, actor: actor)
        guard found.typeIds.contains(pratica.type.id) else {
            throw FascicoloError.invalidRequest("il modello «\(found.label)» non è previsto per la tipologia «\(pratica.type.label)»")
        }
        let letterhead = try engine.letterhead(accountId: actor.accountId)
        let data = try DocumentData(engine: engine).value(of: pratica, letterhead: letterhead, actor: actor)
        let docx = try found.template.render(data, logo: letterhead.logo.flatMap(LogoImage.init(data:)))
        let name = FileNames.safe([found.label, pratica.protocolNumber?.text ?? "pratica \(pratica.id)"].joined(separator: " "))
        switch format {
        case .docx:
            return RenderedDocument(data: docx, fileName: "\(name).docx", format: .docx)
        case .pdf:
            do {
                return RenderedDocument(data: try converter.convert(docx), fileName: "\(name).pdf", format: .pdf)
            } catch {
                throw FascicoloError.unavailable(error.description)
            }
        }
    }

    /// Checks and stores a template uploaded by the actor's office: a file that is not a valid
    /// `.docx`, or that uses a name the type does not know, is refused with every problem.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func upload(label: String, typeId: String, fileName: String, data: Data, actor: Actor) throws -> StoredTemplate {
        try actor.require(.modifica)
        let type = try engine.type(typeId)
        guard data.count <= Engine.templateSizeLimit else {
            throw FascicoloError.validation([FieldIssue(field: "file", message: Wording.templateTooLarge)])
        }
        let template: DocxTemplate
        do {
            template = try DocxTemplate(data: data)
        } catch {
            throw FascicoloError.validation([FieldIssue(field: "file", message: error.description)])
        }
        let problems = template.check(against: DocumentVocabulary.shape(for: type, project: engine.project))
        guard problems.isEmpty else {
            throw FascicoloError.validation(problems.map { FieldIssue(field: "file", message: $0.description) })
        }
        return try engine.addTemplate(typeId: typeId, label: label, fileName: fileName, content: data, actor: actor)
    }

    /// Replaces the office's letterhead text, and its logo when `logo` is given (`removeLogo`
    /// drops it). A logo that is not a PNG or JPEG image is refused.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func setLetterhead(text: String, logo: Data?, removeLogo: Bool, actor: Actor) throws {
        if let logo, LogoImage(data: logo) == nil {
            throw FascicoloError.validation([FieldIssue(field: "file", message: "il logo deve essere un'immagine PNG o JPEG")])
        }
        let change: Engine.LogoChange = removeLogo ? .remove : logo.map(Engine.LogoChange.replace) ?? .keep
        try engine.setLetterhead(text: text, logo: change, actor: actor)
    }

    /// Deletes one of the office's templates (`ufficio-N`); built-in templates cannot be deleted.
    @available(*, noasync, message: "blocking: call it inside Engine.perform")
    public func deleteTemplate(key: String, actor: Actor) throws {
        guard let id = Self.uploadedId(key) else {
            throw FascicoloError.invalidRequest("si possono eliminare soltanto i modelli dell'ufficio (ufficio-N)")
        }
        try engine.deleteTemplate(id: id, actor: actor)
    }

    /// A template by key, compiled, with its file, label and the types it is for.
    private func template(key: String, actor: Actor) throws -> (template: DocxTemplate, data: Data, label: String, typeIds: [String]) {
        if let builtIn = builtIns.first(where: { $0.key == key }) {
            return (builtIn.template, builtIn.data, builtIn.entry.label, builtIn.entry.types)
        }
        guard let id = Self.uploadedId(key) else { throw FascicoloError.notFound("modello \(key)") }
        let (stored, data) = try engine.storedTemplate(id: id, actor: actor)
        do {
            return (try DocxTemplate(data: data), data, stored.label, [stored.typeId])
        } catch {
            throw FascicoloError.invalidRequest("il modello «\(stored.label)» non è più utilizzabile: \(error.description)")
        }
    }

    /// The key of an office's template: `ufficio-<id>`.
    public static func uploadedKey(_ id: Int64) -> String { "ufficio-\(id)" }

    private static func uploadedId(_ key: String) -> Int64? {
        key.hasPrefix("ufficio-") ? Int64(key.dropFirst(8)) : nil
    }
}

/// File names that every system accepts.
enum FileNames {
    static func safe(_ name: String) -> String {
        let allowed = name.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" ? Character(scalar) : " "
        }
        return String(allowed).split(separator: " ").joined(separator: " ").prefix(120).description
    }
}
