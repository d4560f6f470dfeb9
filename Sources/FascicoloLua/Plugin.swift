import FascicoloCore
import Foundation

/// A type's plugin `plugins/<id>.lua`: a sandboxed Lua module whose functions are `Hook`s.
/// Not thread-safe: use one per thread or hand them out from a pool.
public final class Plugin {
    private let module: LuaModule
    /// The hooks this plugin defines.
    public let hooks: Set<Hook>

    /// Compiles and runs the plugin's source; an unknown hook or a non-function is a load error.
    public init(source: String, file: String, limits: LuaLimits = LuaLimits()) throws(LuaError) {
        module = try LuaModule(source: source, file: file, limits: limits, vocabulary: Hook.names)
        hooks = Set(module.functions.compactMap(Hook.init(rawValue:)))
    }

    /// Loads `plugins/<id>.lua` under `root`.
    public convenience init(root: URL, id: String, limits: LuaLimits = LuaLimits()) throws(LuaError) {
        let file = "plugins/\(id).lua"
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else {
            throw .contract("\(file): error: cannot read the file")
        }
        try self.init(source: String(decoding: data, as: UTF8.self), file: file, limits: limits)
    }

    /// `plugins/<id>.lua`, as errors name it.
    public var file: String { module.file }

    /// Whether the plugin defines `hook`.
    public func defines(_ hook: Hook) -> Bool { hooks.contains(hook) }

    /// Calls `hook` with `arguments` and returns its results (nil results included, as `.null`);
    /// no results when the plugin does not define it.
    public func call(_ hook: Hook, _ arguments: [HookArgument]) throws(LuaError) -> [Value] {
        try module.call(hook.rawValue, arguments)
    }
}
