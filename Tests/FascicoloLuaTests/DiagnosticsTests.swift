import FascicoloCore
import FascicoloLua
import Foundation
import Testing

/// What plugin authors read when something goes wrong: the failing line, then where it was called
/// from; and time limits that hold whatever the thread's budget says.
@Suite struct DiagnosticsTests {
    @Test func aRuntimeErrorNamesTheCallingLines() throws {
        let plugin = try Plugin(
            source: """
                local function inner(x)
                  error("rotto")
                end
                local function outer(x)
                  return inner(x) + 1
                end
                return { fees = function(input, ctx)
                  local result = outer(1)
                  return result
                end }
                """, file: "plugins/t.lua")
        #expect(throws: LuaError.runtime("plugins/t.lua:2: runtime error in hook 'fees': rotto (called from plugins/t.lua:5, plugins/t.lua:8)")) {
            try plugin.call(.fees, [])
        }
    }

    @Test func anErrorAtTheHookItselfHasNoTraceback() throws {
        let plugin = try Plugin(source: "return { fees = function() error('qui') end }", file: "plugins/t.lua")
        #expect(throws: LuaError.runtime("plugins/t.lua:1: runtime error in hook 'fees': qui")) { try plugin.call(.fees, []) }
    }

    @Test func printGoesToTheLogAndNeverFails() throws {
        let plugin = try Plugin(
            source: "return { fees = function() for i = 1, 10000 do print('riga', i, dec('1.5')) end return 1 end }",
            file: "plugins/t.lua")
        #expect(try plugin.call(.fees, []) == [.integer(1)])
    }

    @Test func theThreadsBudgetShortensTheHooksDeadline() throws {
        let plugin = try Plugin(
            source: "return { fees = function() while true do end end }", file: "plugins/t.lua",
            limits: LuaLimits(instructions: .max, milliseconds: 60_000))
        let started = ContinuousClock.now
        let budget = ExecutionBudget(.milliseconds(200))
        #expect(throws: LuaError.self) { try budget.run { try plugin.call(.fees, []) } }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func cancellingTheBudgetStopsARunningHook() throws {
        let plugin = try Plugin(
            source: "return { fees = function() while true do end end }", file: "plugins/t.lua",
            limits: LuaLimits(instructions: .max, milliseconds: 60_000))
        let budget = ExecutionBudget(.seconds(60))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { budget.cancel() }
        #expect { try budget.run { try plugin.call(.fees, []) } } throws: { error in
            if case .timeout(let message) = error as? LuaError { return message.contains("time limit exceeded") }
            return false
        }
    }
}
