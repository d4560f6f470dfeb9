import FascicoloCore
import FascicoloLua
import Foundation
import Testing

/// Loads a plugin whose `fees` hook runs `body`, and calls it.
private func run(_ body: String, limits: LuaLimits = LuaLimits(memoryBytes: 8 << 20, instructions: 2_000_000)) throws -> [Value] {
    let plugin = try Plugin(source: "return { fees = function(input, ctx)\n\(body)\nend }", file: "plugins/prova.lua", limits: limits)
    return try plugin.call(.fees, [.readOnly(.record(["attivo": .integer(1)])), .value(.record([:]))])
}

/// The sandbox escape list: each attempt gets a clear error with file and line, and the state stays usable.
@Suite struct SandboxEscapeTests {
    @Test(arguments: [
        ("os.execute('true')", "undefined global 'os'"),
        ("io.open('/etc/passwd')", "undefined global 'io'"),
        ("require('os')", "undefined global 'require'"),
        ("debug.getinfo(1)", "undefined global 'debug'"),
        ("dofile('/etc/passwd')", "undefined global 'dofile'"),
        ("loadfile('/etc/passwd')", "undefined global 'loadfile'"),
        ("collectgarbage()", "undefined global 'collectgarbage'"),
        ("package.loaded.os = 1", "undefined global 'package'"),
        ("coroutine.create(print)", "undefined global 'coroutine'"),
        ("return string.dump(function() end)", "attempt to call a nil value (field 'dump')"),
        ("x = 1", "assignment to undeclared global 'x'"),
        ("_G.x = 1", "assignment to undeclared global 'x'"),
        ("string.rep = nil", "cannot modify string.rep"),
        ("math.floor = print", "cannot modify math.floor"),
        ("setmetatable(_G, nil)", "cannot change a protected metatable"),
        ("getmetatable('').__index = {}", "attempt to index a boolean value"),
        ("input.attivo = 2", "plugins/prova.lua:2: runtime error in hook 'fees': the pratica is read-only: return a patch instead"),
        ("return load(string.char(27) .. 'Lua')", ""),
        ("error({})", "error object is a table value"),
        ("error(nil)", "error object is a nil value"),
    ])
    func escapeIsRefused(code: String, expected: String) throws {
        do {
            let results = try run(code)
            // `load` of bytecode returns nil and a message instead of raising.
            #expect(code.hasPrefix("return load"), "\(code) should have failed")
            #expect(results.first == .null)
        } catch let error as LuaError {
            guard case .runtime(let message) = error else {
                Issue.record("\(code): expected a runtime error, got \(error)")
                return
            }
            #expect(message.hasPrefix("plugins/prova.lua:"), "\(message)")
            #expect(message.contains("runtime error in hook 'fees'"), "\(message)")
            #expect(message.contains(expected), "\(message)")
        }
    }

    @Test func anEndlessLoopIsStoppedAndPcallCannotSwallowIt() throws {
        #expect {
            try run("while true do end")
        } throws: { error in
            guard case .timeout(let message) = error as? LuaError else { return false }
            return message.hasPrefix("plugins/prova.lua:2: stopped in hook 'fees': instruction limit exceeded")
        }
        #expect {
            try run("while true do pcall(function() while true do end end) end")
        } throws: { error in
            if case .timeout = error as? LuaError { return true }
            return false
        }
    }

    @Test func deepRecursionIsStopped() {
        #expect {
            try run("local function f() return f() + 1 end return f()")
        } throws: { error in
            switch error as? LuaError {
            case .runtime(let message): return message.contains("stack overflow")
            case .memory: return true
            default: return false
            }
        }
    }

    @Test func aMemoryBombIsStopped() throws {
        #expect {
            try run("local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1000) .. i end")
        } throws: { error in
            if case .memory(let message) = error as? LuaError { return message.contains("plugins/prova.lua") }
            return false
        }
        #expect {
            try run("return string.rep('x', 1 << 40)")
        } throws: { error in
            if case .memory = error as? LuaError { return true }
            if case .runtime(let message) = error as? LuaError { return message.contains("too many repetitions") }
            return false
        }
    }

    @Test func aPathologicalPatternIsRefusedBeforeItRuns() throws {
        #expect {
            try run("return string.find(string.rep('a', 100000), '.-.-.-.-b')")
        } throws: { error in
            if case .runtime(let message) = error as? LuaError { return message.contains("pattern too complex") }
            return false
        }
        #expect(try run("return string.find('abc', 'b')") == [.integer(2), .integer(2)])
        #expect(try run("return ('a.b'):find('.', 1, true)") == [.integer(2), .integer(2)])
    }

    @Test func aBadSortComparatorIsAnErrorNotAHang() throws {
        #expect(throws: LuaError.self) {
            try run("local t = {} for i = 1, 200 do t[i] = i % 7 end table.sort(t, function(a, b) return true end) return t[1]")
        }
    }

    @Test func aSyntaxErrorIsACompileErrorWithTheLine() {
        #expect(throws: LuaError.compile("plugins/rotto.lua:2: unexpected symbol near ')'")) {
            try Plugin(source: "return {\n fees = function( ) ) end }", file: "plugins/rotto.lua")
        }
    }

    @Test func unknownHooksAndNonFunctionsAreLoadErrors() {
        #expect(
            throws: LuaError.contract(
                "plugins/p.lua: error: hook 'fees' must be a function\nplugins/p.lua: error: unknown hook 'tasse'; expected one of: can_transition, compute, fees, folder_name, on_create, on_transition, protocol, validate"
            )
        ) {
            try Plugin(source: "return { tasse = function() end, fees = 3 }", file: "plugins/p.lua")
        }
        #expect(throws: LuaError.contract("plugins/p.lua: error: the plugin must return a table of hooks")) {
            try Plugin(source: "return 42", file: "plugins/p.lua")
        }
    }

    @Test func theStateKeepsWorkingAfterEveryKindOfFailure() throws {
        let plugin = try Plugin(
            source: """
                return { fees = function(input, ctx)
                  if input.mode == "loop" then while true do end end
                  if input.mode == "memory" then local t = {} for i = 1, 1e9 do t[i] = {} end end
                  if input.mode == "error" then error("boom") end
                  return 1
                end }
                """, file: "plugins/p.lua", limits: LuaLimits(memoryBytes: 4 << 20, instructions: 1_000_000))
        for mode in ["loop", "memory", "error"] {
            #expect(throws: LuaError.self) { try plugin.call(.fees, [.value(.record(["mode": .text(mode)]))]) }
            #expect(try plugin.call(.fees, [.value(.record(["mode": .text("ok")]))]) == [.integer(1)])
        }
    }
}
