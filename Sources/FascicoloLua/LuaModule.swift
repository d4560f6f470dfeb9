internal import CLua
internal import CLuaShim
import FascicoloCore
import Foundation

/// A Lua file loaded into its own sandboxed state that returns a table of named functions (and,
/// for report scripts, plain values): the shape shared by plugins and report scripts.
///
/// Each key of the returned table must be a function named in the module's vocabulary, or a plain
/// value under one of its data keys; anything else is a load error. A module is not thread-safe:
/// use one per thread or hand them out from a pool.
public final class LuaModule {
    /// `plugins/<id>.lua` or `scripts/<name>.lua`, as errors name it.
    public let file: String
    /// The functions this file defines.
    public let functions: Set<String>
    /// The plain values the file declares under its `dataKeys` (a report's title and parameters).
    public let data: [String: Value]

    private let state: LuaState
    /// Kept alive for the state's `print`.
    private let printer: LuaPrinter
    private let hookReferences: [String: Int32]
    private var hostFunctions: [String: HostFunction] = [:]
    /// One reusable lazy view per argument position.
    private var lazyRecords: [LazyRecord] = []

    /// Compiles and runs the file, then checks the table it returns: each key must be a function
    /// named in `vocabulary`, or a plain value under one of `dataKeys`.
    public init(source: String, file: String, limits: LuaLimits, vocabulary: Set<String>, dataKeys: Set<String> = []) throws(LuaError) {
        let state = LuaState(limits: limits)
        LuaDecimal.register(in: state)
        let printer = LuaPrinter(file: file)
        printer.register(in: state)
        let environment = try Self.bootstrap(state)
        try Self.newEnvironment(state, builder: environment)
        try state.load(source, file: file)
        do {
            try state.protectedCall(arguments: 0, results: 1)
        } catch {
            throw Self.located(error, file: file, context: "while loading")
        }
        guard lua_type(state.L, -1) == LUA_TTABLE else {
            state.pop(1)
            throw .contract("\(file): error: the plugin must return a table of hooks")
        }
        let (found, data, problems) = Self.collectHooks(state, file: file, vocabulary: vocabulary, dataKeys: dataKeys)
        guard problems.isEmpty else { throw .contract(problems.sorted().joined(separator: "\n")) }
        self.file = file
        self.state = state
        self.hookReferences = found
        self.functions = Set(found.keys)
        self.data = data
        self.printer = printer
    }

    /// Reads the returned table (popped): a registry reference per valid hook, and the problems.
    private static func collectHooks(
        _ state: LuaState, file: String, vocabulary: Set<String>,
        dataKeys: Set<String>
    ) -> ([String: Int32], [String: Value], [String]) {
        var found: [String: Int32] = [:]
        var data: [String: Value] = [:]
        var problems: [String] = []
        let noun = dataKeys.isEmpty ? "hook" : "key"
        let L = state.L
        state.hostSide {
            lua_pushnil(L)
            while lua_next(L, -2) != 0 {
                guard let name = state.string(at: -2) else {
                    problems.append("\(file): error: hook names must be strings")
                    state.pop(1)
                    continue
                }
                if dataKeys.contains(name) {
                    do {
                        data[name] = try state.value(at: -1, path: name)
                    } catch {
                        problems.append("\(file): error: '\(name)': \((error as? LuaError)?.message ?? "not a plain value")")
                    }
                    state.pop(1)
                } else if !vocabulary.contains(name) {
                    problems.append(
                        "\(file): error: unknown \(noun) '\(name)'; expected one of: \(vocabulary.union(dataKeys).sorted().joined(separator: ", "))")
                    state.pop(1)
                } else if lua_type(L, -1) != LUA_TFUNCTION {
                    problems.append("\(file): error: hook '\(name)' must be a function")
                    state.pop(1)
                } else {
                    found[name] = luaL_ref(L, fl_registryindex())
                }
            }
            state.pop(1)
        }
        return (found, data, problems)
    }

