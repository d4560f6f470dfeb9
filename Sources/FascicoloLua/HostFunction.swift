internal import CLua
internal import CLuaShim
import FascicoloCore

/// A host function offered to a hook through `ctx` (e.g. `ctx.first_free(year)`).
/// Its body is set only for the duration of one call: a script that keeps the function and calls
/// it later gets an error, never a dangling host state.
final class HostFunction {
    let name: String
    unowned let state: LuaState
    var body: (([Value]) throws -> Value)?

    init(name: String, state: LuaState) {
        self.name = name
        self.state = state
    }

    /// Pushes a Lua function that calls this host function.
    func push() {
        fl_push_host_function(
            state.L,
            { L, context in
                let function = Unmanaged<HostFunction>.fromOpaque(context!).takeUnretainedValue()
                return function.invoke()
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Runs inside the C trampoline: returns the number of results, or -1 after pushing a message.
    private func invoke() -> Int32 {
        guard let body else { return fail("ctx.\(name) is only available during the hook call") }
        do {
            var arguments: [Value] = []
            let count = state.top
            if count > 0 {
                for index in 1...count { arguments.append(try state.value(at: index, path: "ctx.\(name) argument \(index)")) }
            }
            state.push(try body(arguments))
            return 1
        } catch let error as LuaError {
            return fail(error.message)
        } catch {
            return fail("ctx.\(name): \(error)")
        }
    }

    private func fail(_ message: String) -> Int32 {
        state.pushString(message)
        return -1
    }
}
