import FascicoloCore
import FascicoloLua
import Foundation
import Testing

private func run(_ body: String, _ arguments: [HookArgument] = []) throws -> [Value] {
    let plugin = try Plugin(
        source: "return { fees = function(p, ctx)\n\(body)\nend }", file: "plugins/h.lua",
        limits: LuaLimits(memoryBytes: 8 << 20, instructions: 2_000_000))
    return try plugin.call(.fees, arguments)
}

private func fails(_ body: String, _ arguments: [HookArgument] = [], where check: (LuaError) -> Bool = { _ in true }) -> Bool {
    do {
        _ = try run(body, arguments)
        return false
    } catch let error as LuaError {
        return check(error)
    } catch {
        return false
    }
}

/// Attacks found by review: C loops the count hook cannot see, handlers run without it,
/// finalizers, exposed backing tables, and overflow in `dec`.
@Suite struct SandboxHardeningTests {
    @Test func aLoopingXpcallHandlerCannotHangTheHost() {
        #expect(
            fails("return xpcall(function() while true do end end, function() while true do end end)") {
                if case .timeout = $0 { return true } else { return false }
            })
    }

    @Test func finalizersAreRefused() {
        #expect(fails("setmetatable({}, {__gc = function() while true do end end})") { $0.message.contains("__gc metamethods are not allowed") })
    }

    @Test(arguments: [
        "return string.rep('', math.maxinteger)",
        "return table.move({}, 1, math.maxinteger // 2, 1)",
        "return table.unpack({}, 1, 1e8)",
        "local t = setmetatable({}, {__len = function() return 1 << 30 end}) table.sort(t) return 1",
        "return string.find(string.rep('a', 40), string.rep('a?', 40) .. string.rep('a', 40))",
        "return string.find(string.rep('a', 1000000), 'a*b')",
        "return string.find(string.rep('a', 4000000), string.rep('a', 2000000) .. 'b', 1, true)",
    ])
    func cLoopsAreBoundedBeforeTheyRun(code: String) {
        #expect(fails(code) { if case .runtime = $0 { return true } else { return false } })
    }

    @Test func librariesDoNotLeakThroughPairs() throws {
        #expect(fails("local _, s = pairs(string) s.find = nil return 1"))
        #expect(try run("local n = 0 for k in pairs(string) do n = n + 1 end return n > 10") == [.bool(true)])
    }

    @Test func theLazyPraticaIteratesAndCannotBeWrittenThroughPairs() throws {
        let pratica = HookArgument.readOnly(.record(["a": .integer(1), "b": .list([.integer(2)])]))
        #expect(try run("local n = 0 for k, v in pairs(p) do n = n + 1 end return n", [pratica]) == [.integer(2)])
        #expect(try run("local f, s = pairs(p) return s == nil", [pratica]) == [.bool(true)])
        #expect(
            fails("for k, v in pairs(p) do if type(v) == 'table' then v[1] = 9 end end", [pratica]) {
                $0.message.contains("read-only")
            })
    }

    @Test func deeplyNestedResultsAreRefusedNotCrashing() {
        #expect(
            fails("local t = {} local c = t for i = 1, 40 do c[1] = {} c = c[1] end return t") {
                if case .conversion = $0 { return true } else { return false }
            })
    }

    @Test func negatingTheSmallestDecIsAnError() {
        #expect(fails("local x = dec(math.mininteger) * math.mininteger * -2 return -x"))
    }

    @Test func decsOfDivisionsMultiplyAndDivide() throws {
        #expect(try run("return (dec(1) / 3) * (dec(2) / 3) > dec('0.2222')") == [.bool(true)])
        #expect(try run("return (dec(1) / (dec(1) / 3)):round(6)") == [.decimal(ExactDecimal(parsing: "3")!)])
        #expect(try run("return dec('170141183460469.3') > dec('170141183460469.2000000000000000000001')") == [.bool(true)])
    }

    @Test func hostErrorsNameTheLine() {
        #expect(fails("local x = 1\nreturn dec(1) + 0.5") { $0.message.hasPrefix("plugins/h.lua:3: runtime error in hook 'fees':") })
    }

    @Test func loadedChunksCannotPretendToBeAnotherFile() {
        #expect(fails("local f = load('error(\"x\")', '@plugins/altro.lua') f()") { !$0.message.contains("altro.lua") })
    }
}