    /// Calls the function `hook` with `arguments` and returns its results (nil results included,
    /// as `.null`); no results when the file does not define it.
    public func call(_ hook: String, _ arguments: [HookArgument]) throws(LuaError) -> [Value] {
        guard let reference = hookReferences[hook] else { return [] }
        let L = state.L
        let base = state.top
        var lent: [HostFunction] = []
        var viewed: [LazyRecord] = []
        defer {
            for function in lent { function.body = nil }
            for record in viewed { record.fields = nil }
        }
        state.hostSide {
            _ = lua_rawgeti(L, fl_registryindex(), lua_Integer(reference))
            for argument in arguments {
                switch argument {
                case .value(let value):
                    state.push(value)
                case .readOnly(.record(let fields)):
                    while lazyRecords.count <= viewed.count { lazyRecords.append(LazyRecord(state: state)) }
                    let record = lazyRecords[viewed.count]
                    record.fields = fields
                    viewed.append(record)
                    record.pushProxy()
                case .readOnly(let value):
                    state.push(value)
                    freezeTop()
                case .context(let value, let functions):
                    state.push(value)
                    for (name, body) in functions {
                        let function = hostFunction(name)
                        function.body = body
                        lent.append(function)
                        function.push()
                        lua_setfield(L, -2, name)
                    }
                    freezeTop()
                }
            }
        }
        do {
            try state.protectedCall(arguments: arguments.count)
        } catch {
            throw Self.located(error, file: file, context: "in hook '\(hook)'")
        }
        defer { lua_settop(L, base) }
        var results: [Value] = []
        do {
            for index in (base + 1)...max(base + 1, state.top) where index <= state.top {
                results.append(try state.value(at: index, path: "\(hook)()[\(index - base)]"))
            }
        } catch {
            throw Self.located(error, file: file, context: "in hook '\(hook)'")
        }
        return results
    }

    /// Replaces the table on top of the stack with its read-only view (host side, in C: it only
    /// builds tables, with the memory cap suspended, so it cannot raise).
    private func freezeTop() {
        guard lua_type(state.L, -1) == LUA_TTABLE else { return }
        fl_freeze(state.L, "the pratica is read-only: return a patch instead")
    }

    private func hostFunction(_ name: String) -> HostFunction {
        if let existing = hostFunctions[name] { return existing }
        let created = HostFunction(name: name, state: state)
        hostFunctions[name] = created
        return created
    }

    /// Runs the bootstrap chunk; returns the registry reference of the environment builder.
    private static func bootstrap(_ state: LuaState) throws(LuaError) -> Int32 {
        let L = state.L
        fl_pushglobaltable(L)
        try state.load(Bootstrap.source, file: "(sandbox)")
        state.hostSide {
            lua_createtable(L, 0, 4)
            for library in ["string", "table", "math", "utf8"] {
                lua_pushboolean(L, 1)
                lua_setfield(L, -2, library)
            }
        }
        try state.protectedCall(arguments: 1, results: 1)
        return state.hostSide { luaL_ref(L, fl_registryindex()) }
    }

    /// Pushes a fresh environment and installs the sandboxed `load`, whose chunks get their own.
    private static func newEnvironment(_ state: LuaState, builder: Int32) throws(LuaError) {
        let L = state.L
        state.hostSide {
            _ = lua_rawgeti(L, fl_registryindex(), lua_Integer(builder))
            fl_install_load(L)
            _ = lua_rawgeti(L, fl_registryindex(), lua_Integer(builder))
        }
        try state.protectedCall(arguments: 0, results: 1)
    }

    /// Puts "what was running" after the `file:line:` that Lua's message starts with.
    private static func located(_ error: LuaError, file: String, context: String) -> LuaError {
        func place(_ message: String, _ kind: String) -> String {
            if message.hasPrefix(file + ":"), let colon = message.dropFirst(file.count + 1).firstIndex(of: ":") {
                let location = message[..<colon]
                let rest = message[message.index(after: colon)...].trimmingWhitespace()
                return "\(location): \(kind) \(context): \(rest)"
            }
            return "\(file): \(kind) \(context): \(message)"
        }
        switch error {
        case .compile(let message): return .compile(message)
        case .runtime(let message): return .runtime(place(message, "runtime error"))
        case .timeout(let message): return .timeout(place(message, "stopped"))
        case .memory(let message): return .memory(place(message, "stopped"))
        case .conversion(let message): return .conversion("\(file): bad result \(context): \(message)")
        case .contract: return error
        }
    }
}
