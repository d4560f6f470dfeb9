import FascicoloCore
import FascicoloSchema
import Foundation

/// A Fascicolo project folder: `types/`, `plugins/`, `scripts/` and `data/` (reference data).
public struct Project: Sendable {
    public let root: URL
    public let types: [PraticaType]
    /// The kinds of project a pratica may contain (`types/progetti/*.yaml`).
    public let projectKinds: [ProjectKind]
    /// The roles users may have (`roles.yaml`, or the three built-in ones).
    public let roles: RoleSet
    /// Every diagnostic of the last load (warnings included).
    public let diagnostics: [Diagnostic]
    public let reference: ReferenceData

    /// Loads the project at `root`: every type, and every plugin once to check it. Types with
    /// errors are left out; every problem is in `diagnostics`.
    public static func load(root: URL) -> Project {
        let loaded = TypeLoader.load(root: root)
        let typeIds = Set(loaded.types.map(\.id))
        let plugins = PluginCheck.diagnostics(root: root, types: loaded.types)
        let kinds = ProjectKindLoader.load(root: root, typeIds: typeIds)
        let roles = RoleLoader.load(root: root)
        return Project(
            root: root, types: loaded.types, projectKinds: kinds.kinds, roles: roles.roles,
            diagnostics: loaded.diagnostics + plugins + kinds.diagnostics + roles.diagnostics, reference: ReferenceData(root: root))
    }

    /// Loads the project and fails with every diagnostic when any file has an error.
    public static func loadStrict(root: URL) throws(ProjectError) -> Project {
        let project = load(root: root)
        guard !project.diagnostics.hasErrors else { throw ProjectError(diagnostics: project.diagnostics) }
        return project
    }

    public func type(_ id: String) -> PraticaType? { types.first { $0.id == id } }

    /// The project kind with this id.
    public func projectKind(_ id: String) -> ProjectKind? { projectKinds.first { $0.id == id } }

    /// Where a project is: `$FASCICOLO_HOME`, else the current directory.
    public static func defaultRoot() -> URL {
        if let home = ProcessInfo.processInfo.environment["FASCICOLO_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
}

/// The project has errors; `diagnostics` lists them all.
public struct ProjectError: Error, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
