import FascicoloCore
import FascicoloLua
import FascicoloSchema
import Foundation

/// Loads every `plugins/*.lua` once to report its problems as diagnostics (`fascicolo check`).
enum PluginCheck {
    /// Also reports a type with `computed` fields whose plugin has no `compute` hook to fill them.
    static func diagnostics(root: URL, types: [PraticaType]) -> [Diagnostic] {
        let typeIds = Set(types.map(\.id))
        let computing = Set(types.filter { $0.fields.contains(where: \.computed) }.map(\.id))
        let folder = root.appendingPathComponent("plugins")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
        var diagnostics: [Diagnostic] = []
        for name in names {
            let id = String(name.dropLast(4))
            let file = "plugins/\(name)"
            guard typeIds.contains(id) else {
                diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "no type 'types/\(id).yaml' for this plugin"))
                continue
            }
            do {
                let plugin = try Plugin(root: root, id: id)
                if computing.contains(id), !plugin.defines(.compute) {
                    diagnostics.append(
                        Diagnostic(
                            file: file, line: 0, column: 0, message: "types/\(id).yaml has computed fields but this plugin has no 'compute' hook"))
                }
            } catch {
                diagnostics += error.message.split(separator: "\n").map { parse(String($0), file: file) }
            }
        }
        for id in computing.subtracting(names.map { String($0.dropLast(4)) }).sorted() {
            diagnostics.append(
                Diagnostic(
                    file: "types/\(id).yaml", line: 0, column: 0, message: "computed fields need a plugin 'plugins/\(id).lua' with a 'compute' hook"))
        }
        return diagnostics
    }

    /// `plugins/x.lua:12: message` or `plugins/x.lua: error: message` as a diagnostic.
    static func parse(_ line: String, file: String) -> Diagnostic {
        guard line.hasPrefix(file + ":") else { return Diagnostic(file: file, line: 0, column: 0, message: line) }
        let rest = line.dropFirst(file.count + 1)
        if let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) {
            return Diagnostic(file: file, line: number, column: 0, message: rest[rest.index(after: colon)...].trimmingWhitespace())
        }
        var message = rest.trimmingWhitespace()
        if message.hasPrefix("error: ") { message.removeFirst("error: ".count) }
        return Diagnostic(file: file, line: 0, column: 0, message: message)
    }
}
