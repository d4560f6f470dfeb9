import FascicoloCore
import Foundation

/// One built-in document template declared in `templates/modelli.yaml`.
public struct TemplateManifestEntry: Sendable, Hashable {
    /// The `.docx` file, relative to `templates/`.
    public let file: String
    public let label: String
    /// The pratica types whose fields the template uses.
    public let types: [String]
    /// `templates/modelli.yaml:LINE:COLUMN`, where the entry is declared.
    public let line: Int
    public let column: Int
}

/// Loads the manifest of the built-in document templates:
///
/// ```yaml
/// - file: preventivo.docx
///   label: "Preventivo dei compensi"
///   types: [crisi-sovraindebitamento]
/// ```
///
/// Without the file there are no built-in templates.
public enum TemplateManifestLoader {
    public struct Result: Sendable {
        public let entries: [TemplateManifestEntry]
        public let diagnostics: [Diagnostic]
    }

    public static let file = "templates/modelli.yaml"

    public static func load(root: URL, typeIds: Set<String>) -> Result {
        let url = root.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return Result(entries: [], diagnostics: []) }
        let sink = DiagnosticSink(file: file)
        guard let top = TypeLoader.parse(try? String(contentsOf: url, encoding: .utf8), sink: sink) else {
            return Result(entries: [], diagnostics: sink.diagnostics)
        }
        guard case .sequence(let nodes) = top.kind else {
            sink.error(top, "expected a list of templates, found \(top.shapeName)")
            return Result(entries: [], diagnostics: sink.diagnostics)
        }
        var seen = Set<String>()
        var entries: [TemplateManifestEntry] = []
        for node in nodes {
            guard let reader = MappingReader(node, what: "a template", allowed: ["file", "label", "types"], sink: sink),
                let file = reader.string("file", required: true)
            else { continue }
            guard seen.insert(file).inserted else {
                sink.error(reader.value("file")!, "'\(file)' is declared twice")
                continue
            }
            guard file.hasSuffix(".docx"), !file.contains("/"),
                FileManager.default.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent(file).path)
            else {
                sink.error(reader.value("file")!, "'\(file)' is not a .docx file in templates/")
                continue
            }
            var types: [String] = []
            for item in reader.list("types", required: true, allowScalar: true) ?? [] {
                guard let id = item.scalar, typeIds.contains(id) else {
                    sink.error(item, "unknown pratica type (known: \(typeIds.sorted().joined(separator: ", ")))")
                    continue
                }
                types.append(id)
            }
            entries.append(
                TemplateManifestEntry(
                    file: file, label: reader.string("label") ?? Naming.label(from: String(file.dropLast(5))),
                    types: types, line: node.line, column: node.column))
        }
        return Result(entries: entries, diagnostics: sink.diagnostics)
    }
}
