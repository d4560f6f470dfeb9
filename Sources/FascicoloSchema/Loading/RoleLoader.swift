import FascicoloCore
import Foundation

/// Loads `roles.yaml` (optional) from the project root:
///
/// ```yaml
/// roles:
///   - id: segreteria
///     label: "Segreteria"
///     permissions: [modifica]
/// ```
///
/// Without the file the built-in roles apply. A file with errors is reported and the built-in
/// roles apply, so that nobody gains a permission by a typo.
public enum RoleLoader {
    public struct Result: Sendable {
        public let roles: RoleSet
        public let diagnostics: [Diagnostic]
    }

    public static let file = "roles.yaml"

    public static func load(root: URL) -> Result {
        let url = root.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return Result(roles: .builtIn, diagnostics: []) }
        return load(text: try? String(contentsOf: url, encoding: .utf8))
    }

    /// The roles of a `roles.yaml` text (nil: unreadable), or the built-in roles and diagnostics.
    public static func load(text: String?) -> Result {
        let sink = DiagnosticSink(file: file)
        let roles = TypeLoader.parse(text, sink: sink).flatMap { decode($0, sink: sink) }
        return Result(roles: roles.map(RoleSet.init) ?? .builtIn, diagnostics: sink.diagnostics)
    }

    private static func decode(_ root: YAMLNode, sink: DiagnosticSink) -> [Role]? {
        guard let top = MappingReader(root, what: "the roles file", allowed: ["roles"], sink: sink),
            let nodes = top.list("roles", required: true)
        else { return nil }
        var seen = NameRegistry(sink: sink, what: "role")
        var roles: [Role] = []
        for node in nodes {
            guard let reader = MappingReader(node, what: "a role", allowed: ["id", "label", "permissions"], sink: sink),
                let id = reader.string("id", required: true), seen.claim(id, at: reader.value("id")!)
            else { continue }
            var permissions: Set<Permission> = []
            for item in reader.list("permissions", allowScalar: true) ?? [] {
                guard let name = item.scalar, let permission = Permission(rawValue: name) else {
                    sink.error(item, "unknown permission (known: \(Permission.allCases.map(\.rawValue).joined(separator: ", ")))")
                    continue
                }
                permissions.insert(permission)
            }
            roles.append(Role(id: id, label: reader.string("label") ?? Naming.label(from: id), permissions: permissions))
        }
        if roles.isEmpty, let node = top.value("roles") { sink.error(node, "declare at least one role") }
        if !roles.isEmpty && !roles.contains(where: { $0.may(.utenti) }), let node = top.value("roles") {
            sink.error(node, "at least one role needs the 'utenti' permission, or nobody could manage users")
        }
        return sink.hasErrors ? nil : roles
    }
}
