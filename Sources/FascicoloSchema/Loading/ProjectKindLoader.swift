import FascicoloCore
import Foundation

/// Loads every `types/progetti/*.yaml` (the kinds of project a pratica may contain) and reports
/// every problem of every file. The folder is optional: without it, pratiche have no projects.
public enum ProjectKindLoader {
    public struct Result: Sendable {
        public let kinds: [ProjectKind]
        public let diagnostics: [Diagnostic]
    }

    public static let directory = "types/progetti"
    private static let topKeys = ["id", "label", "version", "types", "totals", "sections"]

    /// Loads the kinds in name order; `typeIds` are the pratica types a kind may name.
    public static func load(root: URL, typeIds: Set<String>) -> Result {
        let folder = root.appendingPathComponent(directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        let options = OptionSources(root: root)
        var kinds: [ProjectKind] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let sink = DiagnosticSink(file: "\(directory)/\(name)")
            let stem = String(name.prefix { $0 != "." })
            let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if let root = TypeLoader.parse(text, sink: sink),
                let kind = decode(root, stem: stem, sink: sink, options: options, typeIds: typeIds)
            {
                kinds.append(kind)
            }
            diagnostics += sink.diagnostics
        }
        return Result(kinds: kinds, diagnostics: diagnostics)
    }

    private static func decode(
        _ root: YAMLNode, stem: String, sink: DiagnosticSink, options: OptionSources,
        typeIds: Set<String>
    ) -> ProjectKind? {
        guard let top = MappingReader(root, what: "the project kind", allowed: topKeys, sink: sink) else { return nil }
        let id = top.string("id", required: true)
        if let id, id != stem, let node = top.value("id") { sink.error(node, "project kind id '\(id)' must match the file name '\(stem).yaml'") }
        var fieldDecoder = FieldDecoder(sink: sink, options: options)
        fieldDecoder.allowsAccess = false
        fieldDecoder.allowsComputed = false
        let sections = TypeDecoder(sink: sink, stem: stem, options: options).decodeSections(top, fieldDecoder: &fieldDecoder)
        let types = (top.list("types", allowScalar: true) ?? []).compactMap { node -> String? in
            guard let name = node.scalar else {
                sink.error(node, "expected a pratica type id")
                return nil
            }
            if !typeIds.contains(name) { sink.error(node, "unknown pratica type '\(name)'") }
            return name
        }
        let schema = PraticaType(
            id: id ?? stem, label: top.string("label") ?? Naming.label(from: stem), version: 1, file: sink.file,
            sections: sections, states: [], transitions: [],
            list: ListDefaults(columns: [], filters: [], sort: SortKey(key: "creata", descending: true)))
        var totals: [String: [String]] = ["attivo": [], "passivo": []]
        if let node = top.value("totals"), let reader = MappingReader(node, what: "the totals block", allowed: ["attivo", "passivo"], sink: sink) {
            for key in ["attivo", "passivo"] {
                totals[key] = (reader.list(key, allowScalar: true) ?? []).compactMap { node in
                    guard let path = node.scalar else {
                        sink.error(node, "expected a money field path")
                        return nil
                    }
                    guard let field = schema.resolve(path: path)?.field, case .money = field.kind else {
                        sink.error(node, "'\(path)' is not a money field (or group.subfield) of this project kind")
                        return nil
                    }
                    return path
                }
            }
        }
        guard !sink.hasErrors, let id else { return nil }
        return ProjectKind(
            id: id, label: schema.label, version: Int(top.integer("version", atLeast: 1) ?? 1), file: sink.file,
            praticaTypes: types, schema: schema, attivo: totals["attivo"]!, passivo: totals["passivo"]!)
    }
}
