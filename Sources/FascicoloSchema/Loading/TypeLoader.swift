import FascicoloCore
import Foundation

/// Loads every `types/*.yaml` of a project and reports every problem of every file in one run.
public enum TypeLoader {
    /// The outcome of a load: the types that loaded cleanly and every diagnostic.
    public struct Result: Sendable {
        public let types: [PraticaType]
        public let diagnostics: [Diagnostic]
    }

    /// Loads `<root>/types/*.yaml` in name order. Paths in diagnostics are relative to `root`.
    public static func load(root: URL, directory: String = "types") -> Result {
        let folder = root.appendingPathComponent(directory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !names.isEmpty else {
            return Result(types: [], diagnostics: [Diagnostic(file: directory, line: 0, column: 0, message: "no type files (*.yaml) found")])
        }
        let options = OptionSources(root: root)
        var types: [PraticaType] = []
        var diagnostics: [Diagnostic] = []
        var firstFile: [String: String] = [:]
        for name in names {
            let relative = "\(directory)/\(name)"
            let stem = String(name.prefix { $0 != "." })
            if let first = firstFile[stem] {
                diagnostics.append(Diagnostic(file: relative, line: 0, column: 0, message: "type '\(stem)' is already declared in \(first)"))
                continue
            }
            firstFile[stem] = relative
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
            let outcome = loadFile(text: text, file: relative, stem: stem, options: options)
            if let type = outcome.type { types.append(type) }
            diagnostics += outcome.diagnostics
        }
        return Result(types: types, diagnostics: diagnostics)
    }

    /// Decodes one file's text; `type` is nil when the file has any error.
    static func loadFile(text: String?, file: String, stem: String, options: OptionSources) -> (type: PraticaType?, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink(file: file)
        let type = parse(text, sink: sink).flatMap { TypeDecoder(sink: sink, stem: stem, options: options).decode($0) }
        return (type, sink.diagnostics)
    }

    /// The YAML tree of a file's text, or nil after reporting why there is none (unreadable,
    /// empty, or a syntax error with its line and column).
    static func parse(_ text: String?, sink: DiagnosticSink) -> YAMLNode? {
        guard let text else {
            sink.error(line: 0, column: 0, "cannot read the file as UTF-8 text")
            return nil
        }
        do {
            guard let root = try YAMLParser.parse(text) else {
                sink.error(line: 0, column: 0, "the file is empty")
                return nil
            }
            return root
        } catch {
            sink.error(line: error.line, column: error.column, "YAML syntax: \(error.message)")
            return nil
        }
    }
}
