import FascicoloCore
import FascicoloLua
import Foundation

/// Hands out loaded plugins, one caller at a time per instance: a Lua state is not thread-safe,
/// so concurrent requests each take an idle instance (or load a new one) and give it back.
/// Instances are kept per account, so whatever a plugin keeps in module-level variables never
/// crosses from one office's pratiche to another's; an instance that hit a limit is discarded.
///
/// At most `busyLimit` calls of one type's plugin run at once on the engine's executor (fewer
/// than its threads):
/// one more is refused at once as busy (a 503), so that calls stuck in one type's rules until
/// their deadline can never take every thread from the other types, the pages and the saves.
final class PluginPool: @unchecked Sendable {
    private let root: URL
    private let limits: LuaLimits
    private let busyLimit: Int
    private let lock = NSLock()
    private var idle: [String: [Plugin]] = [:]
    private var busy: [String: Int] = [:]

    init(root: URL, limits: LuaLimits = LuaLimits(), busyLimit: Int = 2) {
        self.root = root
        self.limits = limits
        self.busyLimit = max(1, busyLimit)
    }

    /// Counts a call of the type's plugin, or refuses it when `busyLimit` already run.
    private func reserve(_ typeId: String) throws {
        lock.lock()
        defer { lock.unlock() }
        guard busy[typeId, default: 0] < busyLimit else { throw FascicoloError.busy(Wording.busy) }
        busy[typeId, default: 0] += 1
    }

    private func release(_ typeId: String) {
        lock.lock()
        busy[typeId, default: 1] -= 1
        lock.unlock()
    }

    private static func key(_ typeId: String, _ account: Int64) -> String { "\(typeId)#\(account)" }

    /// Whether the type's plugin defines `hook` (false when the type has no plugin). A plugin file
    /// that does not load is an error here: policy is never silently skipped.
    func defines(_ hook: Hook, for typeId: String, account: Int64) throws -> Bool {
        try with(typeId, account: account) { $0.defines(hook) } == true
    }

    /// Runs `body` with a plugin of the type for an account; nil when the type has no plugin.
    func with<T>(_ typeId: String, account: Int64, _ body: (Plugin) throws -> T) throws -> T? {
        let key = Self.key(typeId, account)
        // Only calls on the executor's threads compete for them (the command line and the
        // benchmarks call from threads of their own).
        let counted = ExecutionBudget.current != nil
        if counted { try reserve(typeId) }
        defer { if counted { release(typeId) } }
        guard let plugin = try take(typeId, key: key) else { return nil }
        do {
            let result = try body(plugin)
            give(plugin, key)
            return result
        } catch let error as LuaError {
            if case .timeout = error {} else if case .memory = error {} else { give(plugin, key) }
            throw FascicoloError.plugin(error.message)
        } catch let error as FascicoloError {
            if case .plugin(let message) = error, message.contains("limit exceeded") {} else { give(plugin, key) }
            throw error
        } catch {
            give(plugin, key)
            throw error
        }
    }

    /// An idle instance, or a newly loaded one; nil when the type has no plugin file.
    private func take(_ typeId: String, key: String) throws -> Plugin? {
        lock.lock()
        if let plugin = idle[key]?.popLast() {
            lock.unlock()
            return plugin
        }
        lock.unlock()
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("plugins/\(typeId).lua").path) else { return nil }
        do {
            return try Plugin(root: root, id: typeId, limits: limits)
        } catch {
            throw FascicoloError.plugin(error.message)
        }
    }

    private func give(_ plugin: Plugin, _ key: String) {
        lock.lock()
        idle[key, default: []].append(plugin)
        lock.unlock()
    }
}
