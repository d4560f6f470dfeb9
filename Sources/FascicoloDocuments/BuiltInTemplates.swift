import FascicoloCore
import FascicoloEngine
import FascicoloSchema
import Foundation

/// The templates shipped in `templates/` (declared in `templates/modelli.yaml`), each compiled
/// and checked against the vocabulary of the types it is for.
public enum BuiltInTemplates {
    struct Loaded {
        let entry: TemplateManifestEntry
        let template: DocxTemplate
        let data: Data

        var key: String { String(entry.file.dropLast(5)) }
    }

    /// The templates that load cleanly, and a diagnostic for every problem of the others.
    static func load(project: Project) -> ([Loaded], [Diagnostic]) {
        let manifest = TemplateManifestLoader.load(root: project.root, typeIds: Set(project.types.map(\.id)))
        var diagnostics = manifest.diagnostics
        var loaded: [Loaded] = []
        for entry in manifest.entries {
            let path = "templates/\(entry.file)"
            func report(_ message: String) { diagnostics.append(Diagnostic(file: path, line: 0, column: 0, message: message)) }
            guard let data = FileManager.default.contents(atPath: project.root.appendingPathComponent(path).path) else {
                report("cannot read the file")
                continue
            }
            do throws(TemplateError) {
                let template = try DocxTemplate(data: data)
                let problems = entry.types.compactMap(project.type).flatMap {
                    template.check(against: DocumentVocabulary.shape(for: $0, project: project))
                }
                guard problems.isEmpty else {
                    for element in problems { report(element.description) }
                    continue
                }
                loaded.append(Loaded(entry: entry, template: template, data: data))
            } catch {
                report(error.description)
            }
        }
        return (loaded, diagnostics)
    }

    /// The problems of the built-in templates (for `fascicolo check`), and how many load.
    public static func check(project: Project) -> (count: Int, diagnostics: [Diagnostic]) {
        let (loaded, diagnostics) = load(project: project)
        return (loaded.count, diagnostics)
    }
}
