import Foundation
import ZIPFoundation

/// Why a file cannot be used as a template.
public enum TemplateError: Error, Sendable, CustomStringConvertible {
    /// Not a Word document, or a damaged one (Italian message, no content quoted).
    case unreadable(String)
    /// Placeholders that are malformed, unbalanced or unknown, each with its position.
    case invalid([TemplateIssue])

    public var description: String {
        switch self {
        case .unreadable(let message): message
        case .invalid(let issues): issues.map(\.description).joined(separator: "\n")
        }
    }
}

/// A `.docx` file whose body, headers and footers hold `{{…}}` placeholders (docs/templates.md),
/// compiled once and filled any number of times.
///
/// The compiled trees are never changed after `init`, so one template may be filled from several
/// threads at once.
public final class DocxTemplate: @unchecked Sendable {
    /// Every file of the package, in the order it was stored.
    private let entries: [(path: String, data: Data)]
    /// The compiled parts by path.
    private let parts: [String: XMLNode]

    /// Reads and compiles a template; throws `.unreadable` for anything that is not a valid
    /// `.docx`, `.invalid` for placeholder mistakes.
    public init(data: Data) throws(TemplateError) {
        let entries = try Self.unzip(data)
        guard entries.contains(where: { $0.path == "word/document.xml" }),
            entries.contains(where: { $0.path == "[Content_Types].xml" })
        else {
            throw .unreadable("il file non è un documento Word (.docx): manca il testo del documento")
        }
        if let reference = ExternalContent.firstReference(in: entries) {
            throw .unreadable(
                "modello non valido: contiene \(reference), che richiamerebbe contenuti fuori dal file; rimuoverlo e caricarlo di nuovo")
        }
        var parts: [String: XMLNode] = [:]
        var issues: [TemplateIssue] = []
        for entry in entries {
            guard let label = Self.partLabel(entry.path) else { continue }
            let root: XMLNode
            do {
                root = try XMLTree.parse(Array(entry.data))
            } catch {
                switch error.reason {
                case .malformed: throw .unreadable("il documento Word è danneggiato: \(label) non è leggibile")
                case .tooDeep: throw .unreadable("modello non valido: struttura troppo profonda (\(label))")
                case .tooManyNodes: throw .unreadable("modello non valido: documento troppo grande (\(label))")
                }
            }
            issues += PartCompiler.compile(root, part: label)
            parts[entry.path] = root
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        self.entries = entries
        self.parts = parts
    }

    /// The placeholders that the vocabulary does not know (empty when the template fits it).
    public func check(against shape: TemplateShape) -> [TemplateIssue] {
        var issues: [TemplateIssue] = []
        for path in parts.keys.sorted(by: Self.readingOrder) {
            var checker = TemplateChecker(shape: shape)
            checker.check(parts[path]!)
            issues += checker.issues
        }
        return issues
    }

    /// The filled document, as `.docx` bytes.
    public func render(_ data: TemplateValue, logo: LogoImage? = nil) throws -> Data {
        // The package's files by path, in their stored order; added files (the logo, a part's new
        // relationships) go after them.
        var order = entries.map(\.path)
        var files = Dictionary(entries.map { ($0.path, $0.data) }, uniquingKeysWith: { first, _ in first })
        func put(_ path: String, _ bytes: Data) {
            if files[path] == nil { order.append(path) }
            files[path] = bytes
        }
        let drawing = logo?.drawing
        var placedLogo = false
        for (path, root) in parts {
            var renderer = TemplateRenderer(data: data, logo: drawing)
            for element in root.children { renderer.render(element) }
            files[path] = Data(renderer.output.utf8)
            if let logo, Self.containsImageTag(root) {
                placedLogo = true
                let rels = Self.relationshipsPath(of: path)
                put(rels, logo.addRelationship(to: files[rels]))
            }
        }
        if let logo, placedLogo {
            put("[Content_Types].xml", logo.registerContentType(in: files["[Content_Types].xml"] ?? Data()))
            put(logo.mediaPath, logo.data)
        }
        let output = try Archive(accessMode: .create)
        for path in order {
            let bytes = files[path]!
            try output.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let result = output.data else { throw TemplateError.unreadable("impossibile scrivere il documento") }
        return result
    }

    // MARK: Package

    private static func unzip(_ data: Data) throws(TemplateError) -> [(path: String, data: Data)] {
        let unreadable = TemplateError.unreadable("il file non è un documento Word (.docx) valido o è danneggiato")
        guard data.count > 22, data.prefix(2) == Data("PK".utf8) else { throw unreadable }
        do {
            let archive = try Archive(data: data, accessMode: .read)
            var entries: [(path: String, data: Data)] = []
            var total = 0
            for entry in archive where entry.type == .file {
                var content = Data()
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += chunk.count
                    // A zip bomb is not a template: 200 MB unpacked is far beyond any letter.
                    guard total < 200 << 20 else { throw unreadable }
                    content.append(chunk)
                }
                entries.append((entry.path, content))
            }
            return entries
        } catch {
            throw unreadable
        }
    }

    /// "corpo del documento", "intestazione 1"… for the parts that may hold placeholders.
    private static func partLabel(_ path: String) -> String? {
        if path == "word/document.xml" { return "corpo del documento" }
        for (prefix, label) in [("word/header", "intestazione"), ("word/footer", "piè di pagina")]
        where path.hasPrefix(prefix) && path.hasSuffix(".xml") {
            let number = path.dropFirst(prefix.count).dropLast(4)
            return number.isEmpty ? label : "\(label) \(number)"
        }
        return nil
    }

    private static func readingOrder(_ left: String, _ right: String) -> Bool {
        func rank(_ path: String) -> Int { path.hasPrefix("word/header") ? 0 : path == "word/document.xml" ? 1 : 2 }
        return (rank(left), left) < (rank(right), right)
    }

    private static func relationshipsPath(of part: String) -> String {
        let name = part.split(separator: "/").last.map(String.init) ?? part
        return "word/_rels/\(name).rels"
    }

    private static func containsImageTag(_ node: XMLNode) -> Bool {
        if case .template(let segments) = node.kind {
            return segments.contains { if case .placeholder(let tag) = $0 { tag.kind == .image } else { false } }
        }
        return node.children.contains(where: containsImageTag)
    }
}
