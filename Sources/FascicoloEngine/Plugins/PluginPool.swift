import Foundation
import FascicoloCore
import FascicoloLua

/// Hands out loaded plugins, one caller at a time per instance: a Lua state is not thread-safe,
/// so concurrent requests each take an idle instance (or load a new one) and give it back.
final class PluginPool: @unchecked Sendable {
    private let root: URL
    private let limits: LuaLimits
    private let lock = NSLock()
    private var idle: [String: [Plugin]] = [:]

    init(root: URL, limits: LuaLimits = LuaLimits()) {
        self.root = root
        self.limits = limits
    }

    /// Whether the type has a plugin file (checked on disk until an instance is loaded).
    func hasPlugin(for typeId: String) -> Bool {
        lock.lock()
        let loaded = idle[typeId] != nil
        lock.unlock()
        return loaded || FileManager.default.fileExists(atPath: root.appendingPathComponent("plugins/\(typeId).lua").path)
    }

    /// Whether the type's plugin defines `hook` (false when the type has no plugin). A plugin file
    /// that does not load is an error here: policy is never silently skipped.
    func defines(_ hook: String, for typeId: String) throws -> Bool {
        try with(typeId) { $0.hooks.contains(hook) } == true
    }

    /// Runs `body` with a plugin of the type; nil when the type has no plugin.
    func with<T>(_ typeId: String, _ body: (Plugin) throws -> T) throws -> T? {
        guard hasPlugin(for: typeId) else { return nil }
        let plugin = try take(typeId)
        defer { give(plugin, typeId) }
        do {
            return try body(plugin)
        } catch let error as LuaError {
            throw FascicoloError.plugin(error.message)
        }
    }

    private func take(_ typeId: String) throws -> Plugin {
        lock.lock()
        if let plugin = idle[typeId]?.popLast() {
            lock.unlock()
            return plugin
        }
        lock.unlock()
        do {
            return try Plugin(root: root, id: typeId, limits: limits)
        } catch {
            throw FascicoloError.plugin(error.message)
        }
    }

    private func give(_ plugin: Plugin, _ typeId: String) {
        lock.lock()
        idle[typeId, default: []].append(plugin)
        lock.unlock()
    }
}
